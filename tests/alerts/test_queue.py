"""The watch officer's triage queue: the place's vulnerability in the priority (incidents nearby, the unit's
latest forecast), the worker's re-prioritising, the page at /alerts/queue/ (order, visibility, Claim and Assign)
and its live stream, driven as the watch uses them."""

import datetime as dt
import re

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client

from peaceops.alerts.models import Alert
from peaceops.alerts.priority import prioritise
from peaceops.alerts.reprioritise import reprioritise
from peaceops.alerts.services import AlertService, FocalPointService
from peaceops.analytics.alert_vulnerability import alert_vulnerability, distance_km
from peaceops.analytics.models import RiskForecast
from peaceops.core.choices import Classification, Role
from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.services import create_incident
from peaceops.testing import world
from peaceops.web.cop.feed import latest_entry_id
from peaceops.web.triage.live import AlertFeed
from tests.factories import incident_data
from tests.web.test_cop_live import Stream, events, signed_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
LON, LAT = world.SPOT  # inside Mitrovicë e Veriut (admin-2) of the Mitrovicë region (admin-1)


@pytest.fixture
def kosovo(mission, people):
    areas = world.mitrovica_areas(mission)
    return mission, people, areas


def alert(mission, text="Shooting near the school", **data) -> Alert:
    """An alert as the public page or an SMS stores it (nobody signed in)."""
    return AlertService().receive(mission, {"text": text, "received_at": NOW, **data})


def ranked(found: Alert, priority: int, band: str = "medium") -> Alert:
    """Give an alert a priority as the worker's reading would (read, ranked)."""
    Alert.objects.filter(pk=found.pk).update(priority=priority, priority_band=band, read_at=found.received_at)
    found.refresh_from_db()
    return found


def queue_refs(html: str) -> list[str]:
    return re.findall(r'data-reference="([^"]+)"', html)


# --- the place's vulnerability ---------------------------------------------------------------------------------

def test_incidents_within_five_kilometres_in_the_thirty_days_before_count_toward_the_place(kosovo):
    mission, people, _areas = kosovo
    # 0 km, 3 km north, 4 km east: counted. About 5.5 km north-east (inside the search box, outside the circle),
    # 3 km north but 40 days before, and one after the alert came in: not counted.
    spots = [(LON, LAT, 2), (LON, LAT + 0.027, 5), (LON + 0.049, LAT, 29), (LON + 0.05, LAT + 0.035, 3),
             (LON, LAT + 0.027, 40), (LON, LAT, -1)]
    for lon, lat, days_before in spots:
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
            lon=lon, lat=lat, occurred_start=NOW - dt.timedelta(days=days_before)))
    assert 5.5 < distance_km(LON, LAT, LON + 0.05, LAT + 0.035) < 5.7
    found = alert(mission, lon=LON, lat=LAT, severity=4)
    assert found.admin2 is not None and found.admin2.code == "XK-MIT-N"

    share, details = alert_vulnerability(found)
    assert share == 0.3  # 3 incidents of the 10 that count in full
    assert details["nearby"] == {"incidents": 3, "radius_km": 5.0, "days": 30, "share": 0.3}
    assert details["forecast"] is None
    priority = prioritise(found, NOW)
    assert priority.factors["points"] == {"severity": 40.0, "vulnerability": 9.0, "source": 2.5, "age": 0.0}
    assert priority.score == 52 and priority.band == "high"  # 51.5, rounded to the even 52


def _forecast(mission, area, *, origin, horizon, prob_1, target="fatalities"):
    return RiskForecast.objects.create(
        mission=mission, level="adm2", target=target, unit_key=str(area.pk), unit_label=area.name,
        admin_area=area, origin_month=origin, target_month=origin + horizon, horizon=horizon, p10=0, p50=1,
        p90=3, mean=1.2, prob_1=prob_1, prob_25=0.01, model_name="test", created_at=NOW)


def test_the_latest_forecast_of_the_alerts_unit_raises_its_priority_and_says_why(kosovo, client_as):
    mission, people, areas = kosovo
    november = (2026 - 1980) * 12 + 11
    _forecast(mission, areas["north"], origin=november - 1, horizon=1, prob_1=0.9)  # an older run
    _forecast(mission, areas["north"], origin=november, horizon=2, prob_1=0.95)
    _forecast(mission, areas["north"], origin=november, horizon=1, prob_1=0.6)  # newest run, next month
    _forecast(mission, areas["north"], origin=november, horizon=1, prob_1=1.0, target="incidents")
    _forecast(mission, areas["pristina"], origin=november, horizon=1, prob_1=0.99)  # another unit
    found = alert(mission, lon=LON, lat=LAT, severity=3)

    share, details = alert_vulnerability(found)
    assert share == 0.6 and details["nearby"]["incidents"] == 0
    assert details["forecast"] == {"level": "adm2", "unit": "Mitrovicë e Veriut", "target": "fatalities",
                                   "month": "2026-12", "prob_1": 0.6, "p50": 1.0, "share": 0.6}
    priority = prioritise(found, NOW)
    assert priority.factors["points"]["vulnerability"] == 18.0 and priority.score == 50  # 30 + 18 + 2.5
    Alert.objects.filter(pk=found.pk).update(priority=priority.score, priority_band=priority.band,
                                             priority_factors=priority.factors, read_at=NOW)
    page = client_as(people["watch"]).get("/alerts/queue/").content.decode()
    assert "forecast for Mitrovicë e Veriut, 2026-12: 60% chance of at least one" in page
    assert "incidents within 5 km in 30 days: 0" in page


# --- re-prioritising --------------------------------------------------------------------------------------------

def test_waiting_alerts_rise_claimed_ones_stop_ageing_and_the_sweep_writes_only_changes(kosovo):
    mission, people, _areas = kosovo
    point = FocalPointService().create(acting_user=people["watch"], mission=mission,
                                       data={"name": "Teacher in Zvečan", "phone": "+38344111222", "trust": 3})
    waiting = AlertService().receive(mission, {"text": "Armed men at the school", "severity": 3, "received_at": NOW},
                                     focal_point=point)
    claimed = AlertService().receive(mission, {"text": "Houses burning", "severity": 3, "received_at": NOW},
                                     focal_point=point)
    for each in (waiting, claimed):  # read at once: severity 30 + source 15 (a trusted focal point) + age 0
        first = prioritise(each, NOW)
        Alert.objects.filter(pk=each.pk).update(read_at=NOW, priority=first.score, priority_band=first.band,
                                                priority_factors=first.factors)
        assert first.score == 45 and first.band == "medium"
    AlertService().claim(claimed, acting_user=people["watch"])
    Alert.objects.filter(pk=claimed.pk).update(acknowledged_at=NOW + dt.timedelta(minutes=24))  # claimed at 24 min
    entries = ChangeLogEntry.objects.count()

    assert reprioritise(now=NOW + dt.timedelta(minutes=64)) == 2
    waiting.refresh_from_db()
    claimed.refresh_from_db()
    assert (waiting.priority, waiting.priority_band) == (53, "high")  # 45 + 8 (64 of 120 minutes of 15 points)
    assert waiting.priority_factors["points"]["age"] == 8.0
    assert (claimed.priority, claimed.priority_band) == (48, "medium")  # 45 + 3: it stopped ageing at 24 minutes
    assert ChangeLogEntry.objects.count() == entries  # derived data: no change-log entry, no live event

    assert reprioritise(now=NOW + dt.timedelta(minutes=65)) == 0  # 8.1 points: 53 still, nothing written
    assert reprioritise(now=NOW + dt.timedelta(minutes=200)) == 1  # the waiting one is full: 45 + 15
    waiting.refresh_from_db()
    assert waiting.priority == 60


# --- the page ---------------------------------------------------------------------------------------------------

def test_the_queue_lists_open_alerts_by_priority_then_age(kosovo, client_as):
    mission, people, _areas = kosovo
    low = ranked(alert(mission, "Stones thrown"), 20, "low")
    older = ranked(alert(mission, "Roadblock", received_at=NOW - dt.timedelta(minutes=30)), 60, "high")
    newer = ranked(alert(mission, "Roadblock again"), 60, "high")
    top = ranked(alert(mission, "Shooting"), 90, "critical")
    closed = ranked(alert(mission, "Old news"), 95, "critical")
    AlertService().close(closed, acting_user=people["watch"])

    response = client_as(people["watch"]).get("/alerts/queue/")
    assert response.status_code == 200
    assert queue_refs(response.content.decode()) == [top.reference, older.reference, newer.reference, low.reference]
    assert "Open alerts: 4" in response.content.decode()
    high_only = client_as(people["watch"]).get("/alerts/queue/", {"band": "high"}).content.decode()
    assert queue_refs(high_only) == [older.reference, newer.reference]
    assert client_as(people["watch"]).get("/alerts/queue/", {"channel": "sms"}).content.decode().count(
        "data-reference=") == 0


def test_the_header_menu_links_the_queue_for_those_who_read_alerts(kosovo, client_as):
    _mission, people, _areas = kosovo
    assert 'id="nav-alert-queue"' in client_as(people["watch"]).get("/dashboard/").content.decode()
    assert 'id="nav-alert-queue"' not in client_as(people["viewer"]).get("/dashboard/").content.decode()
    assert client_as(people["viewer"]).get("/alerts/queue/").status_code == 403


def test_a_partner_sees_only_what_was_released_to_it_and_another_mission_nothing(kosovo, orgs):
    mission, people, _areas = kosovo
    kfor_watch = world.member(mission, orgs["KFOR"], Role.WATCH_OFFICER, username="kfor-watch")
    minusca_watch = world.person("minusca-watch")
    kept = ranked(alert(mission, "UNMIK eyes only"), 50, "high")
    released = ranked(alert(mission, "Shared with KFOR"), 40)
    AlertService().release(released, acting_user=people["watch"], organisation=orgs["KFOR"])

    partner = Client()
    partner.force_login(kfor_watch, backend="django.contrib.auth.backends.ModelBackend")
    page = partner.get("/alerts/queue/").content.decode()
    assert queue_refs(page) == [released.reference] and "UNMIK eyes only" not in page
    assert [a["reference"] for a in partner.get("/api/v1/alerts/queue", {"mission": "UNMIK"}).json()["alerts"]] == [
        released.reference]

    outsider = Client()
    outsider.force_login(minusca_watch, backend="django.contrib.auth.backends.ModelBackend")
    page = outsider.get("/alerts/queue/").content.decode()  # their current mission is MINUSCA
    assert queue_refs(page) == [] and kept.reference not in page
    assert outsider.get("/api/v1/alerts/queue", {"mission": "UNMIK"}).json() == {
        "mission": "UNMIK", "count": 0, "more": False, "alerts": []}


def test_the_watch_claims_and_assigns_and_an_analyst_may_only_look(kosovo, client_as):
    mission, people, _areas = kosovo
    analyst = world.member(mission, world.organisation("UNMIK"), Role.ANALYST, username="unmik-analyst")
    second = world.member(mission, world.organisation("UNMIK"), Role.WATCH_OFFICER, username="night-watch")
    found = ranked(alert(mission, "Men with guns at the well"), 70, "high")

    looking = client_as(analyst)
    page = looking.get("/alerts/queue/").content.decode()
    assert found.reference in page and "queue-claim" not in page  # no buttons for who may not triage
    refused = looking.post(f"/alerts/{found.pk}/claim/")
    assert refused.status_code == 403 and "You may not triage community alerts" in refused.content.decode()

    watch = client_as(people["watch"])
    page = watch.get("/alerts/queue/").content.decode()
    assert "queue-claim" in page and f'value="{second.pk}"' in page and f'value="{analyst.pk}"' not in page
    response = watch.post(f"/alerts/{found.pk}/claim/", {"next": "/alerts/queue/?who=mine"})
    assert response.status_code == 302 and response["Location"] == "/alerts/queue/?who=mine"
    found.refresh_from_db()
    assert found.claimed_by == people["watch"] and found.status == "claimed" and found.acknowledged_at
    assert queue_refs(watch.get("/alerts/queue/", {"who": "mine"}).content.decode()) == [found.reference]
    assert queue_refs(watch.get("/alerts/queue/", {"who": "unclaimed"}).content.decode()) == []

    watch.post(f"/alerts/{found.pk}/assign/", {"to": analyst.pk})  # not one who triages: refused, nothing changes
    found.refresh_from_db()
    assert found.assigned_to is None
    response = watch.post(f"/alerts/{found.pk}/assign/", {"to": second.pk}, follow=True)
    assert f"{found.reference} is assigned to night-watch" in response.content.decode()
    found.refresh_from_db()
    assert found.assigned_to == second
    assert "assigned to night-watch" in watch.get("/alerts/queue/").content.decode()
    assert watch.post(f"/alerts/{found.pk}/claim/", {"next": "https://evil.example/"})["Location"] == "/alerts/queue/"


def test_an_alert_nobody_may_see_cannot_be_claimed(kosovo, client_as):
    mission, people, _areas = kosovo
    hidden = alert(mission, "Strictly confidential", classification=Classification.STRICTLY_CONFIDENTIAL)
    Alert.objects.filter(pk=hidden.pk).update(classification=Classification.STRICTLY_CONFIDENTIAL)
    assert client_as(people["watch"]).post(f"/alerts/{hidden.pk}/claim/").status_code == 404
    hidden.refresh_from_db()
    assert hidden.claimed_by is None


# --- live --------------------------------------------------------------------------------------------------------

@pytest.fixture
def _quick_stream(settings):
    settings.PEACEOPS_LIVE_POLL_SECONDS = 0.05
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 30


def test_a_new_alert_reaches_the_watch_officers_stream_and_not_a_partners(kosovo, orgs, _quick_stream):
    mission, people, _areas = kosovo
    kfor_watch = world.member(mission, orgs["KFOR"], Role.WATCH_OFFICER, username="kfor-watch")
    watch, partner = signed_in(people["watch"]), signed_in(kfor_watch)

    async def scenario():
        mine = Stream(await watch.get("/alerts/queue/live"))
        theirs = Stream(await partner.get("/alerts/queue/live"))
        new = await sync_to_async(alert)(mission, "Gunfire by the bridge, people running")
        shared = await sync_to_async(alert)(mission, "Roadblock at Jarinje")
        await sync_to_async(AlertService().release)(shared, acting_user=people["watch"], organisation=orgs["KFOR"])
        seen = await mine.read_until(lambda found: any(e["data"]["id"] == str(new.pk) for e in found))
        partner_seen = await theirs.read_until(lambda found: any(e["data"]["id"] == str(shared.pk) for e in found))
        await mine.close()
        await theirs.close()
        return new, shared, seen, partner_seen, theirs.text

    new, shared, seen, partner_seen, partner_text = async_to_sync(scenario)()
    event = next(e for e in seen if e["data"]["id"] == str(new.pk))
    assert event["event"] == "alert" and event["data"]["reference"] == new.reference
    assert event["data"]["action"] == "create" and event["data"]["status"] == "new"
    # The partner's stream told of the alert released to KFOR, and nothing of the one written before it.
    assert str(new.pk) not in partner_text and new.reference not in partner_text
    assert any(e["data"]["reference"] == shared.reference for e in partner_seen)
    assert events(partner_text)


def test_a_misconduct_allegation_leaves_the_queue_and_the_stream_says_only_that_it_left(kosovo, client_as):
    mission, people, _areas = kosovo
    found = ranked(alert(mission, "Soldiers took money at the checkpoint"), 80, "critical")
    feed = AlertFeed(people["watch"], mission.pk, latest_entry_id())
    AlertService().mark_misconduct(found, acting_user=people["watch"], reason="alleges extortion by personnel")
    assert [(m.event, m.data) for m in feed.poll()] == [("alert", {"action": "delete", "id": str(found.pk)})]
    page = client_as(people["watch"]).get("/alerts/queue/").content.decode()
    assert found.reference not in page and "Soldiers took money" not in page
