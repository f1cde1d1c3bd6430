"""Sharing's background tasks: removing expired releases every few minutes (the same function as
`peaceops expire-releases`; idempotent: a second run finds nothing left to remove)."""

import datetime as dt

from peaceops.core.context import request_id_scope
from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

#: How often the worker removes expired releases.
EXPIRY_EVERY = dt.timedelta(minutes=5)


@background_task(max_attempts=3, retry_seconds=30)
def expire_releases_task() -> int:
    """Remove the releases whose expiry has passed; returns how many."""
    from .services import expire_releases

    with request_id_scope():
        return expire_releases()


def register_schedule() -> None:
    schedule.register(expire_releases_task, every=EXPIRY_EVERY, name="sharing.expire-releases")
