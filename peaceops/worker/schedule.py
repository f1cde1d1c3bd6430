"""The schedule of periodic tasks: apps register a task with an interval from their AppConfig.ready, and every
running scheduler (each `peaceops worker`, unless started with --no-scheduler) enqueues each due task once per
slot, however many schedulers run.

    schedule.register(expire_releases_task, every=dt.timedelta(minutes=5))

A slot is the interval's start counted from the Unix epoch (a daily task's slot starts at 00:00 UTC). The
scheduler that first inserts the (name, slot) row enqueues the task in the same transaction; the others meet
the unique constraint and move on, so the database, not a lock in one process, decides.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from .models import ScheduleSlot

logger = logging.getLogger("peaceops.worker")


@dataclass(frozen=True)
class Periodic:
    """A task enqueued every `every`, without arguments, under a unique `name`."""

    name: str
    task: object  # a django-tasks Task
    every: dt.timedelta

    def slot(self, now: dt.datetime) -> dt.datetime:
        """The start of the slot `now` falls in."""
        seconds = self.every.total_seconds()
        start = (now.timestamp() // seconds) * seconds
        return dt.datetime.fromtimestamp(start, tz=dt.UTC)


_REGISTRY: dict[str, Periodic] = {}


def register(task, *, every: dt.timedelta, name: str | None = None) -> Periodic:
    """Run `task` once every `every` (at least a second). The name defaults to the task's module path; the same
    name registered twice is an error unless it is the same task and interval (an app's ready() run twice)."""
    if every.total_seconds() < 1:
        raise ValueError("a periodic task's interval must be at least one second")
    entry = Periodic(name or task.module_path, task, every)
    known = _REGISTRY.get(entry.name)
    if known is not None and (known.task.module_path, known.every) != (task.module_path, every):
        raise ValueError(f"periodic task {entry.name!r} is already registered differently")
    _REGISTRY[entry.name] = entry
    return entry


def registered() -> list[Periodic]:
    """Every registered periodic task, by name."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def enqueue_due(now: dt.datetime | None = None, entries: list[Periodic] | None = None) -> list[ScheduleSlot]:
    """Enqueue each periodic task whose current slot no scheduler has taken yet; returns the slots taken here."""
    now = now or timezone.now()
    taken = []
    for entry in registered() if entries is None else entries:
        slot = entry.slot(now)
        if ScheduleSlot.objects.filter(name=entry.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                row = ScheduleSlot.objects.create(name=entry.name, slot=slot)
                result = entry.task.enqueue()
                row.task_id = str(result.id)
                row.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler took this slot first
        except OperationalError as error:  # SQLite busy beyond its timeout: try again at the next tick
            logger.warning("schedule %s: %s; will try again", entry.name, error)
            continue
        logger.info("scheduled %s for the slot %s: task %s", entry.name, slot.isoformat(), row.task_id)
        taken.append(row)
    return taken
