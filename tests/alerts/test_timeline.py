"""An alert's timeline: everything that happened to it in one list, oldest first (received, read, claimed,
assigned, responses tasked and done, messages to the reporter, escalations, status changes with their reasons);
the reporter's number masked for who lacks messaging.view_phone_numbers; nothing for who may not see it."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from peaceops.alerts import escalation
from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService
from peaceops.alerts.timeline import timeline
from peaceops.core.access import access_profile
from peaceops.core.choices import Role
from peaceops.messaging.models import Gateway, OutboundMessage
from peaceops.testing import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """An SMS alert's first hours: read, escalated (nobody acknowledged it within 15 minutes), claimed,
    assigned, a patrol tasked and done, closed; the reporter told it was acted on (delivered) and closed (failed)."""
    mission = world.mission("UNMIK")
    people = world.people("watch", "admin", "viewer", "kfor")
    people["analyst"] = world.member(mission, world.organisation("UNMIK"), Role.ANALYST, username="unmik-analyst")
    Gateway.objects.create(mission=mission, name="Demo", kind="console")
    start = timezone.now() - dt.timedelta(hours=3)
    service = AlertService()
    alert = service.receive(mission, {"text": "Pucnjava kod mosta u Zvečanu", "channel": "sms",
                                      "reporter_phone": "+38344123456", "received_at": start})
    alert = service.step(alert, acting_user=None, system=True, reason="read", read_at=start + dt.timedelta(minutes=1),
                         place_text="Zvečan", category="shooting", priority=85, priority_band="critical")
    escalation.sweep(now=start + dt.timedelta(minutes=16))
    alert = service.claim(alert, acting_user=people["watch"])
    alert = service.assign(alert, acting_user=people["watch"], to_user=people["admin"])
    response = service.task(alert, acting_user=people["watch"], kind="patrol", unit="Patrol 3",
                            note="Check the bridge")
    service.response_done(response, acting_user=people["watch"])
    service.close(Alert.objects.get(pk=alert.pk), acting_user=people["watch"], note="Patrol found nothing")
    # The reporter got the receipt (still queued), was told it was acted on (delivered) and closed (the gateway
    # could not reach the number).
    receipt, told, lost = OutboundMessage.objects.filter(related_id=str(alert.pk)).order_by("pk")
    now = timezone.now()
    type(told).objects.filter(pk=told.pk).update(status="delivered", sent_at=now, delivered_at=now)
    type(lost).objects.filter(pk=lost.pk).update(status="failed", claimed_at=now, last_error="number unreachable")
    return {"alert": Alert.objects.get(pk=alert.pk), "people": people, "start": start}


def test_the_timeline_tells_the_alerts_story_in_order(story):
    moments = timeline(story["alert"], story["people"]["watch"])
    kinds = [m.kind for m in moments]
    assert kinds == ["received", "read", "escalated", "claimed", "assigned", "tasked", "message", "message", "done",
                     "status", "message", "message", "message", "message"]
    assert [m.at for m in moments] == sorted(m.at for m in moments)
    texts = [m.text for m in moments]
    assert texts[0] == "Received (SMS)" and texts[1] == "Read: place “Zvečan”, shooting"
    assert texts[2] == "Not acknowledged in time: the duty supervisor was told"
    assert texts[3] == "Claimed by watch" and texts[4] == "Assigned to admin"
    assert texts[5] == "Response tasked: patrol dispatched (Patrol 3)" and moments[5].detail == "Check the bridge"
    reference = story["alert"].reference
    assert texts[6] == "Message to the reporter (+38344123456) queued" and reference in moments[6].detail  # receipt
    assert moments[7].detail == f"Action is being taken on your alert {reference}. Thank you."
    assert texts[8] == "Response done: patrol dispatched"
    assert texts[9] == "Status: acted on → closed" and moments[9].detail == "closed · Patrol found nothing"
    assert moments[9].actor == "watch"
    assert texts[10:] == ["Message to the reporter (+38344123456) queued",
                          "Message to the reporter (+38344123456) sent",
                          "Message to the reporter (+38344123456) delivered",
                          "Message to the reporter (+38344123456) failed"]
    assert moments[13].detail == "number unreachable"


def test_the_reporters_number_is_masked_for_who_may_not_see_numbers(story):
    analyst = story["people"]["analyst"]
    mission_id = story["alert"].mission_id
    assert not access_profile(analyst).has_perm(mission_id, "messaging.view_phone_numbers")
    texts = [m.text for m in timeline(story["alert"], analyst)]
    assert "Message to the reporter (+383••••••56) delivered" in texts
    assert not any("123456" in text for text in texts)
    request = RequestFactory().get("/")
    request.user = analyst
    html = render_to_string("alerts/_timeline.html", {"record": story["alert"]}, request=request)
    assert "+383••••••56" in html and "38344123456" not in html


def test_who_may_not_see_the_alert_gets_no_timeline(story):
    for name in ("viewer", "kfor"):
        assert timeline(story["alert"], story["people"][name]) == []


def test_the_watch_reads_the_timeline_on_the_alerts_response_page(story):
    client = Client()
    client.force_login(story["people"]["watch"])
    body = client.get(reverse("triage:respond", args=[story["alert"].pk])).content.decode()
    assert body.count('data-kind="message"') == 6 and 'data-kind="escalated"' in body
    assert body.index("Received (SMS)") < body.index("Claimed by watch") < body.index("Status: acted on")
