"""A patrol's report: observations added from the page and the API, each made an incident with one click,
owned by the patrol's owner, at the observation's position (or the track's nearest, or one asked for), linked to
the patrol so that the incident's page shows it."""

import datetime as dt
import json

import pytest

from peaceops.core.models import RecordLink
from peaceops.incidents.models import Incident
from peaceops.operations.models import PatrolObservation, TrackPoint

from .patrol_world import START, patrol

pytestmark = pytest.mark.django_db
SEEN = START + dt.timedelta(minutes=42)


def test_an_observation_from_the_api_becomes_a_linked_incident_in_one_click(client_as, mission, people):
    planned = patrol(people["watch"], mission, classification="CONFIDENTIAL", releasable_to=["KFOR"])
    client = client_as(people["reporter"])
    answer = client.post(f"/api/v1/patrols/{planned.pk}/observations", json.dumps({
        "observed_at": SEEN.isoformat(), "text": "Burnt-out car blocking the road to the Zvečan bridge, two men "
                                                 "watching", "lon": 20.871, "lat": 42.901}),
        content_type="application/json")
    assert answer.status_code == 201, answer.content
    observation_id = answer.json()["id"]
    page = client.get(f"/operations/patrols/{planned.pk}/")
    assert b"Burnt-out car blocking" in page.content and b"Make an incident" in page.content
    made = client.post(f"/operations/patrols/{planned.pk}/observations/{observation_id}/incident/")
    assert made.status_code == 302
    observation = PatrolObservation.objects.get(pk=observation_id)
    incident = Incident.objects.get(pk=observation.incident_id)
    assert incident.title == "Burnt-out car blocking the road to the Zvečan…"
    assert incident.occurred_start == SEEN and (incident.lon, incident.lat) == (20.871, 42.901)
    assert incident.owner_id == planned.owner_id and incident.classification == "CONFIDENTIAL"
    assert RecordLink.objects.filter(from_id=str(planned.pk), to_id=str(incident.pk), kind="related").exists()
    shown = client.get(f"/incidents/{incident.pk}/")
    assert shown.status_code == 200 and planned.name.encode() in shown.content
    assert f'href="/operations/patrols/{planned.pk}/"'.encode() in shown.content  # the patrol's page, linked
    again = client.post(f"/operations/patrols/{planned.pk}/observations/{observation_id}/incident/")
    assert again.status_code == 302 and Incident.objects.count() == 1  # one click, one incident


def test_an_observation_without_position_takes_the_tracks_nearest(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    TrackPoint.objects.bulk_create([  # the track's positions (the track intake's part), the second nearest in time
        TrackPoint(patrol=planned, t=SEEN - dt.timedelta(minutes=30), lon=20.86, lat=42.89),
        TrackPoint(patrol=planned, t=SEEN + dt.timedelta(minutes=4), lon=20.875, lat=42.902),
        TrackPoint(patrol=planned, t=SEEN + dt.timedelta(minutes=40), lon=20.88, lat=42.905)])
    client = client_as(people["watch"])
    client.post(f"/operations/patrols/{planned.pk}/observations/",
                {"observed_at": SEEN.strftime("%Y-%m-%dT%H:%M"), "text": "Crowd at the market"})
    observation = PatrolObservation.objects.get(patrol=planned)
    assert observation.observed_at == SEEN and observation.lon is None
    client.post(f"/operations/patrols/{planned.pk}/observations/{observation.pk}/incident/")
    incident = Incident.objects.get(pk=PatrolObservation.objects.get(pk=observation.pk).incident_id)
    assert (incident.lon, incident.lat) == (20.875, 42.902)


def test_without_any_position_the_form_asks_where(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["watch"])
    answer = client.post(f"/api/v1/patrols/{planned.pk}/observations", json.dumps({
        "observed_at": SEEN.isoformat(), "text": "Shots heard to the north"}), content_type="application/json")
    observation_id = answer.json()["id"]
    refused = client.post(f"/api/v1/patrols/{planned.pk}/observations/{observation_id}/incident", "{}",
                          content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "lon"
    url = f"/operations/patrols/{planned.pk}/observations/{observation_id}/incident/"
    form = client.post(url)
    assert form.status_code == 200 and b'value="Shots heard to the north"' in form.content
    assert Incident.objects.count() == 0
    done = client.post(url, {"title": "Shots heard north of Zvečan", "lon": "20.87", "lat": "42.95"})
    assert done.status_code == 302
    incident = Incident.objects.get()
    assert (incident.title, incident.lon, incident.lat) == ("Shots heard north of Zvečan", 20.87, 42.95)


def test_who_may_not_change_the_patrol_may_not_report_on_it(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["viewer"])
    answer = client.post(f"/api/v1/patrols/{planned.pk}/observations", json.dumps({
        "observed_at": SEEN.isoformat(), "text": "x"}), content_type="application/json")
    assert answer.status_code == 403
    page = client.get(f"/operations/patrols/{planned.pk}/")
    assert b'id="observation-form"' not in page.content
    assert client.post(f"/operations/patrols/{planned.pk}/observations/",
                       {"observed_at": "2026-03-01T20:42", "text": "x"}).status_code == 403
    assert not PatrolObservation.objects.exists()


def test_an_observation_needs_its_text(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    answer = client_as(people["watch"]).post(f"/api/v1/patrols/{planned.pk}/observations", json.dumps({
        "observed_at": SEEN.isoformat(), "text": "  "}), content_type="application/json")
    assert answer.status_code == 422 and answer.json()["field"] == "text"


def _edit_form(patrol_record, **rows) -> dict:
    """The patrol's edit form as the page offers it, planned as `patrol_world.patrol` plans it, with its
    restriction rows."""
    return {"name": patrol_record.name, "patrol_type": "mobile", "time_of_day": "night",
            "path": json.dumps(patrol_record.path), "planned_start": f"{START:%Y-%m-%dT%H:%M}",
            "planned_end": f"{patrol_record.planned_end:%Y-%m-%dT%H:%M}", "leader": patrol_record.leader_id or "",
            "classification": patrol_record.classification, "restrictions-TOTAL_FORMS": "2",
            "restrictions-INITIAL_FORMS": "0", "restrictions-MIN_NUM_FORMS": "0",
            "restrictions-MAX_NUM_FORMS": "1000", **rows}


def test_the_leader_records_a_restriction_on_the_patrols_page_and_readers_see_it(client_as, mission, people):
    """The patrol's page has a card of the freedom-of-movement restrictions met; its leader adds one through
    the edit form's rows (the card's "Add or change" link), and a viewer sees it without the link."""
    leader, viewer = people["reporter"], people["viewer"]
    planned = patrol(people["watch"], mission, leader=leader.username, classification="PUBLIC")
    client = client_as(leader)
    page = client.get(f"/operations/patrols/{planned.pk}/").content.decode()
    card = page[page.index('id="children-restrictions"'):]
    card = card[:card.index("</section>")]
    assert "Freedom-of-movement restrictions" in card and "None recorded." in card
    edit = f"/operations/patrols/{planned.pk}/edit/#formset-restrictions"
    assert f'href="{edit}"' in card
    form = client.get(f"/operations/patrols/{planned.pk}/edit/").content.decode()
    assert 'id="formset-restrictions"' in form and 'name="restrictions-0-kind"' in form
    at = START + dt.timedelta(minutes=50)
    answer = client.post(f"/operations/patrols/{planned.pk}/edit/", _edit_form(planned, **{
        "restrictions-0-at": f"{at:%Y-%m-%d %H:%M}", "restrictions-0-kind": "roadblock",
        "restrictions-0-place": "Road to Zubin Potok", "restrictions-0-imposed_by": "Local residents",
        "restrictions-0-description": "Burning tyres across the road"}))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    stored = list(planned.restrictions.values_list("at", "kind", "place", "imposed_by"))
    assert stored == [(at, "roadblock", "Road to Zubin Potok", "Local residents")]

    seen = client_as(viewer).get(f"/operations/patrols/{planned.pk}/").content.decode()
    card = seen[seen.index('id="children-restrictions"'):]
    card = card[:card.index("</section>")]
    assert "Roadblock" in card and "Road to Zubin Potok" in card and "Burning tyres across the road" in card
    assert "Add or change" not in card and "/edit/" not in card
    assert seen.index('id="patrol-report"') < seen.index('id="children-restrictions"')  # after the observations
