"""Delivery status callbacks, as each gateway posts them: a signed callback moves its message on (sent,
delivered, failed), never back; an unsigned one is refused; a gateway reaches only its own messages."""

import pytest

from peaceops.messaging import outbox
from peaceops.messaging.choices import Channel, GatewayKind, OutboundStatus
from peaceops.messaging.hooks import outbound_status_changed
from peaceops.messaging.models import Gateway, OutboundMessage

from .conftest import post_json, post_rapidpro, post_twilio

pytestmark = pytest.mark.django_db


def sent_through(mission, gateway) -> OutboundMessage:
    message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient="+38344123456",
                                   body="Your alert K7Q-42 was verified.", gateway=gateway)
    outbox.send_due()
    return OutboundMessage.objects.get(pk=message.pk)


def twilio_status(sid, status, **extra):
    return {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC123", **extra}


def test_twilio_reports_delivery(client, mission, gateways, fake_gateway):
    fake_gateway.answers[0].body = {"sid": "SM42"}
    message = sent_through(mission, gateways[GatewayKind.TWILIO])
    changes = []
    outbound_status_changed.connect(lambda sender, message, previous, **kw: changes.append(
        (previous, message.status)), dispatch_uid="tests.messaging.changes", weak=False)
    try:
        response = post_twilio(client, gateways[GatewayKind.TWILIO], twilio_status("SM42", "delivered"),
                               status=True, query=f"ref={message.uuid}")
    finally:
        outbound_status_changed.disconnect(dispatch_uid="tests.messaging.changes")
    assert response.status_code == 200 and response.json() == {"updated": 1}
    message.refresh_from_db()
    assert message.status == OutboundStatus.DELIVERED and message.delivered_at
    assert changes == [(OutboundStatus.SENT, OutboundStatus.DELIVERED)]


def test_twilio_reports_an_undelivered_message_with_its_error(client, mission, gateways, fake_gateway):
    fake_gateway.answers[0].body = {"sid": "SM43"}
    message = sent_through(mission, gateways[GatewayKind.TWILIO])
    post_twilio(client, gateways[GatewayKind.TWILIO], twilio_status("SM43", "undelivered", ErrorCode="30003"),
                status=True)
    message.refresh_from_db()
    assert message.status == OutboundStatus.FAILED and message.last_error == "Twilio error 30003"


def test_a_status_never_moves_a_message_back(client, mission, gateways, fake_gateway):
    fake_gateway.answers[0].body = {"sid": "SM44"}
    message = sent_through(mission, gateways[GatewayKind.TWILIO])
    gateway = gateways[GatewayKind.TWILIO]
    post_twilio(client, gateway, twilio_status("SM44", "delivered"), status=True)
    late = post_twilio(client, gateway, twilio_status("SM44", "sent"), status=True)  # arrives out of order
    assert late.json() == {"updated": 0}
    post_twilio(client, gateway, twilio_status("SM44", "queued"), status=True)  # not a status we keep
    message.refresh_from_db()
    assert message.status == OutboundStatus.DELIVERED


def test_an_unsigned_or_forged_callback_changes_nothing(client, mission, gateways, fake_gateway):
    fake_gateway.answers[0].body = {"sid": "SM45"}
    message = sent_through(mission, gateways[GatewayKind.TWILIO])
    gateway = gateways[GatewayKind.TWILIO]
    assert post_twilio(client, gateway, twilio_status("SM45", "failed"), status=True, signed=False).status_code == 403
    assert post_twilio(client, gateway, twilio_status("SM45", "failed"), status=True,
                       secret="guess").status_code == 403
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT


def test_the_json_gateway_reports_by_our_reference(client, mission, gateways):
    gateway = gateways[GatewayKind.JSON]
    message = sent_through(mission, gateway)
    response = post_json(client, gateway, [{"reference": str(message.uuid), "status": "delivered"}], status=True)
    assert response.json() == {"updated": 1}
    message.refresh_from_db()
    assert message.status == OutboundStatus.DELIVERED


def test_a_rapidpro_bridge_reports_with_the_shared_secret(client, mission, gateways, fake_gateway):
    fake_gateway.answers[0].body = {"id": 991}
    gateway = gateways[GatewayKind.RAPIDPRO]
    message = sent_through(mission, gateway)
    assert message.gateway_message_id == "991"
    assert post_rapidpro(client, gateway, {"id": 991, "status": "failed", "error": "no credit"},
                         status=True, signed=False).status_code == 403
    assert post_rapidpro(client, gateway, {"id": 991, "status": "failed", "error": "no credit"},
                         status=True).json() == {"updated": 1}
    message.refresh_from_db()
    assert message.status == OutboundStatus.FAILED and message.last_error == "no credit"


@pytest.mark.parametrize(("payload", "field"), [
    ({"reference": "x", "status": "lost"}, "status"),
    ({"status": "delivered"}, "reference"),
    ([{"reference": "x", "status": "sent"}, "oops"], "[1].body"),
])
def test_a_bad_callback_is_a_400_naming_the_field(client, gateways, payload, field):
    response = post_json(client, gateways[GatewayKind.JSON], payload, status=True)
    assert response.status_code == 400 and response.json()["field"] == field


def test_a_gateway_cannot_report_on_another_gateways_messages(client, mission, gateways):
    message = sent_through(mission, gateways[GatewayKind.FILE])
    other = Gateway.objects.create(mission=mission, name="other", kind=GatewayKind.JSON,
                                   secret="s3cret-shared-with-the-gateway", base_url="http://127.0.0.1:9/")
    response = post_json(client, other, {"reference": str(message.uuid), "status": "failed"}, status=True)
    assert response.json() == {"updated": 0}
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT
