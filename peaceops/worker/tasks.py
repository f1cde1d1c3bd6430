"""Declaring a background task: `background_task` is django-tasks' `task` with a retry policy.

    @background_task(max_attempts=3, retry_seconds=30)
    def expire_releases_task() -> int: ...

    expire_releases_task.enqueue()          # from a page, a command or the scheduler

A task must be idempotent: it may run again after a failure (retried with back-off up to `max_attempts` tries
in all) or after its worker died mid-way (runner.reclaim_lost_tasks), so its effect must happen once however
often it starts. Tasks that report progress take the context (`takes_context=True`) and call
`progress.report(context, done, total)`.
"""

from dataclasses import dataclass

from django.conf import settings
from django_tasks import task as django_task

#: Retry policy per task path (`Task.module_path`), as declared; tasks declared elsewhere get the defaults.
_POLICIES: dict[str, "RetryPolicy"] = {}
#: The longest wait between two tries, in seconds.
MAX_RETRY_SECONDS = 3600.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failing task is tried in all, and how long to wait before the first retry (doubled each
    further retry, at most MAX_RETRY_SECONDS)."""

    max_attempts: int
    retry_seconds: float
    #: Errors that another try would only repeat (bad input): the task fails at once.
    no_retry_on: tuple[type[BaseException], ...] = ()

    def retries(self, error: BaseException, attempts: int) -> bool:
        """Whether a task that raised `error` on its `attempts`-th try is tried again."""
        return attempts < self.max_attempts and not isinstance(error, self.no_retry_on)

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed try."""
        return min(MAX_RETRY_SECONDS, self.retry_seconds * 2 ** max(0, attempts - 1))


def background_task(function=None, *, max_attempts: int | None = None, retry_seconds: float | None = None,
                    no_retry_on: tuple[type[BaseException], ...] = (), **options):
    """django-tasks' `@task` (same options: priority, queue_name, takes_context...) recording how often the
    worker tries it (`max_attempts`, default PEACEOPS_TASK_MAX_ATTEMPTS), its first back-off, and the errors
    not worth another try."""

    def declare(fn):
        declared = django_task(**options)(fn)
        if max_attempts is not None or retry_seconds is not None or no_retry_on:
            _POLICIES[declared.module_path] = RetryPolicy(
                max_attempts if max_attempts is not None else settings.PEACEOPS_TASK_MAX_ATTEMPTS,
                retry_seconds if retry_seconds is not None else settings.PEACEOPS_TASK_RETRY_SECONDS,
                tuple(no_retry_on))
        return declared

    return declare(function) if function is not None else declare


def policy_of(task_path: str) -> RetryPolicy:
    """The retry policy of the task stored under `task_path`."""
    return _POLICIES.get(task_path) or RetryPolicy(settings.PEACEOPS_TASK_MAX_ATTEMPTS,
                                                   settings.PEACEOPS_TASK_RETRY_SECONDS)


def enqueue_unless_waiting(task) -> bool:
    """Enqueue `task` (without arguments) unless a run of it is already waiting in the database queue and not
    started: that run will see everything committed before it starts, so a burst of wake-ups (one per
    webhook post) makes one task row, not one each. Returns whether a run was enqueued. Other backends
    (immediate, tests) always enqueue."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends[task.backend]
    if isinstance(backend, DatabaseBackend) and DBTaskResult.objects.ready().filter(
            backend_name=backend.alias, queue_name=task.queue_name, task_path=task.module_path).exists():
        return False
    task.enqueue()
    return True
