"""Personal data and exact positions of community alerts: the reporter's phone masked for readers without
`messaging.view_phone_numbers`, an anonymous alert raised through the API stored only at its coarsened position,
partners never receiving the reporter, and what an editor without need-to-know cannot erase."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService, coarsen
from peaceops.core.choices import Role
from peaceops.core.kit.personal import mask_number
from peaceops.core.models import ChangeLogEntry
from peaceops.testing import world

pytestmark = pytest.mark.django_db

PHONE = "+38344123456"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alert(db):
    mission, watch = world.mission("UNMIK"), world.person("watch")
    world.person("kfor")  # KFOR takes part in UNMIK
    return AlertService().create(acting_user=watch, mission=mission, data={
        "text": "Shooting near the school in Banje", "channel": "phone", "reporter_name": "Drita Krasniqi",
        "reporter_phone": PHONE, "lon": 20.86, "lat": 42.89, "classification": "CONFIDENTIAL",
        "releasable_to": ["KFOR"]})


@pytest.fixture
def analyst(db):
    return world.member(world.mission("UNMIK"), world.organisation("UNMIK"), Role.ANALYST, username="analyst")


def test_an_anonymous_alert_raised_through_the_api_stores_only_the_coarsened_position(db):
    world.mission("UNMIK")
    client = signed_in(world.person("watch"))
    exact = (20.86543, 42.88921)
    answer = client.post("/api/v1/alerts", json.dumps({
        "mission": "UNMIK", "text": "Armed men at the bridge", "anonymous": True, "lon": exact[0], "lat": exact[1],
        "location_precision": "exact", "reporter_name": "Arben", "reporter_phone": "+38344555666"}),
        content_type="application/json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    stored = Alert.objects.get(pk=body["id"])
    assert (stored.lon, stored.lat) == coarsen(*exact, 2000) != exact and stored.coarsened_m == 2000
    assert stored.location_precision == "near" and body["coarsened_m"] == 2000
    assert stored.reporter_name == stored.reporter_phone == ""
    assert (body["lon"], body["lat"]) == (stored.lon, stored.lat)
    logged = json.dumps(list(ChangeLogEntry.objects.filter(object_id=str(stored.pk)).values_list("after", flat=True)))
    assert str(exact[0]) not in logged and "555666" not in logged


def test_an_analyst_reads_the_alert_but_the_reporters_phone_masked(alert, analyst):
    client = signed_in(analyst)
    detail = client.get(f"/api/v1/alerts/{alert.pk}").json()
    assert detail["text"] == alert.text
    assert detail["reporter_phone"] == mask_number(PHONE) == "+383••••••56" and detail["reporter_name"] == "—"
    page = client.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert alert.text in page and "+383••••••56" in page and PHONE not in page and "Krasniqi" not in page
    history = client.get(f"/api/v1/alerts/{alert.pk}/history").content.decode()
    assert "44123456" not in history and "Krasniqi" not in history


def test_the_watch_officer_reads_the_reporter_in_full(alert):
    client = signed_in(world.person("watch"))
    detail = client.get(f"/api/v1/alerts/{alert.pk}").json()
    assert detail["reporter_phone"] == PHONE and detail["reporter_name"] == "Drita Krasniqi"
    page = client.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert PHONE in page and "Drita Krasniqi" in page


def test_a_partner_it_is_released_to_never_receives_the_reporter(alert):
    kfor_watch = world.member(world.mission("UNMIK"), world.organisation("KFOR"), Role.WATCH_OFFICER,
                              username="kfor-watch")
    client = signed_in(kfor_watch)
    detail = client.get(f"/api/v1/alerts/{alert.pk}").json()
    assert detail["text"] == alert.text and detail["reporter_phone"] is None and detail["reporter_name"] is None
    feed = client.get("/api/v1/partners/KFOR/feed/alerts", {"mission": "UNMIK"})
    assert feed.status_code == 200, feed.content
    records = feed.json()["feed"]["records"]
    assert [r["alert"]["reference"] for r in records if r["op"] == "upsert"] == [alert.reference]
    assert "44123456" not in feed.content.decode() and "Krasniqi" not in feed.content.decode()


def test_the_map_and_the_search_carry_no_personal_data(alert, analyst):
    client = signed_in(analyst)
    found = client.get(reverse("search"), {"q": alert.reference}).content.decode()
    assert alert.reference in found and "44123456" not in found
    layer = client.get(reverse("cop-layer", args=["alerts"])).json()
    assert [f["id"] for f in layer["features"]] == [str(alert.pk)]
    assert "44123456" not in json.dumps(layer) and "Krasniqi" not in json.dumps(layer)


def test_an_editor_without_need_to_know_edits_the_alert_without_erasing_the_reporter(alert, analyst):
    from peaceops.core.models import RolePermission

    RolePermission.objects.get_or_create(role=Role.ANALYST, permission="alerts.alert.change")  # this mission's choice
    client = signed_in(analyst)
    form = client.get(reverse("alerts:edit", args=[alert.pk])).content.decode()
    assert 'name="text"' in form and 'name="reporter_phone"' not in form
    assert "44123456" not in form and "Krasniqi" not in form  # not even in the signed base of the edit
    answer = client.post(reverse("alerts:edit", args=[alert.pk]), {
        "text": alert.text, "channel": "phone", "language": "en", "severity": "3", "category": "arson",
        "location_precision": "exact", "lon": "20.86", "lat": "42.89", "classification": "CONFIDENTIAL",
        "releasable_to": ["KFOR"], "reason": "category from the call"})
    assert answer.status_code == 302, answer.content.decode()[:1500]
    alert.refresh_from_db()
    assert alert.category == "arson" and alert.reporter_phone == PHONE and alert.reporter_name == "Drita Krasniqi"
