"""Checkpoints as a user meets them: a shift log with its seizures and weapons written on the form, the refusals
(not a checkpoint, a serial number twice), the incidents at the checkpoint during a shift (checked against a
distance computed here, independently), the checkpoint's card on its site page with the last 30 days' totals
counted by hand, and the serial number search (which never finds a shift the user may not see)."""

import datetime as dt
import math

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peaceops.operations.models import CheckpointShift
from peaceops.operations.services import CheckpointShiftService
from peaceops.sites.services import SiteService
from peaceops.testing.world import build_kit_world
from tests.factories import incident_record

JARINJE = (20.77, 43.14)
EARTH_M = 6_371_000


def destination(lon, lat, metres, bearing_deg):
    """The point `metres` from (lon, lat) along `bearing_deg` on a sphere (the great-circle destination formula)."""
    d, b = metres / EARTH_M, math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(l2), math.degrees(p2)


def haversine_m(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(a))


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    world = build_kit_world("CPT")
    admin = world.users["mission_admin"]
    world.sites = {
        name: SiteService().create(acting_user=admin, mission=world.mission, owner=world.owner, data={
            "name": name, "site_type": kind, "lon": JARINJE[0] + dx, "lat": JARINJE[1], "classification": "PUBLIC",
            **extra})
        for name, kind, dx, extra in (("Jarinje", "checkpoint", 0, {}),
                                      ("Rudnica VCP", "temporary_checkpoint", 0.1,
                                       {"opened_on": "2026-03-01", "closed_on": "2026-03-20"}),
                                      ("Team site Zubin Potok", "team_site", 0.2, {}))}
    return world


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def shift_form(site, **extra):
    return {"site": str(site.pk), "started_at": "2026-03-01 06:00", "ended_at": "2026-03-01 14:00",
            "vehicles_checked": "140", "persons_checked": "320", "notes": "", "classification": "PUBLIC",
            **management("seizures", 2), **management("weapons", 2), **extra}


def make_shift(world, site, *, started_at, hours=8, classification="PUBLIC", weapons=(), **data):
    return CheckpointShiftService().create(
        acting_user=world.users["mission_admin"], mission=world.mission, owner=world.owner,
        data={"site": site.pk, "started_at": started_at, "ended_at": started_at + dt.timedelta(hours=hours),
              "classification": classification,
              "weapons": [{"serial_number": s, "weapon_type": "pistol"} for s in weapons], **data})


def test_the_shift_form_with_two_weapons_and_a_seizure_creates_them(world):
    client = client_of(world.users["reporter"])
    page = client.get(reverse("checkpoint_shifts:create")).content.decode()
    assert 'name="weapons-TOTAL_FORMS"' in page and 'name="seizures-0-item"' in page
    assert "Jarinje" in page and "Rudnica VCP" in page  # the mission's sites offered as the checkpoint
    answer = client.post(reverse("checkpoint_shifts:create"), shift_form(
        world.sites["Jarinje"],
        **{"seizures-0-item": "ammunition (rounds)", "seizures-0-quantity": "200",
           "weapons-0-serial_number": "AK-12345", "weapons-0-weapon_type": "assault rifle",
           "weapons-0-calibre": "7.62", "weapons-1-serial_number": "CZ-998", "weapons-1-weapon_type": "pistol"}))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    shift = CheckpointShift.objects.get(mission=world.mission)
    assert sorted(shift.weapons.values_list("serial_number", "weapon_type", "calibre")) == [
        ("AK-12345", "assault rifle", "7.62"), ("CZ-998", "pistol", "")]
    assert list(shift.seizures.values_list("item", "quantity")) == [("ammunition (rounds)", 200)]

    detail = client.get(answer.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="table-weapons"' in detail and "AK-12345" in detail and "CZ-998" in detail
    assert "Serial number" in detail and "ammunition (rounds)" in detail
    assert reverse("sites:detail", args=[world.sites["Jarinje"].pk]) in detail  # the checkpoint, linked
    assert "8 h 0 min" in detail

    # The edit form shows the rows; removing one weapon removes it, the others stay.
    edit = client.get(reverse("checkpoint_shifts:edit", args=[shift.pk])).content.decode()
    assert 'value="AK-12345"' in edit and 'value="CZ-998"' in edit
    form = shift_form(world.sites["Jarinje"], **management("seizures", 3, 1), **management("weapons", 4, 2),
                      **{"seizures-0-item": "ammunition (rounds)", "seizures-0-quantity": "200",
                         "weapons-0-serial_number": "AK-12345", "weapons-0-weapon_type": "assault rifle",
                         "weapons-0-calibre": "7.62", "weapons-1-serial_number": "CZ-998",
                         "weapons-1-weapon_type": "pistol", "weapons-1-DELETE": "on",
                         "weapons-2-serial_number": "M70-0042", "weapons-2-weapon_type": "assault rifle"})
    assert client.post(reverse("checkpoint_shifts:edit", args=[shift.pk]), form).status_code == 302
    assert sorted(shift.weapons.values_list("serial_number", flat=True)) == ["AK-12345", "M70-0042"]


def test_a_serial_number_twice_in_one_shift_shows_the_error_on_that_row(world):
    client = client_of(world.users["reporter"])
    answer = client.post(reverse("checkpoint_shifts:create"), shift_form(
        world.sites["Jarinje"], **{"weapons-0-serial_number": "AK-1", "weapons-0-weapon_type": "rifle",
                                   "weapons-1-serial_number": "AK-1", "weapons-1-weapon_type": "pistol"}),
        HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 422

    def cell(name):
        at = page.index(f'id="field-{name}"')
        start = page.rindex("<td", 0, at)
        return page[start:page.index("</td>", at)]

    assert "has-error" in cell("weapons-1-serial_number") and "repeats another row" in cell("weapons-1-serial_number")
    assert "has-error" not in cell("weapons-0-serial_number")
    assert not CheckpointShift.objects.filter(mission=world.mission).exists()


def test_a_shift_at_a_site_that_is_not_a_checkpoint_is_refused_naming_the_site(world):
    client = client_of(world.users["reporter"])
    answer = client.post(reverse("checkpoint_shifts:create"), shift_form(world.sites["Team site Zubin Potok"]))
    assert answer.status_code == 422 and 'id="field-site"' in answer.content.decode()
    api = client.post("/api/v1/checkpoint-shifts", {
        "mission": world.mission.code, "site": str(world.sites["Team site Zubin Potok"].pk),
        "started_at": "2026-03-01T06:00:00Z"}, content_type="application/json")
    assert api.status_code == 422 and api.json()["field"] == "site"
    assert not CheckpointShift.objects.filter(mission=world.mission).exists()


def test_a_temporary_checkpoint_takes_shifts_while_it_is_open(world):
    client = client_of(world.users["reporter"])
    site = world.sites["Rudnica VCP"]
    opened = client.post(reverse("checkpoint_shifts:create"), shift_form(site, started_at="2026-03-05 06:00",
                                                                          ended_at="2026-03-05 14:00"))
    assert opened.status_code == 302
    after = client.post("/api/v1/checkpoint-shifts", {
        "mission": world.mission.code, "site": str(site.pk), "started_at": "2026-03-25T06:00:00Z"},
        content_type="application/json")
    assert after.status_code == 422 and after.json()["field"] == "started_at"


def test_incidents_within_500_m_during_the_shift_are_listed_and_not_one_at_600_m(world):
    site, admin = world.sites["Jarinje"], world.users["mission_admin"]
    start = dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC)
    shift = make_shift(world, site, started_at=start)
    during = start + dt.timedelta(hours=3)
    placed = {"north 450 m": (450, 0, during, "PUBLIC"), "east 300 m": (300, 90, during, "PUBLIC"),
              "south-west 495 m": (495, 225, during, "PUBLIC"), "north 600 m": (600, 0, during, "PUBLIC"),
              "north 100 m the day before": (100, 0, start - dt.timedelta(days=1), "PUBLIC"),
              "east 200 m confidential": (200, 90, during, "CONFIDENTIAL")}
    for title, (metres, bearing, when, classification) in placed.items():
        lon, lat = destination(*JARINJE, metres, bearing)
        assert abs(haversine_m(*JARINJE, lon, lat) - metres) < 0.5
        incident_record(acting_user=admin, mission=world.mission, owner=world.owner,
                        data={"title": title, "lon": lon, "lat": lat, "occurred_start": when,
                              "classification": classification})
    reader = world.users["unrelated"]  # sees public records of the mission, not the owner's confidential ones
    page = client_of(reader).get(reverse("checkpoint_shifts:detail", args=[shift.pk])).content.decode()
    listed = page[page.index('id="shift-incidents"'):]
    for title in ("north 450 m", "east 300 m", "south-west 495 m"):
        assert title in listed
    for title in ("north 600 m", "the day before", "confidential"):
        assert title not in listed


def test_the_checkpoint_page_totals_the_last_30_days_of_shifts_the_user_may_see(world):
    site, other = world.sites["Jarinje"], world.sites["Rudnica VCP"]
    now = timezone.now()
    make_shift(world, site, started_at=now - dt.timedelta(days=2), vehicles_checked=100, persons_checked=250,
               weapons=("AK-1", "AK-2"))
    make_shift(world, site, started_at=now - dt.timedelta(days=29), vehicles_checked=40, persons_checked=60,
               weapons=("CZ-7",))
    make_shift(world, site, started_at=now - dt.timedelta(days=31), vehicles_checked=999, persons_checked=999,
               weapons=("OLD-1",))  # too old
    make_shift(world, site, started_at=now - dt.timedelta(days=1), vehicles_checked=500, persons_checked=500,
               weapons=("SECRET-1",), classification="CONFIDENTIAL")  # not seen by the reader below
    other.opened_on = other.closed_on = None
    other.save(update_fields=["opened_on", "closed_on"])
    make_shift(world, other, started_at=now - dt.timedelta(days=3), vehicles_checked=7, persons_checked=7,
               weapons=("ELSEWHERE-1",))  # another checkpoint
    page = client_of(world.users["unrelated"]).get(reverse("sites:detail", args=[site.pk])).content.decode()
    assert 'id="checkpoint-shifts"' in page

    def figure(key):
        start = page.index(f'id="totals-{key}">') + len(f'id="totals-{key}">')
        return int(page[start:page.index("<", start)])

    assert (figure("shifts"), figure("vehicles"), figure("persons"), figure("weapons")) == (2, 140, 310, 3)
    team_site = client_of(world.users["unrelated"]).get(reverse("sites:detail",
                                                                args=[world.sites["Team site Zubin Potok"].pk]))
    assert 'id="checkpoint-shifts"' not in team_site.content.decode()


def test_the_serial_number_search_finds_the_shift_and_never_one_the_user_may_not_see(world):
    site, now = world.sites["Jarinje"], timezone.now()
    found = make_shift(world, site, started_at=now - dt.timedelta(days=1), weapons=("AK-12345", "CZ-9"))
    other = make_shift(world, site, started_at=now - dt.timedelta(days=2), weapons=("M70-1",))
    hidden = make_shift(world, site, started_at=now - dt.timedelta(days=3), weapons=("AK-12345",),
                        classification="CONFIDENTIAL")
    reader = client_of(world.users["unrelated"])
    page = reader.get(reverse("checkpoint_shifts:list")).content.decode()
    assert 'id="serial-search"' in page and page.index('id="serial-search"') < page.index('id="record-filters"')
    results = reader.get(reverse("checkpoint_shifts:list"), {"serial": "ak-12345"}).content.decode()
    assert reverse("checkpoint_shifts:detail", args=[found.pk]) in results
    assert reverse("checkpoint_shifts:detail", args=[hidden.pk]) not in results
    assert "M70-1" not in results and reverse("checkpoint_shifts:detail", args=[other.pk]) not in results
    owner_sees = client_of(world.users["mission_admin"]).get(reverse("checkpoint_shifts:list"),
                                                               {"serial": "AK-12345"}).content.decode()
    assert reverse("checkpoint_shifts:detail", args=[hidden.pk]) in owner_sees


def test_a_shift_at_a_checkpoint_the_reader_may_not_see_does_not_name_it(world):
    admin = world.users["mission_admin"]
    secret = SiteService().create(acting_user=admin, mission=world.mission, owner=world.owner, data={
        "name": "Covert observation checkpoint", "site_type": "checkpoint", "lon": 20.9, "lat": 43.0,
        "classification": "CONFIDENTIAL"})
    shift = make_shift(world, secret, started_at=dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC), weapons=("AK-3",))
    page = client_of(world.users["unrelated"]).get(reverse("checkpoint_shifts:detail", args=[shift.pk]),
                                                   HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "AK-3" in page and "Covert observation" not in page and "not visible to you" in page
    assert reverse("sites:detail", args=[secret.pk]) not in page
    owner_page = client_of(admin).get(reverse("checkpoint_shifts:detail", args=[shift.pk])).content.decode()
    assert "Covert observation checkpoint" in owner_page
