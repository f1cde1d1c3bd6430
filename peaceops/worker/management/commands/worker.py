"""`peaceops worker`: run the background tasks and the schedule of periodic tasks until stopped (SIGTERM or
Ctrl-C finish the task running, then stop). `peaceops worker --status` lists the queue instead: tasks waiting,
running, failed (with their error), and the workers alive. docs/operators/worker.md."""

import datetime as dt
import logging
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from peaceops.worker import schedule
from peaceops.worker.models import WorkerBeat
from peaceops.worker.progress import last_line, short_error
from peaceops.worker.runner import PeaceOpsWorker


class Command(BaseCommand):
    help = "Run background tasks and periodic tasks until stopped; --status lists the queue."

    def add_arguments(self, parser):
        parser.add_argument("--status", action="store_true", help="list the queue and the workers, then exit")
        parser.add_argument("--queue", default="*", help="queues to run, comma-separated (default: all)")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait when the queue is empty (default 1)")
        parser.add_argument("--no-scheduler", action="store_true",
                            help="run queued tasks only; leave the periodic tasks to other workers")
        parser.add_argument("--batch", action="store_true", help="run the tasks ready now, then stop")
        parser.add_argument("--lease", type=float, default=None,
                            help="seconds without a heartbeat after which a worker is taken for lost "
                                 "(default PEACEOPS_WORKER_LEASE_SECONDS)")

    def handle(self, *args, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError("the task backend is not the database backend (PEACEOPS_TASKS_BACKEND): "
                               "tasks run where they are enqueued and there is nothing for a worker to do")
        if options["status"]:
            return self.status()
        self.log_to_stdout(options["verbosity"])
        lease = options["lease"] if options["lease"] is not None else settings.PEACEOPS_WORKER_LEASE_SECONDS
        if lease <= 0 or options["interval"] < 0:
            raise CommandError("--lease must be positive and --interval not negative")
        names = ", ".join(f"{p.name} every {p.every}" for p in schedule.registered()) or "none"
        logging.getLogger("peaceops.worker").info("periodic tasks: %s", names)
        worker = PeaceOpsWorker(lease_seconds=lease, scheduler=not options["no_scheduler"],
                                queue_names=options["queue"].split(","), interval=options["interval"],
                                batch=options["batch"])
        worker.configure_signals()
        worker.run()

    def log_to_stdout(self, verbosity: int) -> None:
        """The worker's log (its tasks, retries, reclaims, schedule) on standard output: journald keeps it."""
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("peaceops.worker", "django_tasks", "django_tasks_db"):
            log = logging.getLogger(name)
            # django-tasks repeats each start and end the worker logs: shown from verbosity 2 on.
            log.setLevel(level if name != "django_tasks" or verbosity > 1 else logging.WARNING)
            log.addHandler(handler)
            log.propagate = False

    def status(self) -> None:
        counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
        self.stdout.write("tasks: " + ", ".join(f"{s.lower()} {counts.get(s, 0)}" for s in TaskResultStatus.values))
        lost_before = timezone.now() - dt.timedelta(seconds=settings.PEACEOPS_WORKER_LEASE_SECONDS)
        for beat in WorkerBeat.objects.order_by("started_at"):
            state = "LOST" if beat.beat_at < lost_before else "alive"
            self.stdout.write(f"worker {beat.worker_id} on {beat.host} pid {beat.pid} {state}, "
                              f"last heartbeat {beat.beat_at:%Y-%m-%d %H:%M:%S}Z")
        for row in DBTaskResult.objects.running().order_by("started_at"):
            self.stdout.write(f"running {row.id} {row.task_path} since {row.started_at:%Y-%m-%d %H:%M:%S}Z "
                              f"(try {len(row.worker_ids)})")
        for row in DBTaskResult.objects.ready().exclude(exception_class_path="").order_by("run_after"):
            self.stdout.write(f"retrying {row.id} {row.task_path} at {row.run_after:%Y-%m-%d %H:%M:%S}Z after "
                              f"try {len(row.worker_ids)}: {short_error(last_line(row.traceback))}")
        for row in DBTaskResult.objects.failed().order_by("-finished_at")[:20]:
            self.stdout.write(f"failed {row.id} {row.task_path} at {row.finished_at:%Y-%m-%d %H:%M:%S}Z after "
                              f"{len(row.worker_ids)} tries: {short_error(last_line(row.traceback))}")
