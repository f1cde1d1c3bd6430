"""An SMS through a gateway's webhook becomes one alert, read by the worker into a place, a category and the
reporter's language, with a priority."""

import pytest
from django.test import Client

from peaceops.alerts.intake import read_pending
from peaceops.alerts.models import Alert
from peaceops.core.choices import Role
from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.models import Gateway
from peaceops.testing import world
from tests.messaging.conftest import SECRET, post_twilio, twilio_sms


@pytest.fixture
def twilio(unmik):
    world.member(unmik, world.organisation("UNMIK"), Role.WATCH_OFFICER, username="unmik-watch")
    return Gateway.objects.create(mission=unmik, name="Twilio", kind=GatewayKind.TWILIO, secret=SECRET,
                                  account="AC123", sender="+38344000000")


def test_a_retried_webhook_makes_one_alert_read_later_by_the_worker(unmik, twilio):
    client = Client()
    sms = twilio_sms(sid="SM42", body="UZBUNA Zvečan: pucnjava kod škole, ima ranjenih")
    assert post_twilio(client, twilio, sms).status_code == 200
    assert post_twilio(client, twilio, sms).status_code == 200  # the gateway retries
    alert = Alert.objects.get()
    assert alert.channel == "sms" and alert.reporter_phone == "+38344123456" and alert.read_at is None
    assert read_pending() == 1
    alert.refresh_from_db()
    assert alert.language == "sr-latn" and alert.category == "shooting" and alert.location_name == "Zvečan"
    assert alert.lon is not None and alert.priority > 0 and alert.priority_factors["points"]["severity"] > 0
    assert read_pending() == 0  # read once


def test_a_bad_signature_makes_no_alert(unmik, twilio):
    response = post_twilio(Client(), twilio, twilio_sms(sid="SM43"), secret="not-the-secret")
    assert response.status_code in (401, 403) and not Alert.objects.exists()
