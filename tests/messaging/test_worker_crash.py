"""A worker killed with -9 while a gateway holds its request, then a worker started again: on a gateway that
deduplicates on our reference the recipient gets the message once; on one that cannot tell (RapidPro/TextIt)
the message is left "uncertain", never sent twice. Real `peaceops worker` processes, a fake gateway in a
thread of the test."""

import pytest
from django.db import transaction

from peaceops.messaging import outbox
from peaceops.messaging.choices import Channel, GatewayKind
from peaceops.messaging.models import Gateway
from tests.worker.harness import SharedDatabase, WorkerProcess, wait_for

from .conftest import SECRET
from .fakegateway import Answer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]
WORKER = ("--lease", "2", "--interval", "0.2")


@pytest.fixture(autouse=True)
def _database_queue(settings, monkeypatch, _tasks_run_at_once):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setenv("PEACEOPS_OUTBOX_CLAIM_SECONDS", "3")  # the workers' claim lease
    monkeypatch.setenv("PEACEOPS_SMS_READ_TIMEOUT", "300")  # the first worker waits on the gateway until killed


def status(db) -> str:
    return db.value("SELECT status FROM messaging_outboundmessage")


@pytest.mark.parametrize(("kind", "final", "posts"), [(GatewayKind.JSON, "sent", 2),
                                                      (GatewayKind.RAPIDPRO, "uncertain", 1)])
def test_a_message_whose_worker_was_killed_mid_send_reaches_the_recipient_at_most_once(
        tmp_path, mission, fake_gateway, kind, final, posts):
    fake_gateway.answers = [Answer(201, {"id": "slow"}, delay=120), Answer(201, {"id": "gw-2"})]
    base_url = fake_gateway.url + ("/send" if kind == GatewayKind.JSON else "")
    gateway = Gateway.objects.create(mission=mission, name="gw", kind=kind, secret=SECRET, base_url=base_url,
                                     api_token="rp-token", sender="+38344000000")
    with transaction.atomic():
        message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient="+38344123456",
                                       body="Your alert K7Q-42 was received.", gateway=gateway)
    db = SharedDatabase(tmp_path).open()
    first = WorkerProcess(db, tmp_path / "first.log", "--no-scheduler", *WORKER)
    wait_for(lambda: len(fake_gateway.requests) == 1, "the first worker to post to the gateway")
    first.kill()
    assert status(db) == "sending"

    second = WorkerProcess(db, tmp_path / "second.log", *WORKER)  # with the scheduler: the minute's sweep
    wait_for(lambda: status(db) == final, f"the message to become {final}", deadline=180)
    assert second.stop() == 0, second.output()
    sent = [r for r in fake_gateway.requests if r.method == "POST"]
    assert len(sent) == posts, second.output()
    if kind == GatewayKind.JSON:
        assert fake_gateway.delivered == [str(message.uuid)]  # two posts, one SMS
    else:
        note = db.value("SELECT last_error FROM messaging_outboundmessage")
        assert "not sent again by itself" in note
