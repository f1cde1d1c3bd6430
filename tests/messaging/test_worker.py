"""The outbox on the worker, with the database queue the platform uses: queueing wakes the worker's task on
commit, the schedule sweeps the outbox every minute (retries fall due without anyone queueing), and running
the task again sends nothing twice."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peaceops.messaging import outbox
from peaceops.messaging.choices import Channel, GatewayKind, OutboundStatus
from peaceops.messaging.models import OutboundMessage
from peaceops.worker import schedule
from peaceops.worker.runner import PeaceOpsWorker

from .fakegateway import Answer

pytestmark = pytest.mark.django_db
TASK = "peaceops.messaging.outbox.send_due_messages_task"


@pytest.fixture(autouse=True)
def _database_queue(settings, _tasks_run_at_once):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_message_is_sent_by_the_worker_once(mission, gateways, settings,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient="+38344123456",
                                       body="Received: K7Q-42", gateway=gateways[GatewayKind.FILE])
    assert OutboundMessage.objects.get(pk=message.pk).status == OutboundStatus.QUEUED  # not in the request
    assert DBTaskResult.objects.filter(task_path=TASK, status="READY").count() == 1
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert OutboundMessage.objects.get(pk=message.pk).status == OutboundStatus.SENT
    from peaceops.messaging.outbox import send_due_messages_task

    send_due_messages_task.enqueue()  # a repeated wake-up: nothing left to send
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert len(settings.PEACEOPS_MESSAGING_FILE.read_text().splitlines()) == 1


def test_the_schedule_sweeps_the_outbox_every_minute_so_retries_go_out(mission, gateways, fake_gateway, settings):
    assert {p.name: p.every for p in schedule.registered()}["messaging.send-due"] == dt.timedelta(minutes=1)
    settings.PEACEOPS_OUTBOX_RETRY_SECONDS = 0  # due again at once
    fake_gateway.answers = [Answer(503), Answer(201, {"id": "gw-2"})]
    message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient="+38344123456",
                                   body="Received: K7Q-42", gateway=gateways[GatewayKind.JSON])
    sweep = [p for p in schedule.registered() if p.name == "messaging.send-due"]
    now = timezone.now()
    schedule.enqueue_due(now=now, entries=sweep)
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert OutboundMessage.objects.get(pk=message.pk).status == OutboundStatus.QUEUED
    schedule.enqueue_due(now=now + dt.timedelta(minutes=1), entries=sweep)
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert OutboundMessage.objects.get(pk=message.pk).status == OutboundStatus.SENT
    assert len(fake_gateway.requests) == 2


def test_a_transaction_queueing_many_messages_wakes_the_worker_once(mission, gateways,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            outbox.queue_message(mission=mission, channel=Channel.SMS, recipient=f"+3834412345{n}",
                                 body="Patrol dispatched", gateway=gateways[GatewayKind.FILE])
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    PeaceOpsWorker(lease_seconds=30, scheduler=False).drain()
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {OutboundStatus.SENT}
