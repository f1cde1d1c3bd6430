"""Gateways without status callbacks (RapidPro/TextIt) are asked by the worker for their messages' delivery:
a message moves to delivered (or failed) when the gateway says so, is asked about only while it is "sent" and
recent, and gateways with callbacks (Twilio) are never polled. Time moved forward, never slept."""

import datetime as dt

import pytest
from django.utils import timezone

from peaceops.messaging import outbox
from peaceops.messaging.choices import Channel, GatewayKind, OutboundStatus
from peaceops.messaging.models import OutboundMessage

from .fakegateway import Answer

pytestmark = pytest.mark.django_db


def sent(mission, gateway, now) -> OutboundMessage:
    message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient="+38344123456",
                                   body="Your alert K7Q-42X was verified by the mission.", gateway=gateway)
    outbox.send_due(now=now)
    return OutboundMessage.objects.get(pk=message.pk)


def polls(fake) -> list:
    return [r for r in fake.requests if r.method == "GET" and r.path == "/api/v2/messages.json"]


def test_rapidpro_is_asked_until_the_message_is_delivered(mission, gateways, fake_gateway):
    fake_gateway.answers = [Answer(201, {"id": 77}), Answer(200, {"results": [{"broadcast": 77, "status": "wired"}]}),
                            Answer(200, {"results": [{"broadcast": 77, "status": "delivered"}]})]
    now = timezone.now() + dt.timedelta(seconds=1)
    message = sent(mission, gateways[GatewayKind.RAPIDPRO], now)
    assert (message.status, message.gateway_message_id) == (OutboundStatus.SENT, "77")

    assert outbox.poll_delivery(now=now + dt.timedelta(minutes=5)) == 0  # handed to the carrier: not yet
    assert outbox.poll_delivery(now=now + dt.timedelta(minutes=10)) == 1
    message.refresh_from_db()
    assert message.status == OutboundStatus.DELIVERED and message.delivered_at is not None
    [first, _second] = polls(fake_gateway)
    assert first.query == {"broadcast": ["77"]} and first.headers["Authorization"] == "Token rp-token"

    assert outbox.poll_delivery(now=now + dt.timedelta(minutes=15)) == 0
    assert len(polls(fake_gateway)) == 2  # a delivered message is not asked about again


def test_a_failed_message_is_recorded_and_old_or_twilio_messages_are_not_polled(mission, gateways, fake_gateway):
    fake_gateway.answers = [Answer(201, {"id": 78}), Answer(201, {"sid": "SM9"}), Answer(201, {"id": 79}),
                            Answer(200, {"results": [{"broadcast": 79, "status": "failed"}]})]
    now = timezone.now() + dt.timedelta(seconds=1)
    old = sent(mission, gateways[GatewayKind.RAPIDPRO], now)
    twilio = sent(mission, gateways[GatewayKind.TWILIO], now)
    assert outbox.poll_delivery(now=now + dt.timedelta(days=3)) == 0 and polls(fake_gateway) == []

    recent = sent(mission, gateways[GatewayKind.RAPIDPRO], now + dt.timedelta(days=3))
    assert outbox.poll_delivery(now=now + dt.timedelta(days=3, minutes=5)) == 1
    recent.refresh_from_db()
    assert recent.status == OutboundStatus.FAILED and "failed" in recent.last_error
    assert OutboundMessage.objects.get(pk=old.pk).status == OutboundStatus.SENT
    assert OutboundMessage.objects.get(pk=twilio.pk).status == OutboundStatus.SENT
    assert len(polls(fake_gateway)) == 1
