"""The kit's map layers beyond points: a geometry of their own (patrol lines), records placed through another
(units at their deployment's site) and each feature's time span filtered by the COP slider's window
(/cop/layers/<key>.geojson?since=&until=, since inclusive, until exclusive, as the incidents' slider)."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.core.kit.layers import TimeWindow
from peaceops.force.services import ContingentService, UnitService
from peaceops.operations.models import PatrolTrack
from peaceops.operations.services import PatrolService
from peaceops.sites.services import SiteService

LINE = [[20.86, 42.89], [20.87, 42.90], [20.88, 42.905]]
DRIVEN = [[20.86, 42.89], [20.90, 42.95]]
UTC = dt.UTC


def test_a_window_meets_a_span_as_the_slider_means_it():
    window = TimeWindow(dt.datetime(2026, 3, 2, tzinfo=UTC), dt.datetime(2026, 3, 9, tzinfo=UTC))
    assert window.meets(dt.date(2026, 2, 1), dt.date(2026, 3, 2))  # ends on the first day: through that day
    assert not window.meets(dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    assert window.meets(dt.date(2026, 3, 8), None)  # still open
    assert not window.meets(dt.date(2026, 3, 9), None)  # until is exclusive
    assert not window.meets(dt.datetime(2026, 3, 9, tzinfo=UTC), dt.datetime(2026, 3, 10, tzinfo=UTC))
    assert window.meets(None, None) and TimeWindow().meets(dt.date(1990, 1, 1), dt.date(1990, 1, 2))
    assert window.last_day() == dt.date(2026, 3, 8)


def layer(client, key, **window):
    answer = client.get(reverse("cop-layer", args=[key]), window)
    assert answer.status_code == 200, answer.content
    return {f["properties"]["name"]: f for f in answer.json()["features"]}


@pytest.fixture
def patrols(mission, people):
    watch = people["watch"]
    made = {}
    for name, start, joint in (("March patrol", "2026-03-03", "KFOR"), ("April patrol", "2026-04-10", None)):
        made[name] = PatrolService().create(acting_user=watch, mission=mission, data={
            "name": name, "patrol_type": "foot", "time_of_day": "day", "path": LINE, "classification": "CONFIDENTIAL",
            "planned_start": f"{start}T08:00:00Z", "planned_end": f"{start}T12:00:00Z",
            **({"joint_with": joint} if joint else {})})
    PatrolTrack.objects.create(patrol=made["March patrol"], line=DRIVEN, points=2)
    return made


def test_patrol_tracks_are_lines_driven_else_planned_and_follow_the_window(patrols, people, client_as):
    client = client_as(people["watch"])
    shown = layer(client, "patrols")
    assert set(shown) == {"March patrol", "April patrol"}
    march, april = shown["March patrol"], shown["April patrol"]
    assert march["geometry"] == {"type": "LineString", "coordinates": DRIVEN} and not march["properties"]["planned"]
    assert april["geometry"]["coordinates"] == LINE and april["properties"]["planned"]  # drawn dashed
    assert march["properties"]["joint_with"] == "KFOR" or "KFOR" in march["properties"]["joint_with"]
    assert march["properties"]["status"] and march["properties"]["url"].endswith(f"/{patrols['March patrol'].pk}/")
    assert set(layer(client, "patrols", since="2026-03-01", until="2026-04-01")) == {"March patrol"}
    assert set(layer(client, "patrols", since="2026-04-10")) == {"April patrol"}
    assert set(layer(client, "patrols", until="2026-03-03T08:00:00Z")) == set()  # until is exclusive


def test_a_partner_sees_the_joint_patrol_only(patrols, people, client_as):
    assert set(layer(client_as(people["kfor"]), "patrols")) == {"March patrol"}


def test_a_window_that_is_not_a_date_is_refused(people, client_as):
    answer = client_as(people["watch"]).get(reverse("cop-layer", args=["patrols"]), {"since": "2026-02-30"})
    assert answer.status_code == 400 and answer.json()["field"] == "since"


@pytest.fixture
def units(mission, people):
    admin = people["admin"]
    sites = {}
    for name, kind, lon in (("Camp Novo Selo", "camp", 20.9), ("Checkpoint Jarinje", "checkpoint", 20.77)):
        sites[name] = SiteService().create(acting_user=admin, mission=mission, data={
            "name": name, "site_type": kind, "lon": lon, "lat": 43.0, "classification": "PUBLIC"})
    contingent = ContingentService().create(acting_user=admin, mission=mission, data={
        "name": "Polish contingent", "country": "POL", "kind": "military"})
    unit = UnitService().create(acting_user=admin, mission=mission, data={
        "contingent": str(contingent.pk), "name": "POLBAT A company", "unit_type": "infantry_battalion",
        "deployments": [{"site": str(sites["Camp Novo Selo"].pk), "start": "2026-01-01", "end": "2026-02-28",
                         "strength": 120},
                        {"site": str(sites["Checkpoint Jarinje"].pk), "start": "2026-03-01", "strength": 40}]})
    return unit, sites


def test_units_stand_at_the_site_of_their_deployment_on_the_window_last_day(units, people, client_as):
    unit, sites = units
    client = client_as(people["viewer"])
    now = layer(client, "units")["POLBAT A company"]
    assert now["geometry"]["coordinates"] == [20.77, 43.0]
    assert now["properties"]["site"] == "Checkpoint Jarinje" and now["properties"]["strength"] == 40
    assert now["properties"]["contingent"] == "Polish contingent" and now["properties"]["country"] == "POL"
    february = layer(client, "units", since="2026-02-01", until="2026-03-01")["POLBAT A company"]
    assert february["geometry"]["coordinates"] == [20.9, 43.0] and february["properties"]["strength"] == 120
    assert layer(client, "units", until="2025-12-01") == {}  # not yet deployed


def test_checkpoints_are_a_layer_of_their_own(units, people, client_as):
    client = client_as(people["viewer"])
    assert set(layer(client, "checkpoints")) == {"Checkpoint Jarinje"}
    assert {"Camp Novo Selo", "Checkpoint Jarinje"} <= set(layer(client, "sites"))


def test_a_temporary_checkpoint_is_drawn_only_in_a_window_it_was_open(units, mission, people, client_as):
    """Open from 10 to 20 March: not drawn in a window before it opened or after it closed, drawn in one
    that meets those days (the first and last days count); the fixed checkpoint, open-ended, always."""
    SiteService().create(acting_user=people["admin"], mission=mission, data={
        "name": "Temporary checkpoint Jarinje road", "site_type": "temporary_checkpoint", "lon": 20.77,
        "lat": 43.13, "classification": "PUBLIC", "opened_on": "2026-03-10", "closed_on": "2026-03-20"})
    client = client_as(people["viewer"])
    temporary = "Temporary checkpoint Jarinje road"
    assert set(layer(client, "checkpoints", since="2026-03-01", until="2026-03-10")) == {"Checkpoint Jarinje"}
    assert set(layer(client, "checkpoints", since="2026-03-21", until="2026-04-01")) == {"Checkpoint Jarinje"}
    assert set(layer(client, "checkpoints", until="2026-03-10")) == {"Checkpoint Jarinje"}  # before it opened
    assert set(layer(client, "checkpoints", since="2026-03-21")) == {"Checkpoint Jarinje"}  # after it closed
    assert temporary in layer(client, "checkpoints", since="2026-03-20", until="2026-03-21")  # its last day
    assert temporary in layer(client, "checkpoints", since="2026-03-01", until="2026-03-11")  # its first day
    shown = layer(client, "checkpoints")[temporary]["properties"]
    assert (shown["opened"], shown["closed"]) == ("2026-03-10", "2026-03-20")
