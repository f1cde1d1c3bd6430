"""The inbound webhook, driven as each gateway posts: a genuine post is stored once and announced once, a
forged or unsigned one is refused with 403, a post the gateway repeats stores nothing new, a bad payload is a
400 naming the field, and a flood beyond the gateway's limit is answered 429."""

import datetime as dt

import pytest

from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.hooks import inbound_received
from peaceops.messaging.models import InboundMessage

from .conftest import hook_url, plain, post_json, post_rapidpro, post_twilio, rapidpro_run, twilio_sms

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The messages announced with `inbound_received`, in order."""
    seen = []

    def receiver(sender, message, gateway, mission, **kwargs):
        seen.append((message.gateway_message_id, gateway.pk, mission.code))

    inbound_received.connect(receiver, dispatch_uid="tests.messaging.announced")
    yield seen
    inbound_received.disconnect(dispatch_uid="tests.messaging.announced")


# -- each shape, signed well -----------------------------------------------------------------------------------

def test_a_twilio_sms_is_stored_with_who_sent_what(client, gateways, announced):
    gateway = gateways[GatewayKind.TWILIO]
    response = post_twilio(client, gateway, twilio_sms())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    message = InboundMessage.objects.get(gateway=gateway)
    assert (message.gateway_message_id, message.sender, message.text) == (
        "SM0001", "+38344123456", "ALERT Zvecan shooting")
    assert message.raw["AccountSid"] == "AC123" and message.mission.code == "UNMIK"
    assert announced == [("SM0001", gateway.pk, "UNMIK")]


def test_a_rapidpro_webhook_is_stored_from_its_default_body(client, gateways, announced):
    gateway = gateways[GatewayKind.RAPIDPRO]
    response = post_rapidpro(client, gateway, rapidpro_run())
    assert response.status_code == 200 and response.json() == {"stored": True, "id": "4f1c-0001"}
    message = InboundMessage.objects.get(gateway=gateway)
    assert (message.sender, message.text) == ("+38344123456", "ALERT Mitrovica fire")
    assert message.received_at == dt.datetime(2026, 12, 6, 10, 0, 1, tzinfo=dt.UTC)
    assert message.raw["flow"]["name"] == "Alerts"
    assert announced == [("4f1c-0001", gateway.pk, "UNMIK")]


def test_the_secret_header_is_accepted_for_rapidpro_as_well(client, gateways):
    gateway = gateways[GatewayKind.RAPIDPRO]
    import json

    response = client.post(hook_url(gateway), json.dumps(rapidpro_run()), content_type="application/json",
                           HTTP_X_PEACEOPS_SECRET="s3cret-shared-with-the-gateway")
    assert response.status_code == 200


def test_a_plain_json_message_is_stored_with_its_time(client, gateways, announced):
    gateway = gateways[GatewayKind.JSON]
    response = post_json(client, gateway, plain(text="Пуцњава код моста"))
    assert response.status_code == 200
    message = InboundMessage.objects.get(gateway=gateway)
    assert message.text == "Пуцњава код моста"
    assert message.received_at == dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
    assert announced == [("m-1", gateway.pk, "UNMIK")]


# -- forged, unsigned --------------------------------------------------------------------------------------------

POSTERS = {
    GatewayKind.TWILIO: lambda client, gw, **kw: post_twilio(client, gw, twilio_sms(), **kw),
    GatewayKind.RAPIDPRO: lambda client, gw, **kw: post_rapidpro(client, gw, rapidpro_run(), **kw),
    GatewayKind.JSON: lambda client, gw, **kw: post_json(client, gw, plain(), **kw),
}


@pytest.mark.parametrize("kind", sorted(POSTERS))
def test_a_post_signed_with_another_secret_is_refused(client, gateways, announced, kind):
    response = POSTERS[kind](client, gateways[kind], secret="guessed-secret")
    assert response.status_code == 403
    assert response.json()["error"] == "signature"
    assert not InboundMessage.objects.exists() and announced == []


@pytest.mark.parametrize("kind", sorted(POSTERS))
def test_an_unsigned_post_is_refused(client, gateways, announced, kind):
    response = POSTERS[kind](client, gateways[kind], signed=False)
    assert response.status_code == 403
    assert "missing" in response.json()["detail"]
    assert not InboundMessage.objects.exists() and announced == []


def test_a_twilio_signature_for_other_parameters_is_refused(client, gateways):
    """The signature covers the parameters: a signed post with its text changed on the way is refused."""
    from peaceops.messaging.signatures import twilio_signature

    gateway = gateways[GatewayKind.TWILIO]
    url = hook_url(gateway)
    signature = twilio_signature("s3cret-shared-with-the-gateway", "http://testserver" + url, twilio_sms())
    tampered = twilio_sms(body="ALERT somewhere else")
    assert client.post(url, tampered, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 403


def test_a_json_signature_for_another_body_is_refused(client, gateways):
    import json

    from peaceops.messaging.signatures import json_signature

    gateway = gateways[GatewayKind.JSON]
    signature = json_signature("s3cret-shared-with-the-gateway", json.dumps(plain()).encode())
    response = client.post(hook_url(gateway), json.dumps(plain(text="changed")), content_type="application/json",
                           HTTP_X_PEACEOPS_SIGNATURE=signature)
    assert response.status_code == 403


def test_a_gateway_posting_to_another_gateways_hook_is_refused(client, gateways, mission):
    """Each gateway has its own secret: one gateway's signature is worthless on another's webhook."""
    from peaceops.messaging.models import Gateway

    other = Gateway.objects.create(mission=mission, name="second", kind=GatewayKind.JSON, secret="another",
                                   base_url="http://127.0.0.1:9/")
    assert post_json(client, other, plain()).status_code == 403
    assert post_json(client, other, plain(), secret="another").status_code == 200


# -- once per message --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(POSTERS))
def test_a_repeated_post_answers_200_and_stores_and_announces_nothing_new(client, gateways, announced, kind):
    first = POSTERS[kind](client, gateways[kind])
    again = POSTERS[kind](client, gateways[kind])
    assert first.status_code == again.status_code == 200
    assert InboundMessage.objects.filter(gateway=gateways[kind]).count() == 1
    assert len(announced) == 1
    if kind != GatewayKind.TWILIO:
        assert again.json()["stored"] is False


def test_the_same_message_id_from_two_gateways_is_two_messages(client, gateways, announced):
    from peaceops.messaging.models import Gateway

    second = Gateway.objects.create(mission=gateways[GatewayKind.JSON].mission, name="backup", kind=GatewayKind.JSON,
                                    secret="s3cret-shared-with-the-gateway", base_url="http://127.0.0.1:9/")
    assert post_json(client, gateways[GatewayKind.JSON], plain()).status_code == 200
    assert post_json(client, second, plain()).status_code == 200
    assert InboundMessage.objects.count() == 2 and len(announced) == 2


def test_a_failing_subscriber_rolls_the_message_back_so_the_gateway_retries(client, gateways):
    """The alerts app's receiver runs in the webhook's transaction: if it fails, nothing is kept and the
    gateway's retry is stored as new."""
    def broken(sender, **kwargs):
        raise RuntimeError("alerts database trouble")

    inbound_received.connect(broken, dispatch_uid="tests.messaging.broken")
    client.raise_request_exception = False
    try:
        assert post_json(client, gateways[GatewayKind.JSON], plain()).status_code == 500
    finally:
        inbound_received.disconnect(dispatch_uid="tests.messaging.broken")
    assert not InboundMessage.objects.exists()
    assert post_json(client, gateways[GatewayKind.JSON], plain()).json()["stored"] is True


# -- bad payloads ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("payload", "field"), [
    ({"from": "+38344123456", "text": "x"}, "id"),
    ({"id": "m-2", "text": "x"}, "from"),
    ({"id": "m-2", "from": "+38344123456", "text": ""}, "text"),
    ({"id": "m-2", "from": "+38344123456", "text": "x", "received_at": "yesterday"}, "received_at"),
    ({"id": "m-2", "from": "+38344123456", "text": "x", "received_at": "2026-12-06T10:00:00"}, "received_at"),
    ({"id": ["m-2"], "from": "+38344123456", "text": "x"}, "id"),
    (["not", "an", "object"], "body"),
])
def test_a_bad_json_payload_is_a_400_naming_the_field(client, gateways, payload, field):
    response = post_json(client, gateways[GatewayKind.JSON], payload)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["detail"]
    assert not InboundMessage.objects.exists()


def test_a_body_that_is_not_json_is_a_400(client, gateways):
    response = post_json(client, gateways[GatewayKind.JSON], None, raw=b"From=+383&Body=hello")
    assert response.status_code == 400 and response.json()["field"] == "body"


def test_a_twilio_post_without_a_sender_is_a_400(client, gateways):
    form = twilio_sms()
    del form["From"]
    response = post_twilio(client, gateways[GatewayKind.TWILIO], form)
    assert response.status_code == 400 and response.json()["field"] == "From"


def test_a_rapidpro_post_without_its_input_is_a_400(client, gateways):
    payload = rapidpro_run()
    del payload["input"]
    response = post_rapidpro(client, gateways[GatewayKind.RAPIDPRO], payload)
    assert response.status_code == 400 and response.json()["field"] == "input"


# -- the door itself -------------------------------------------------------------------------------------------

def test_an_unknown_or_switched_off_gateway_is_a_404(client, gateways):
    import uuid

    assert client.post(f"/hooks/sms/{uuid.uuid4()}/", {}).status_code == 404
    gateway = gateways[GatewayKind.JSON]
    gateway.active = False
    gateway.save()
    assert post_json(client, gateway, plain()).status_code == 404


def test_the_hook_takes_only_posts_and_needs_no_session(client, gateways):
    gateway = gateways[GatewayKind.JSON]
    assert client.get(hook_url(gateway)).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)  # no CSRF token: the signature is what counts
    assert post_json(strict, gateway, plain()).status_code == 200
    assert "sessionid" not in strict.cookies


def test_posts_beyond_the_gateways_limit_are_answered_429_until_the_next_minute(client, gateways):
    gateway = gateways[GatewayKind.JSON]
    gateway.max_per_minute = 3
    gateway.save()
    codes = [post_json(client, gateway, plain(id=f"m-{n}")).status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert InboundMessage.objects.filter(gateway=gateway).count() == 3
    other = gateways[GatewayKind.RAPIDPRO]  # another gateway's limit is its own
    assert post_rapidpro(client, other, rapidpro_run()).status_code == 200
    from peaceops.messaging.models import RateWindow
    from peaceops.messaging.ratelimit import allow

    RateWindow.objects.update(window_start=RateWindow.objects.first().window_start - dt.timedelta(minutes=1))
    assert allow(f"sms-hook:{gateway.pk}", limit=3)  # a new minute, a new window


def test_twilio_signs_the_public_url_behind_a_proxy(client, gateways, settings):
    from peaceops.messaging.signatures import twilio_signature

    settings.PEACEOPS_PUBLIC_URL = "https://ops.example.org"
    gateway = gateways[GatewayKind.TWILIO]
    url = hook_url(gateway)
    signature = twilio_signature("s3cret-shared-with-the-gateway", "https://ops.example.org" + url, twilio_sms())
    assert client.post(url, twilio_sms(), HTTP_X_TWILIO_SIGNATURE=signature).status_code == 200
