"""End to end with a fake SMS gateway (a local HTTP server the test starts): a villager's SMS in Albanian comes
through the Twilio webhook, the worker reads it, the outbox sends the receipt to the gateway in Albanian with
the reference; the watch verifies, tasks a patrol and closes, and the gateway receives each status message
once, however often the outbox runs. Time is moved forward (`send_due(now=...)`), never slept."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from peaceops.alerts.intake import read_pending
from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService
from peaceops.core.choices import Role
from peaceops.messaging import outbox
from peaceops.messaging.choices import GatewayKind, OutboundStatus
from peaceops.messaging.models import Gateway, OutboundMessage
from peaceops.messaging.texts import DEFAULT_WORDING
from peaceops.messaging.wording import install_defaults
from peaceops.testing import world
from tests.messaging.conftest import SECRET, post_twilio, twilio_sms
from tests.messaging.fakegateway import FakeGateway, serve

VILLAGER = "+38344123456"
ALBANIAN_SMS = "Të shtëna në Prishtinë pranë shkollës, dy të plagosur"


@pytest.fixture
def fake():
    gateway, stop = serve(FakeGateway())
    yield gateway
    stop()


@pytest.fixture
def kosovo(mission, fake, settings):
    """UNMIK (no gazetteer: places are not the point here) with the built-in wording, a Twilio gateway talking
    to the fake one, and its watch officer."""
    settings.PEACEOPS_SMS_READ_TIMEOUT = 2
    unmik = mission
    install_defaults(unmik)
    gateway = Gateway.objects.create(mission=unmik, name="Twilio", kind=GatewayKind.TWILIO, secret=SECRET,
                                     account="AC123", sender="+38344000000", base_url=fake.url)
    watch = world.member(unmik, world.organisation("UNMIK"), Role.WATCH_OFFICER, username="unmik-watch")
    return {"mission": unmik, "gateway": gateway, "watch": watch}


class Clock:
    """The worker's time, moved forward by the test."""

    def __init__(self):
        self.now = timezone.now()

    def later(self, **delta) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def sms_received(fake) -> list[dict]:
    """The SMS the fake gateway was asked to send (Twilio's form: To, From, Body), in order."""
    return [r.form() for r in fake.requests if r.method == "POST" and r.path.endswith("/Messages.json")]


def sms_from_villager(client, kosovo, sid, body=ALBANIAN_SMS):
    response = post_twilio(client, kosovo["gateway"], twilio_sms(sid=sid, sender=VILLAGER, body=body))
    assert response.status_code == 200
    return response


def test_the_reporter_hears_back_in_albanian_from_receipt_to_close(kosovo, fake):
    clock, client, watch = Clock(), Client(), kosovo["watch"]
    sms_from_villager(client, kosovo, "SM100")
    sms_from_villager(client, kosovo, "SM100")  # the gateway retries its webhook: still one alert
    alert = Alert.objects.get()
    assert outbox.send_due(now=clock.later(seconds=5)) == {"recovered": 0}  # nothing before the reading

    assert read_pending(now=clock.later(seconds=30)) == 1
    outbox.send_due(now=clock.later(seconds=1))
    alert.refresh_from_db()
    assert alert.language == "sq"
    [receipt] = sms_received(fake)
    assert receipt["To"] == VILLAGER and receipt["From"] == "+38344000000"
    assert receipt["Body"] == DEFAULT_WORDING["sq"]["receipt"].format(reference=alert.reference)
    assert alert.reference in receipt["Body"] and "Faleminderit" in receipt["Body"]

    service = AlertService()
    alert = service.verify(alert, acting_user=watch)
    service.task(alert, acting_user=watch, kind="patrol", unit="Patrol 3 (FPU)", note="armed men reported")
    alert = service.close(Alert.objects.get(pk=alert.pk), acting_user=watch, note="patrol found the scene calm")
    for _ in range(2):  # the outbox runs twice: each message leaves once
        outbox.send_due(now=clock.later(minutes=1))
    bodies = [m["Body"] for m in sms_received(fake)]
    expected = [DEFAULT_WORDING["sq"][key].format(reference=alert.reference)
                for key in ("receipt", "verified", "acted_on", "closed")]
    assert bodies == expected
    assert not any(word in " ".join(bodies) for word in ("Patrol", "FPU", "armed", "calm"))  # nothing internal
    related = OutboundMessage.objects.filter(related_type="alerts.alert", related_id=str(alert.pk))
    assert related.count() == 4 and set(related.values_list("status", flat=True)) == {OutboundStatus.SENT}

    # A second reading (the worker's sweep after a crash) or a repeated status sends nothing again.
    read_pending(now=clock.later(minutes=1))
    service.step(alert, acting_user=watch, reason="reopened", status="verified")
    outbox.send_due(now=clock.later(minutes=1))
    assert len(sms_received(fake)) == 4


def test_a_bad_signature_is_refused_and_nobody_is_written_to(kosovo, fake):
    response = post_twilio(Client(), kosovo["gateway"], twilio_sms(sid="SM101", sender=VILLAGER,
                                                                   body=ALBANIAN_SMS), secret="not-the-secret")
    assert response.status_code in (401, 403)
    read_pending()
    outbox.send_due(now=timezone.now() + dt.timedelta(minutes=1))
    assert not Alert.objects.exists() and sms_received(fake) == []


def test_a_dismissed_alert_is_told_closed_and_never_why(kosovo, fake):
    clock, client = Clock(), Client()
    sms_from_villager(client, kosovo, "SM102", body="Protestë në Ferizaj para komunës")
    read_pending(now=clock.later(seconds=30))
    alert = Alert.objects.get()
    AlertService().dismiss(alert, acting_user=kosovo["watch"], why="other", note="a wedding, not a protest")
    outbox.send_due(now=clock.later(minutes=1))
    outbox.send_due(now=clock.later(minutes=1))
    bodies = [m["Body"] for m in sms_received(fake)]
    assert bodies == [DEFAULT_WORDING["sq"]["receipt"].format(reference=alert.reference),
                      DEFAULT_WORDING["sq"]["closed"].format(reference=alert.reference)]
    assert "wedding" not in " ".join(bodies)


def test_a_misconduct_allegation_gets_nothing_after_the_receipt(kosovo, fake):
    clock, client, watch = Clock(), Client(), kosovo["watch"]
    sms_from_villager(client, kosovo, "SM103", body="Ushtarët e misionit kërkuan para në Vushtrri")
    read_pending(now=clock.later(seconds=30))
    outbox.send_due(now=clock.later(seconds=1))
    alert = Alert.objects.get()
    assert len(sms_received(fake)) == 1  # the receipt: the allegation is not known yet
    service = AlertService()
    alert = service.mark_misconduct(alert, acting_user=watch, reason="alleges extortion by mission personnel")
    service.step(alert, acting_user=watch, reason="closed by conduct and discipline", status="closed")
    outbox.send_due(now=clock.later(minutes=5))
    assert len(sms_received(fake)) == 1
    assert not OutboundMessage.objects.filter(related_id=str(alert.pk)).exclude(body__contains="Faleminderit")
