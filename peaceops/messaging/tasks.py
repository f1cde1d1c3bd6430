"""The outbox's periodic sweeps: `outbox.send_due_messages_task` every minute, so that a retry's back-off is
kept without anyone queueing (queueing a message wakes the task on commit as well); `outbox.poll_delivery_task`
every five minutes, asking gateways without status callbacks for their messages' delivery."""

import datetime as dt

from peaceops.worker import schedule

from .outbox import poll_delivery_task, send_due_messages_task

#: How often the worker sweeps the outbox (retries fall due between two wake-ups).
SWEEP_EVERY = dt.timedelta(minutes=1)
#: How often gateways without status callbacks (RapidPro/TextIt) are asked for their messages' delivery.
POLL_EVERY = dt.timedelta(minutes=5)


def register_schedule() -> None:
    schedule.register(send_due_messages_task, every=SWEEP_EVERY, name="messaging.send-due")
    schedule.register(poll_delivery_task, every=POLL_EVERY, name="messaging.poll-delivery")
