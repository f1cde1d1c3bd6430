"""The alerts API as a partner system and the watch use it: raising an alert with a token, the workflow fields
of the detail, the token scopes, the filters."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService
from peaceops.core.choices import Role
from peaceops.testing import world

pytestmark = pytest.mark.django_db


def token_for(user, *scopes) -> str:
    out = io.StringIO()
    call_command("create_token", user.username, "--name", "partner system", *[a for s in scopes for a in ("--scope", s)],
                 stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.fixture
def partner_system(db):
    """A machine account of UNMIK's watch (a partner early-warning network's server) with an alerts token."""
    mission = world.mission("UNMIK")
    user = world.member(mission, world.organisation("UNMIK"), Role.WATCH_OFFICER, username="ewn-server")
    return mission, Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, 'alerts:write')}")


def test_a_partner_system_raises_an_alert_with_its_token(partner_system):
    mission, client = partner_system
    answer = client.post("/api/v1/alerts", json.dumps({
        "mission": "UNMIK", "text": "Armed men stopping cars near Zvečan", "language": "en",
        "reporter_name": "Network monitor 7", "reporter_phone": "+38344999888"}), content_type="application/json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["channel"] == "api" and body["status"] == "new" and len(body["reference"]) == 7
    assert body["received_at"] and body["read_at"] is None and body["claimed_by"] is None
    assert body["reporter_phone"] == "+38344999888"  # a watch officer may see phone numbers
    stored = Alert.objects.get(pk=body["id"])
    assert stored.channel == "api" and stored.mission == mission and stored.reference == body["reference"]


def test_a_channel_named_by_the_partner_system_is_kept(partner_system):
    _mission, client = partner_system
    answer = client.post("/api/v1/alerts", json.dumps({"mission": "UNMIK", "text": "Roadblock", "channel": "sms"}),
                         content_type="application/json")
    assert answer.status_code == 201 and answer.json()["channel"] == "sms"


def test_a_token_without_the_alerts_scopes_is_refused(db):
    world.mission("UNMIK")
    watch = world.person("watch")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(watch, 'incidents:write')}")
    assert client.get("/api/v1/alerts").status_code == 403
    assert client.post("/api/v1/alerts", json.dumps({"mission": "UNMIK", "text": "Shooting"}),
                       content_type="application/json").status_code == 403
    reader = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(watch, 'alerts:read')}")
    assert reader.get("/api/v1/alerts").status_code == 200
    assert reader.post("/api/v1/alerts", json.dumps({"mission": "UNMIK", "text": "Shooting"}),
                       content_type="application/json").status_code == 403


def test_the_detail_shows_what_the_watch_did_read_only(db):
    mission, watch = world.mission("UNMIK"), world.person("watch")
    alert = AlertService().receive(mission, {"text": "Shooting near the school", "channel": "sms"})
    AlertService().claim(alert, acting_user=watch)
    client = Client()
    client.force_login(watch)
    detail = client.get(f"/api/v1/alerts/{alert.pk}").json()
    assert detail["status"] == "claimed" and detail["claimed_by"] == "watch" and detail["acknowledged_at"]
    assert detail["reference"] == alert.reference and detail["priority_band"] == "low"
    # the workflow fields cannot be written through the API
    patched = client.patch(f"/api/v1/alerts/{alert.pk}", json.dumps({"status": "closed", "category": "shooting"}),
                           content_type="application/json")
    assert patched.status_code == 200, patched.content
    alert.refresh_from_db()
    assert alert.status == "claimed" and alert.category == "shooting"


def test_filters_by_status_band_channel_and_words(db):
    mission, watch = world.mission("UNMIK"), world.person("watch")
    service = AlertService()
    first = service.receive(mission, {"text": "Shooting in Banje", "channel": "sms"})
    second = service.receive(mission, {"text": "Roadblock at the bridge", "channel": "web"})
    service.claim(second, acting_user=watch)
    client = Client()
    client.force_login(watch)

    def ids(**params):
        answer = client.get("/api/v1/alerts", params)
        assert answer.status_code == 200, answer.content
        return {item["id"] for item in answer.json()["items"]}

    assert ids(status="claimed") == {str(second.pk)}
    assert ids(channel="sms") == {str(first.pk)}
    assert ids(q="banje") == {str(first.pk)} and ids(q=second.reference) == {str(second.pk)}
    assert ids(priority_band="low") == {str(first.pk), str(second.pk)}
    assert client.get("/api/v1/alerts", {"status": "asleep"}).json()["field"] == "status"
    assert client.get("/api/v1/alerts", {"received_after": "yesterday"}).json()["field"] == "received_after"


def test_an_alert_nobody_signed_in_raised_belongs_to_the_missions_un_component_not_a_partner(db):
    mission = world.mission("UNMIK")
    world.people("watch", "kfor", "osce")  # KFOR (a military partner) and OSCE take part in UNMIK too
    alert = AlertService().receive(mission, {"text": "Shooting near the school", "channel": "sms"})
    assert alert.owner.code == "UNMIK"
