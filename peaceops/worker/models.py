"""The worker's own tables beside django-tasks' queue table (`django_tasks_db.DBTaskResult`).

- `WorkerBeat`: one row per running worker, its heartbeat; a task RUNNING on a worker whose beat is older than
  the lease is reclaimed (runner.reclaim_lost_tasks).
- `ScheduleSlot`: one row per periodic task and time slot; its uniqueness is what lets any number of schedulers
  run while each due task is enqueued once per slot.
- `TaskProgress`: how far a task is (done of total, a note) and who asked for it, for the page that polls it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A running `peaceops worker` process and the last time it said it was alive."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.IntegerField(_("process id"), null=True)
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class ScheduleSlot(models.Model):
    """A periodic task's slot (its interval's start) taken by the scheduler that enqueued it."""

    name = models.CharField(_("schedule name"), max_length=100)
    slot = models.DateTimeField(_("slot start"))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("schedule slot")
        verbose_name_plural = _("schedule slots")
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="worker_one_task_per_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M:%S}"


class TaskProgress(models.Model):
    """How far a background task is and how it ended (state, result, the last error), by its task id, whatever
    the task backend; `requested_by` alone may follow it from a page."""

    task_id = models.CharField(_("task id"), max_length=64, primary_key=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("requested by"))
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, default="READY")  # django-tasks' TaskResultStatus
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.label or self.task_id}: {self.done}/{self.total or '?'}"

    @property
    def percent(self) -> int | None:
        """Whole percent done, None while the total is unknown."""
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
