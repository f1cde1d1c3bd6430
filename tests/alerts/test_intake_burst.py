"""What the fast intake keeps true under a burst of SMS (docs/benchmarks.md, "Community alerts through the
webhook"): each post one transaction with its rate count, one reading run waiting however many alerts came,
the alert created with its message and focal point in its first change-log entry, and the intake's owner
following a change of the mission's alert settings at once."""

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peaceops.alerts.intake import read_alerts_task
from peaceops.alerts.models import Alert, AlertSettings, FocalPoint
from peaceops.alerts.services import settings_for
from peaceops.core.models import ChangeLogEntry, Participation
from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.hooks import inbound_received
from peaceops.messaging.models import Gateway, InboundMessage
from peaceops.testing import world
from tests.messaging.conftest import SECRET, post_json


@pytest.fixture
def gateway(mission):
    for code in ("UNMIK", "KFOR"):
        org = world.organisation(code)
        Participation.objects.get_or_create(mission=mission, organisation=org, defaults={"administered_by": org})
    return Gateway.objects.create(mission=mission, name="JSON", kind=GatewayKind.JSON, secret=SECRET,
                                  base_url="http://127.0.0.1:9/send")


def sms(i: int, sender: str = "+38344123456") -> dict:
    return {"id": f"m-{i}", "from": sender, "text": f"Shots heard near the school {i}"}


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_alerts_leaves_one_reading_run_waiting_for_the_worker(settings, gateway):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = Client()
    for i in range(5):
        assert post_json(client, gateway, sms(i)).status_code == 200
    assert Alert.objects.count() == 5
    waiting = DBTaskResult.objects.ready().filter(task_path=read_alerts_task.module_path)
    assert waiting.count() == 1  # not five: the one run reads every alert committed before it starts
    waiting.update(status="SUCCESSFUL")  # the worker ran it
    assert post_json(client, gateway, sms(5)).status_code == 200
    assert DBTaskResult.objects.ready().filter(task_path=read_alerts_task.module_path).count() == 1


def test_the_alert_is_created_with_its_message_and_focal_point_in_its_first_log_entry(mission, gateway):
    now = timezone.now()
    point = FocalPoint.objects.create(mission=mission, owner=world.organisation("UNMIK"), name="Ana",
                                      phone="+38344555666", trust=3, created_at=now, updated_at=now)
    assert post_json(Client(), gateway, sms(1, sender="+38344555666")).status_code == 200
    alert = Alert.objects.get()
    message = InboundMessage.objects.get()
    assert (alert.inbound_message, alert.focal_point, alert.trust) == (message, point, 3)
    created = ChangeLogEntry.objects.get(object_type="alerts.alert", object_id=str(alert.pk), action="create")
    assert created.after["inbound_message_id"] == message.pk and created.after["focal_point_id"] == str(point.pk)


def test_the_intake_owner_follows_the_settings_at_once(mission, gateway):
    client = Client()
    assert post_json(client, gateway, sms(1)).status_code == 200
    by_rule = Alert.objects.get().owner.code  # no owner named: the mission's first UN organisation
    for i, code in enumerate(("KFOR", "UNMIK"), start=2):
        settings = settings_for(mission)
        settings.owner = world.organisation(code)
        settings.save()
        assert post_json(client, gateway, sms(i)).status_code == 200
        assert Alert.objects.get(inbound_message__gateway_message_id=f"m-{i}").owner.code == code
    AlertSettings.objects.filter(mission=mission).delete()
    assert post_json(client, gateway, sms(4)).status_code == 200
    assert Alert.objects.get(inbound_message__gateway_message_id="m-4").owner.code == by_rule


def test_a_post_that_failed_does_not_count_against_the_gateways_limit(gateway):
    """The rate window's count commits with the message: a post answered 500 counted nothing, so the gateway's
    retry is taken, not refused with 429."""
    gateway.max_per_minute = 1
    gateway.save()

    def fail(**kwargs):
        raise RuntimeError("alerts database trouble")

    inbound_received.connect(fail, dispatch_uid="test-fail")
    client = Client(raise_request_exception=False)
    try:
        assert post_json(client, gateway, sms(1)).status_code == 500
    finally:
        inbound_received.disconnect(dispatch_uid="test-fail")
    assert not InboundMessage.objects.exists()
    assert post_json(client, gateway, sms(1)).status_code == 200  # the retry, within the same minute
    assert post_json(client, gateway, sms(2)).status_code == 429  # and now the minute is full
