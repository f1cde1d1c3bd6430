"""The worker loop of `peaceops worker`: django-tasks-db's worker, with what PeaceOps adds to it.

- A heartbeat: a thread updates the worker's `WorkerBeat` row every lease/4 seconds, even while a task runs.
- Reclaiming: a task left RUNNING by a worker whose heartbeat is older than the lease (killed, its machine
  lost) is made READY again, or FAILED once it has used its tries. django-tasks-db leaves such a task RUNNING
  forever; `reclaim_lost_tasks` runs when a worker starts and every few seconds after.
- Retries: a failing task is tried again after a back-off (tasks.RetryPolicy) until its tries are used; each
  try's error stays on the row (traceback, exception class), the last one when it is finally FAILED.
- The scheduler (schedule.enqueue_due) ticks in the same loop.
- SIGTERM or Ctrl-C: the task running is finished, then the worker stops (a second signal stops it at once
  and puts the task back in the queue).

The number of tries of a task is the number of workers that claimed it (`DBTaskResult.worker_ids`).
"""

import datetime as dt
import logging
import os
import socket
import threading
import time

from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import progress, schedule
from .models import WorkerBeat
from .tasks import policy_of

logger = logging.getLogger("peaceops.worker")
#: How long the heartbeat row of a lost worker is kept (for `peaceops worker --status`).
FORGET_LOST_WORKERS = dt.timedelta(days=1)


def workers_alive(lease_seconds: float | None = None) -> int:
    """How many workers beat within the lease (a page says so when none does and its task waits)."""
    from django.conf import settings

    lease = settings.PEACEOPS_WORKER_LEASE_SECONDS if lease_seconds is None else lease_seconds
    return WorkerBeat.objects.filter(beat_at__gte=timezone.now() - dt.timedelta(seconds=lease)).count()


def new_worker_id() -> str:
    """A worker id unique across the pool: host, process and a random part (at most 64 characters)."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(12)}"


def reclaim_lost_tasks(lease_seconds: float, now: dt.datetime | None = None) -> list[str]:
    """Make READY again (or FAILED, once its tries are used) each task RUNNING on a worker whose heartbeat is
    older than `lease_seconds` or gone. Returns the ids of the tasks reclaimed."""
    now = now or timezone.now()
    alive = set(WorkerBeat.objects.filter(beat_at__gte=now - dt.timedelta(seconds=lease_seconds))
                .values_list("worker_id", flat=True))
    reclaimed = []
    for task_id, worker_ids in DBTaskResult.objects.running().values_list("id", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        with exclusive_transaction(DBTaskResult.objects.db):
            row = DBTaskResult.objects.select_for_update().filter(pk=task_id, status=TaskResultStatus.RUNNING,
                                                                  ).first()
            if row is None or row.worker_ids != worker_ids:
                continue  # finished or claimed again meanwhile
            lost = worker_ids[-1] if worker_ids else "?"
            if len(worker_ids) < policy_of(row.task_path).max_attempts:
                row.status = TaskResultStatus.READY
                row.run_after = now
                row.exception_class_path = "peaceops.worker.runner.WorkerLost"
                row.traceback = f"WorkerLost: worker {lost} stopped beating while running this task\n"
                row.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
                logger.warning("task %s (%s) was running on lost worker %s: queued again", task_id,
                               row.task_path, lost)
            else:
                row.set_failed(WorkerLost(f"worker {lost} stopped beating while running this task"))
                logger.error("task %s (%s) was running on lost worker %s and has used its %d tries: failed",
                             task_id, row.task_path, lost, len(worker_ids))
            reclaimed.append(str(task_id))
    # The beats of workers lost long ago (`peaceops worker --status` shows recent ones as lost) go.
    WorkerBeat.objects.filter(beat_at__lt=now - FORGET_LOST_WORKERS).delete()
    return reclaimed


class WorkerLost(RuntimeError):
    """The worker running a task stopped beating (killed, or its machine lost)."""


class Heartbeat(threading.Thread):
    """Updates the worker's beat row every `every` seconds until stopped (on its own database connection)."""

    def __init__(self, worker_id: str, every: float):
        super().__init__(name="peaceops-worker-heartbeat", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                try:
                    WorkerBeat.objects.filter(pk=self.worker_id).update(beat_at=timezone.now())
                except OperationalError as error:  # a busy SQLite database: beat at the next turn
                    logger.warning("heartbeat missed: %s", error)
        finally:
            connection.close()


class PeaceOpsWorker(Worker):
    """django-tasks-db's `Worker` (claiming with SELECT ... FOR UPDATE SKIP LOCKED, or an exclusive SQLite
    transaction) with heartbeats, reclaiming, retries and the scheduler."""

    def __init__(self, *, lease_seconds: float, scheduler: bool = True, **options):
        options.setdefault("worker_id", new_worker_id())
        options.setdefault("queue_names", ["*"])
        options.setdefault("excluded_queue_names", [])
        options.setdefault("backend_name", "default")
        options.setdefault("startup_delay", False)
        options.setdefault("max_tasks", None)
        options.setdefault("batch", False)
        options.setdefault("interval", 1.0)
        super().__init__(**options)
        self.lease_seconds = lease_seconds
        self.scheduler = scheduler
        self._last_reclaim = 0.0

    # -- the loop ------------------------------------------------------------------------------------------
    def run(self) -> None:
        logger.info("worker %s starting (queues %s, lease %ss, scheduler %s)", self.worker_id,
                    ",".join(self.queue_names), self.lease_seconds, "on" if self.scheduler else "off")
        now = timezone.now()
        WorkerBeat.objects.update_or_create(worker_id=self.worker_id, defaults={
            "host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now, "beat_at": now})
        heartbeat = Heartbeat(self.worker_id, max(0.2, self.lease_seconds / 4))
        heartbeat.start()
        try:
            while self.running:
                ran = self.step()
                if self.batch and ran is None:
                    logger.info("worker %s: no task left, stopping", self.worker_id)
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.running and not ran:
                    time.sleep(self.interval)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
            try:
                WorkerBeat.objects.filter(pk=self.worker_id).delete()
            except Exception:  # the database may be what failed; the lease covers it
                logger.exception("worker %s could not remove its heartbeat", self.worker_id)
            logger.info("worker %s stopped after %d task(s)", self.worker_id, self._run_tasks)

    def step(self, *, fresh_connections: bool = True) -> bool | None:
        """One turn of the loop: housekeeping, then the next ready task if there is one. True when a task ran,
        False when none could be claimed (the database busy), None when none was ready. Like a request, a turn
        drops a broken or expired database connection first and after (unless `fresh_connections` is off)."""
        if fresh_connections:
            close_old_connections()
        self.housekeeping()
        task_result, retrieved = self.claim_next()
        if task_result is not None:
            self.run_task(task_result)
        if fresh_connections:
            close_old_connections()
        return True if task_result is not None else (None if retrieved else False)

    def drain(self) -> int:
        """Run every task ready now (retries due now included) in this thread, without a heartbeat; returns
        how many tries ran. For tests (inside a test's transaction) and one-off runs; `run` is the worker's
        loop."""
        before = self._run_tasks
        while self.step(fresh_connections=False):
            pass
        return self._run_tasks - before

    def housekeeping(self) -> None:
        """Reclaim tasks of lost workers (at most every lease/4 seconds) and enqueue due periodic tasks."""
        try:
            if time.monotonic() - self._last_reclaim >= self.lease_seconds / 4:
                self._last_reclaim = time.monotonic()
                reclaim_lost_tasks(self.lease_seconds)
            if self.scheduler:
                schedule.enqueue_due()
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            logger.warning("housekeeping skipped, the database is busy: %s", error)

    def claim_next(self) -> tuple[DBTaskResult | None, bool]:
        """The next ready task, claimed for this worker (None when there is none or the database is busy)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            return task_result, True
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False
            raise

    # -- one task --------------------------------------------------------------------------------------------
    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one claimed task: SUCCESSFUL, or READY again after a back-off, or FAILED once its tries are used."""
        self.running_task = True
        attempt = len(db_task_result.worker_ids)
        logger.info("task %s (%s) started, try %d", db_task_result.id, db_task_result.task_path, attempt)
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            logger.info("task %s (%s) succeeded", db_task_result.id, db_task_result.task_path)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (KeyboardInterrupt, SystemExit):
            self._put_back(db_task_result)
            raise
        except Exception as error:
            self._failed(db_task_result, error, attempt)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _failed(self, db_task_result: DBTaskResult, error: Exception, attempt: int) -> None:
        policy = policy_of(db_task_result.task_path)
        if policy.retries(error, attempt):
            delay = policy.delay(attempt)
            _retry_later(db_task_result, error, delay)
            progress.record_retry(db_task_result.id, f"{type(error).__name__}: {error}")
            logger.warning("task %s (%s) failed on try %d of %d (%s: %s): retrying in %.0fs", db_task_result.id,
                           db_task_result.task_path, attempt, policy.max_attempts, type(error).__name__, error,
                           delay)
            return
        db_task_result.set_failed(error)
        logger.error("task %s (%s) failed on its last try (%d): %s: %s", db_task_result.id,
                     db_task_result.task_path, attempt, type(error).__name__, error)
        try:
            task_finished.send(sender=type(db_task_result.task.get_backend()),
                               task_result=db_task_result.task_result)
        except ImportError:
            pass

    def _put_back(self, db_task_result: DBTaskResult) -> None:
        """Stopped by force in the middle of a task: queue it again for the next worker."""
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, run_after=timezone.now())
        logger.warning("task %s (%s) interrupted: queued again", db_task_result.id, db_task_result.task_path)


def _retry_later(row: DBTaskResult, error: Exception, delay: float) -> None:
    """Put a failed try back in the queue after `delay` seconds, keeping its error visible on the row."""
    from traceback import format_exception

    with transaction.atomic():
        row.status = TaskResultStatus.READY
        row.run_after = timezone.now() + dt.timedelta(seconds=delay)
        row.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
        row.traceback = "".join(format_exception(error))
        row.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
