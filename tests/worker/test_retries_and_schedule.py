"""The worker's rules, run in this process (`PeaceOpsWorker.drain`): a failing task is retried with back-off,
then failed with its error where an operator looks (`peaceops worker --status`); a task left RUNNING by a lost
worker is queued again (or failed once its tries are used); two schedulers at the same instant enqueue a
periodic task once per slot."""

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peaceops.core.models import Organisation
from peaceops.worker import schedule
from peaceops.worker.models import ScheduleSlot, WorkerBeat
from peaceops.worker.runner import PeaceOpsWorker, reclaim_lost_tasks
from tests.worker import steps


def worker() -> PeaceOpsWorker:
    return PeaceOpsWorker(lease_seconds=30, scheduler=False)


def status() -> str:
    out = StringIO()
    call_command("worker", "--status", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_failing_task_is_tried_three_times_then_failed_with_its_error_shown():
    result = steps.always_fails.enqueue("timeout after 30 s")
    w = worker()
    w.step(fresh_connections=False)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY" and len(row.worker_ids) == 1  # to be retried, its error kept
    assert "the gazetteer is unreachable" in row.traceback
    assert "retrying" in status() and "Flaky: the gazetteer is unreachable: timeout after 30 s" in status()
    w.drain()
    row.refresh_from_db()
    assert row.status == "FAILED" and len(row.worker_ids) == 3
    assert row.exception_class_path == "tests.worker.steps.Flaky"
    shown = status()
    assert "failed 1" in shown.splitlines()[0]
    assert (f"failed {result.id} tests.worker.steps.always_fails" in shown
            and "after 3 tries: Flaky: the gazetteer is unreachable: timeout after 30 s" in shown)


@pytest.mark.django_db
def test_a_task_that_fails_twice_succeeds_on_its_third_try():
    result = steps.fails_twice.enqueue("TRIES")
    worker().drain()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.return_value == 3 and row.traceback == ""
    assert Organisation.objects.get(code="TRIES").name == "3"


@pytest.mark.django_db
def test_the_retry_waits_longer_each_time():
    result = steps.always_fails.enqueue("slow")
    policy_wait = []
    w = worker()
    with pytest.MonkeyPatch.context() as patch:
        from peaceops.worker import tasks

        patch.setitem(tasks._POLICIES, steps.always_fails.module_path, tasks.RetryPolicy(3, 10))
        for _ in range(2):
            before = timezone.now()
            w.step(fresh_connections=False)
            row = DBTaskResult.objects.get(pk=result.id)
            policy_wait.append((row.run_after - before).total_seconds())
            DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    assert 9 < policy_wait[0] < 12 and 19 < policy_wait[1] < 22


@pytest.mark.django_db
def test_a_task_running_on_a_lost_worker_is_queued_again_and_failed_once_its_tries_are_used(tmp_path):
    result = steps.stepped.enqueue(key="LOST", steps=1, step_seconds=0, journal=str(tmp_path / "j"))
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="alive", started_at=now, beat_at=now)
    WorkerBeat.objects.create(worker_id="gone", started_at=now, beat_at=now - dt.timedelta(seconds=31))
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=["alive"])
    assert reclaim_lost_tasks(30) == []  # its worker beats: left alone
    DBTaskResult.objects.filter(pk=result.id).update(worker_ids=["gone"])
    assert reclaim_lost_tasks(30) == [str(result.id)]
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=["gone", "gone", "gone"])
    reclaim_lost_tasks(30)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED" and "stopped beating" in row.traceback


@pytest.mark.django_db
def test_a_periodic_task_is_enqueued_once_per_slot():
    entry = schedule.Periodic("test.every-minute", steps.fails_twice, dt.timedelta(minutes=1))
    at = dt.datetime(2026, 3, 1, 10, 0, 30, tzinfo=dt.UTC)
    assert len(schedule.enqueue_due(at, [entry])) == 1
    assert schedule.enqueue_due(at + dt.timedelta(seconds=20), [entry]) == []  # same slot
    assert len(schedule.enqueue_due(at + dt.timedelta(seconds=40), [entry])) == 1  # the next one
    assert DBTaskResult.objects.filter(task_path=steps.fails_twice.module_path).count() == 2
    assert list(ScheduleSlot.objects.order_by("slot").values_list("slot", flat=True)) == [
        dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC), dt.datetime(2026, 3, 1, 10, 1, tzinfo=dt.UTC)]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_instant_enqueue_once():
    """Two schedulers in threads (each its own database connection) racing for the same slot, past the
    'already taken?' look-up: the unique slot row lets one enqueue."""
    if connection.vendor != "postgresql":
        pytest.skip("threads share SQLite's in-memory test database badly; the process test covers SQLite")
    entry = schedule.Periodic("test.race", steps.fails_twice, dt.timedelta(minutes=1))
    at = timezone.now()
    gate = threading.Barrier(2)
    taken = []

    def scheduler():
        from django.db import connection as own

        try:
            gate.wait(timeout=30)
            taken.extend(schedule.enqueue_due(at, [entry]))
        finally:
            own.close()

    real_filter = ScheduleSlot.objects.filter
    with pytest.MonkeyPatch.context() as patch:
        # Both pass the "already taken?" look-up, as two schedulers may at the same instant.
        patch.setattr(ScheduleSlot.objects, "filter", lambda **kw: real_filter(pk=-1))
        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert len(taken) == 1
    assert DBTaskResult.objects.filter(task_path=steps.fails_twice.module_path).count() == 1
    assert ScheduleSlot.objects.get(name="test.race").task_id == str(taken[0].task_id)
