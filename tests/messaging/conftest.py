"""Messaging tests: gateways of each kind in UNMIK (the test world's mission), a fake HTTP gateway, and
signing helpers that post as each gateway kind does."""

import json

import pytest

from peaceops.core.models import Participation
from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.models import Gateway
from peaceops.messaging.signatures import json_signature, twilio_signature
from peaceops.testing import world

from .fakegateway import FakeGateway, serve

SECRET = "s3cret-shared-with-the-gateway"


@pytest.fixture(autouse=True)
def receiving_organisation(request):
    """UNMIK takes part in its mission: an SMS becomes a community alert, which an organisation must own."""
    if "mission" in request.fixturenames:
        from peaceops.core.services import enrol_organisation
        from peaceops.testing import world

        enrol_organisation(mission=request.getfixturevalue("mission"), organisation=world.organisation("UNMIK"))


@pytest.fixture
def fake_gateway():
    fake, stop = serve(FakeGateway())
    yield fake
    stop()


@pytest.fixture
def gateways(mission, fake_gateway, tmp_path, settings):
    """One gateway of each kind in UNMIK; the HTTP ones talk to the fake gateway. The UNMIK organisation takes
    part in the mission: it owns the alerts the inbound messages become (alerts' intake)."""
    unmik = world.organisation("UNMIK")
    Participation.objects.get_or_create(mission=mission, organisation=unmik, defaults={"administered_by": unmik})
    settings.PEACEOPS_MESSAGING_FILE = tmp_path / "outbox.jsonl"
    settings.PEACEOPS_SMS_READ_TIMEOUT = 0.5
    url = fake_gateway.url

    def make(kind, **extra):
        return Gateway.objects.create(mission=mission, name=f"{kind} gateway", kind=kind, secret=SECRET,
                                      sender="+38344000000", **extra)

    return {
        GatewayKind.TWILIO: make(GatewayKind.TWILIO, base_url=url, account="AC123"),
        GatewayKind.RAPIDPRO: make(GatewayKind.RAPIDPRO, base_url=url, api_token="rp-token"),
        GatewayKind.JSON: make(GatewayKind.JSON, base_url=url + "/send"),
        GatewayKind.FILE: make(GatewayKind.FILE),
        GatewayKind.CONSOLE: make(GatewayKind.CONSOLE),
    }


def hook_url(gateway, status: bool = False) -> str:
    return f"/hooks/sms/{gateway.uuid}/" + ("status/" if status else "")


def post_twilio(client, gateway, form: dict, *, secret=SECRET, signed=True, status=False, query=""):
    url = hook_url(gateway, status) + (f"?{query}" if query else "")
    headers = {}
    if signed:
        headers["HTTP_X_TWILIO_SIGNATURE"] = twilio_signature(secret, "http://testserver" + url, form)
    return client.post(url, form, **headers)


def post_json(client, gateway, payload, *, secret=SECRET, signed=True, status=False, raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"HTTP_X_PEACEOPS_SIGNATURE": "sha256=" + json_signature(secret, body)} if signed else {}
    return client.post(hook_url(gateway, status), body, content_type="application/json", **headers)


def post_rapidpro(client, gateway, payload, *, secret=SECRET, signed=True, status=False):
    headers = {"HTTP_AUTHORIZATION": f"Token {secret}"} if signed else {}
    return client.post(hook_url(gateway, status), json.dumps(payload), content_type="application/json", **headers)


def twilio_sms(sid="SM0001", sender="+38344123456", body="ALERT Zvecan shooting"):
    return {"MessageSid": sid, "AccountSid": "AC123", "From": sender, "To": "+38344000000", "Body": body}


def rapidpro_run(uuid="4f1c-0001", urn="tel:+38344123456", text="ALERT Mitrovica fire"):
    """The default body of a RapidPro/TextIt "Call webhook" action (the parts PeaceOps reads, and some more)."""
    return {"contact": {"uuid": "c-1", "name": "", "urn": urn},
            "flow": {"uuid": "f-1", "name": "Alerts"},
            "run": {"uuid": "r-1", "created_on": "2026-12-06T10:00:00.000000Z"},
            "input": {"uuid": uuid, "type": "msg", "text": text, "attachments": [], "urn": urn,
                      "created_on": "2026-12-06T10:00:01.000000Z"},
            "results": {}}


def plain(id="m-1", sender="+38344123456", text="Shots heard near the bridge", received_at="2026-12-06T10:00:00Z"):
    return {"id": id, "from": sender, "text": text, "received_at": received_at}
