"""Progress of a background task as a page shows it, whatever the task backend: a `TaskProgress` row created
when a page enqueues the task (`start`), advanced by the task (`report`), its state, result and error kept by
the task signals (and by the worker when it schedules a retry), read by the page's polling fragment
(`status_of`)."""

from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started

from .models import TaskProgress

FINISHED = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


def start(task_result, *, label: str, user=None) -> TaskProgress:
    """Record that `user` asked for the task just enqueued (so that they, and only they, may follow it). With
    the immediate backend the task has already run: its outcome is recorded here."""
    defaults = {"label": label[:200], "requested_by": user}
    if task_result.status in FINISHED:
        defaults.update(_outcome(task_result))
    progress, _ = TaskProgress.objects.update_or_create(task_id=str(task_result.id), defaults=defaults)
    return progress


def report(context, done: int, total: int | None = None, note: str = "") -> None:
    """Called by a task taking the context: `done` steps of `total` (a rerun after a crash starts again)."""
    if context is None:
        return
    defaults = {"done": done, "note": note[:300], "state": TaskResultStatus.RUNNING}
    if total is not None:
        defaults["total"] = total
    TaskProgress.objects.update_or_create(task_id=str(context.task_result.id), defaults=defaults)


def record_retry(task_id, error: str) -> None:
    """A try failed and another is due: the page shows the error and that it will try again."""
    TaskProgress.objects.filter(task_id=str(task_id)).update(state=TaskResultStatus.READY, error=error)


def status_of(task_id: str, user) -> TaskProgress | None:
    """The task's progress and outcome for `user`; None when it is not theirs to see (or unknown)."""
    progress = TaskProgress.objects.filter(task_id=str(task_id)).first()
    if progress is None or progress.requested_by_id is None or progress.requested_by_id != getattr(user, "pk", None):
        return None
    return progress


def last_line(traceback: str) -> str:
    """The exception line of a traceback ("ValueError: too little history...")."""
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def short_error(line: str) -> str:
    """An error line without the exception's module path ("ForecastError: too little history ...")."""
    head, sep, rest = line.partition(": ")
    if sep and " " not in head:
        return f"{head.rsplit('.', 1)[-1]}: {rest}"
    return line


def _outcome(task_result) -> dict:
    if task_result.status == TaskResultStatus.SUCCESSFUL:
        return {"state": TaskResultStatus.SUCCESSFUL, "result": task_result.return_value, "error": ""}
    error = last_line(task_result.errors[-1].traceback) if task_result.errors else ""
    return {"state": TaskResultStatus.FAILED, "error": error}


@receiver(task_started, dispatch_uid="peaceops.worker.progress.started")
def _started(sender, task_result, **kwargs):
    TaskProgress.objects.filter(task_id=str(task_result.id)).update(state=TaskResultStatus.RUNNING)


@receiver(task_finished, dispatch_uid="peaceops.worker.progress.finished")
def _finished(sender, task_result, **kwargs):
    if task_result.status in FINISHED:
        TaskProgress.objects.filter(task_id=str(task_result.id)).update(**_outcome(task_result))
