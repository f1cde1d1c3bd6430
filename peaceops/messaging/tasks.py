"""The outbox's periodic sweep: `outbox.send_due_messages_task` every minute, so that a retry's back-off is
kept without anyone queueing (queueing a message wakes the task on commit as well)."""

import datetime as dt

from peaceops.worker import schedule

from .outbox import send_due_messages_task

#: How often the worker sweeps the outbox (retries fall due between two wake-ups).
SWEEP_EVERY = dt.timedelta(minutes=1)


def register_schedule() -> None:
    schedule.register(send_due_messages_task, every=SWEEP_EVERY, name="messaging.send-due")
