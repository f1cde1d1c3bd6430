"""The outbox as an app uses it and the worker runs it: a message queued in the caller's transaction leaves
only if that commits; each HTTP gateway receives the shape it expects; failures are retried with a doubling
back-off and given up after the last try; and a message a dead worker left "sending" is not sent twice.
Time is moved forward by passing `now`, never slept."""

import base64
import datetime as dt
import json

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from peaceops.core.kit.errors import FieldError
from peaceops.messaging import outbox
from peaceops.messaging.backends import backend_for
from peaceops.messaging.choices import Channel, GatewayKind, OutboundStatus
from peaceops.messaging.models import OutboundMessage
from peaceops.messaging.signatures import json_signature

from .conftest import SECRET
from .fakegateway import Answer

pytestmark = pytest.mark.django_db
NUMBER = "+38344123456"


def queue(mission, gateway, body="Your alert K7Q-42 was received.", **extra):
    return outbox.queue_message(mission=mission, channel=Channel.SMS, recipient=NUMBER, body=body,
                                gateway=gateway, **extra)


def fresh(message) -> OutboundMessage:
    return OutboundMessage.objects.get(pk=message.pk)


def posts(fake):
    return [r for r in fake.requests if r.method == "POST"]


# -- queueing ----------------------------------------------------------------------------------------------------

def test_a_message_queued_in_a_transaction_that_fails_is_never_stored(mission, gateways):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(mission, gateways[GatewayKind.FILE])
        raise RuntimeError("the alert could not be saved")
    assert not OutboundMessage.objects.exists()


def test_a_committed_message_wakes_the_worker_and_is_sent(mission, gateways, settings,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(mission, gateways[GatewayKind.FILE], language="sr_Latn")
    message = fresh(message)
    assert message.status == OutboundStatus.SENT and message.attempts == 1 and message.sent_at
    assert message.language == "sr-latn"
    lines = [json.loads(line) for line in settings.PEACEOPS_MESSAGING_FILE.read_text().splitlines()]
    assert lines == [{**lines[0], "reference": str(message.uuid), "to": NUMBER, "from": "+38344000000",
                      "text": "Your alert K7Q-42 was received."}]


def test_the_mission_s_active_gateway_is_used_when_none_is_named(mission, gateways):
    for kind, gateway in gateways.items():
        gateway.active = kind == GatewayKind.CONSOLE
        gateway.save()
    message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient="+383 44 123-456", body="hi")
    assert message.gateway == gateways[GatewayKind.CONSOLE] and message.recipient == NUMBER


def test_a_related_record_is_noted(mission, gateways):
    message = queue(mission, gateways[GatewayKind.FILE], related=mission)
    assert (message.related_type, message.related_id) == ("core.mission", str(mission.pk))


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"channel": Channel.SMS, "recipient": "call me"}, "recipient"),
    ({"channel": Channel.EMAIL, "recipient": "not-an-address"}, "recipient"),
    ({"channel": "pigeon", "recipient": NUMBER}, "channel"),
    ({"channel": Channel.SMS, "recipient": NUMBER, "body": "  "}, "body"),
])
def test_what_cannot_be_sent_is_refused_naming_the_field(mission, gateways, kwargs, field):
    with pytest.raises(FieldError) as refused:
        outbox.queue_message(mission=mission, **{"body": "hello", **kwargs})
    assert refused.value.field == field
    assert not OutboundMessage.objects.exists()


def test_a_mission_without_a_gateway_cannot_queue_sms(mission):
    with pytest.raises(FieldError) as refused:
        outbox.queue_message(mission=mission, channel=Channel.SMS, recipient=NUMBER, body="hello")
    assert refused.value.field == "gateway"


def test_another_missions_gateway_is_refused(mission, gateways):
    from peaceops.testing.world import mission as world_mission

    with pytest.raises(FieldError) as refused:
        queue(world_mission("MINUSCA"), gateways[GatewayKind.FILE])
    assert refused.value.field == "gateway"


# -- each backend's shape ----------------------------------------------------------------------------------------

def test_the_plain_json_gateway_gets_our_reference_as_its_idempotency_key(mission, gateways, fake_gateway):
    message = queue(mission, gateways[GatewayKind.JSON])
    assert outbox.send_due() == {"recovered": 0, "sent": 1}
    request = fake_gateway.requests[0]
    assert request.path == "/send"
    assert request.json()["reference"] == str(message.uuid) == request.headers["Idempotency-Key"]
    assert request.json()["to"] == NUMBER and request.json()["text"] == message.body
    assert request.headers["X-PeaceOps-Signature"] == json_signature(SECRET, request.body)
    assert fresh(message).gateway_message_id == "gw-1"


def test_twilio_gets_its_form_with_basic_auth_and_our_status_callback(mission, gateways, fake_gateway, settings):
    settings.PEACEOPS_PUBLIC_URL = "https://ops.example.org"
    gateway = gateways[GatewayKind.TWILIO]
    message = queue(mission, gateway)
    outbox.send_due()
    request = fake_gateway.requests[0]
    assert request.path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request.form() == {"To": NUMBER, "From": "+38344000000", "Body": message.body,
                              "StatusCallback": f"https://ops.example.org/hooks/sms/{gateway.uuid}/status/"
                                                f"?ref={message.uuid}"}
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"AC123:{SECRET}".encode()).decode()
    assert fresh(message).gateway_message_id == "SM1"


def test_rapidpro_gets_a_broadcast_to_the_tel_urn_with_its_api_token(mission, gateways, fake_gateway):
    message = queue(mission, gateways[GatewayKind.RAPIDPRO])
    outbox.send_due()
    request = fake_gateway.requests[0]
    assert request.path == "/api/v2/broadcasts.json"
    assert request.json() == {"urns": [f"tel:{NUMBER}"], "text": message.body}
    assert request.headers["Authorization"] == "Token rp-token"
    assert fresh(message).status == OutboundStatus.SENT


def test_email_goes_through_djangos_email_backend(mission):
    message = outbox.queue_message(mission=mission, channel=Channel.EMAIL, recipient="duty@unmik.example",
                                   subject="Alert K7Q-42 escalated", body="The clock ran out.")
    outbox.send_due()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject, sent.body) == (["duty@unmik.example"], "Alert K7Q-42 escalated",
                                                  "The clock ran out.")
    assert str(message.uuid) in sent.extra_headers["Message-ID"]
    assert fresh(message).status == OutboundStatus.SENT


def test_the_console_gateway_prints_the_message(mission, gateways, capsys):
    message = queue(mission, gateways[GatewayKind.CONSOLE])
    outbox.send_due()
    assert f"[SMS to {NUMBER} via console gateway] {message.body}" in capsys.readouterr().out


# -- retries ----------------------------------------------------------------------------------------------------

def test_a_busy_gateway_is_tried_again_after_a_doubling_back_off(mission, gateways, fake_gateway, settings):
    settings.PEACEOPS_OUTBOX_RETRY_SECONDS = 60
    fake_gateway.answers = [Answer(503), Answer(429), Answer(201, {"id": "gw-7"})]
    message = queue(mission, gateways[GatewayKind.JSON])
    t0 = timezone.now()
    outbox.send_due(now=t0)
    message = fresh(message)
    assert (message.status, message.attempts) == (OutboundStatus.QUEUED, 1)
    assert message.next_attempt_at == t0 + dt.timedelta(seconds=60) and "503" in message.last_error
    outbox.send_due(now=t0 + dt.timedelta(seconds=59))  # not due yet
    assert len(fake_gateway.requests) == 1
    t1 = t0 + dt.timedelta(seconds=61)
    outbox.send_due(now=t1)
    message = fresh(message)
    assert message.attempts == 2 and message.next_attempt_at == t1 + dt.timedelta(seconds=120)
    outbox.send_due(now=t1 + dt.timedelta(seconds=121))
    message = fresh(message)
    assert (message.status, message.attempts, message.gateway_message_id) == (OutboundStatus.SENT, 3, "gw-7")
    assert len(fake_gateway.requests) == 3


def test_a_message_is_given_up_after_its_last_try(mission, gateways, fake_gateway, settings):
    settings.PEACEOPS_OUTBOX_MAX_ATTEMPTS = 3
    fake_gateway.answers = [Answer(502)]
    message = queue(mission, gateways[GatewayKind.JSON])
    now = timezone.now()
    for _ in range(6):
        outbox.send_due(now=now)
        now += dt.timedelta(hours=2)
    message = fresh(message)
    assert (message.status, message.attempts) == (OutboundStatus.FAILED, 3)
    assert message.last_error.startswith("gave up after 3 tries")
    assert len(fake_gateway.requests) == 3


def test_a_refused_number_fails_at_once(mission, gateways, fake_gateway):
    fake_gateway.answers = [Answer(400, {"code": 21211, "message": "The 'To' number is not valid."})]
    message = queue(mission, gateways[GatewayKind.TWILIO])
    outbox.send_due()
    outbox.send_due(now=timezone.now() + dt.timedelta(hours=5))
    message = fresh(message)
    assert message.status == OutboundStatus.FAILED and "21211" in message.last_error
    assert len(fake_gateway.requests) == 1


def test_an_unreachable_gateway_is_retried_even_without_idempotency(mission, gateways):
    """Nothing left the machine (connection refused): a retry cannot send twice."""
    gateway = gateways[GatewayKind.TWILIO]
    gateway.base_url = "http://127.0.0.1:9"  # the discard port: nobody listens
    gateway.save()
    message = queue(mission, gateway)
    outbox.send_due()
    message = fresh(message)
    assert message.status == OutboundStatus.QUEUED and "no connection" in message.last_error


def test_no_answer_from_twilio_leaves_the_message_uncertain_and_unsent_again(mission, gateways, fake_gateway):
    fake_gateway.answers = [Answer(201, {"sid": "SM5"}, delay=1.5)]  # beyond the 0.5 s read timeout
    message = queue(mission, gateways[GatewayKind.TWILIO])
    outbox.send_due()
    message = fresh(message)
    assert message.status == OutboundStatus.UNCERTAIN and "no answer" in message.last_error
    outbox.send_due(now=timezone.now() + dt.timedelta(days=1))
    assert len(posts(fake_gateway)) == 1


def test_no_answer_from_the_json_gateway_is_retried_with_the_same_reference(mission, gateways, fake_gateway):
    fake_gateway.answers = [Answer(201, {"id": "a"}, delay=1.5), Answer(201, {"id": "b"})]
    message = queue(mission, gateways[GatewayKind.JSON])
    outbox.send_due()
    assert fresh(message).status == OutboundStatus.QUEUED
    outbox.send_due(now=timezone.now() + dt.timedelta(minutes=5))
    assert fresh(message).status == OutboundStatus.SENT
    keys = [r.headers["Idempotency-Key"] for r in posts(fake_gateway)]
    assert keys == [str(message.uuid)] * 2 and fake_gateway.delivered == [str(message.uuid)]


# -- a worker dies mid-send --------------------------------------------------------------------------------------

def die_after_sending(message, *, now, send=True):
    """A worker claims the message and, if `send`, hands it to the gateway, then dies before recording it."""
    claimed = outbox.claim_next(now=now, worker="dead-worker")
    assert claimed.pk == message.pk and claimed.status == OutboundStatus.SENDING
    if send:
        backend_for(claimed).send(claimed)
    return claimed


def after_the_lease(now, settings):
    return now + dt.timedelta(seconds=settings.PEACEOPS_OUTBOX_CLAIM_SECONDS + 1)


def test_a_message_a_dead_worker_left_sending_on_an_idempotent_gateway_reaches_the_recipient_once(
        mission, gateways, fake_gateway, settings):
    message = queue(mission, gateways[GatewayKind.JSON])
    t0 = timezone.now()
    die_after_sending(message, now=t0)
    outbox.send_due(now=t0 + dt.timedelta(seconds=10))  # the worker may only be slow: left alone
    assert fresh(message).status == OutboundStatus.SENDING and len(posts(fake_gateway)) == 1
    counts = outbox.send_due(now=after_the_lease(t0, settings))
    assert counts == {"recovered": 1, "sent": 1}
    message = fresh(message)
    assert message.status == OutboundStatus.SENT and "same reference" in message.last_error
    assert fake_gateway.delivered == [str(message.uuid)]  # posted twice, delivered once


def test_the_file_gateway_writes_a_message_a_dead_worker_left_once(mission, gateways, settings):
    message = queue(mission, gateways[GatewayKind.FILE])
    t0 = timezone.now()
    die_after_sending(message, now=t0)
    outbox.send_due(now=after_the_lease(t0, settings))
    assert fresh(message).status == OutboundStatus.SENT
    assert len(settings.PEACEOPS_MESSAGING_FILE.read_text().splitlines()) == 1


def test_twilio_is_asked_and_a_message_it_has_is_recorded_sent_not_sent_again(
        mission, gateways, fake_gateway, settings):
    message = queue(mission, gateways[GatewayKind.TWILIO])
    fake_gateway.answers = [Answer(201, {"sid": "SM9"}),
                            Answer(200, {"messages": [{"sid": "SM8", "to": NUMBER, "body": "another text"},
                                                      {"sid": "SM9", "to": NUMBER, "body": message.body}]})]
    t0 = timezone.now()
    die_after_sending(message, now=t0)
    outbox.send_due(now=after_the_lease(t0, settings))
    message = fresh(message)
    assert (message.status, message.gateway_message_id) == (OutboundStatus.SENT, "SM9")
    assert len(posts(fake_gateway)) == 1
    lookup = fake_gateway.requests[1]
    assert lookup.method == "GET" and lookup.query["To"] == [NUMBER]


def test_twilio_is_asked_and_a_message_it_never_got_is_sent_once(mission, gateways, fake_gateway, settings):
    message = queue(mission, gateways[GatewayKind.TWILIO])
    fake_gateway.answers = [Answer(200, {"messages": []}), Answer(201, {"sid": "SM10"})]
    t0 = timezone.now()
    die_after_sending(message, now=t0, send=False)  # died before the request left
    outbox.send_due(now=after_the_lease(t0, settings))
    message = fresh(message)
    assert (message.status, message.gateway_message_id) == (OutboundStatus.SENT, "SM10")
    assert len(posts(fake_gateway)) == 1


def test_rapidpro_cannot_tell_so_the_message_is_uncertain_until_an_operator_decides(
        mission, gateways, fake_gateway, settings, people):
    message = queue(mission, gateways[GatewayKind.RAPIDPRO])
    t0 = timezone.now()
    die_after_sending(message, now=t0)
    later = after_the_lease(t0, settings)
    outbox.send_due(now=later)
    outbox.send_due(now=later + dt.timedelta(hours=3))
    message = fresh(message)
    assert message.status == OutboundStatus.UNCERTAIN and "not sent again by itself" in message.last_error
    assert len(posts(fake_gateway)) == 1
    assert outbox.requeue(message, acting_user=people["admin"])  # the operator's decision
    outbox.send_due()
    assert fresh(message).status == OutboundStatus.SENT and len(posts(fake_gateway)) == 2


def test_an_uncertain_email_is_not_sent_again(mission, settings):
    message = outbox.queue_message(mission=mission, channel=Channel.EMAIL, recipient="duty@unmik.example",
                                   body="The clock ran out.")
    t0 = timezone.now()
    die_after_sending(message, now=t0)
    outbox.send_due(now=after_the_lease(t0, settings))
    assert fresh(message).status == OutboundStatus.UNCERTAIN and len(mail.outbox) == 1


def test_two_workers_claim_a_message_once(mission, gateways):
    message = queue(mission, gateways[GatewayKind.FILE])
    first = outbox.claim_next(worker="a")
    second = outbox.claim_next(worker="b")
    assert first.pk == message.pk and second is None
