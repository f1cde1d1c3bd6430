"""The worker's housekeeping of exports written from a page (`peaceops.incidents.exports` writes them under
PEACEOPS_EXPORT_DIR): `prune_exports_task` removes expired files (older than PEACEOPS_EXPORT_KEEP_HOURS) every
hour.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

#: How often the worker removes expired export files.
PRUNE_EVERY = dt.timedelta(hours=1)


@background_task(max_attempts=2, retry_seconds=300)
def prune_exports_task() -> int:
    """Remove export files older than PEACEOPS_EXPORT_KEEP_HOURS (and abandoned partial ones); returns how many."""
    folder = Path(settings.PEACEOPS_EXPORT_DIR)
    if not folder.is_dir():
        return 0
    oldest = timezone.now().timestamp() - settings.PEACEOPS_EXPORT_KEEP_HOURS * 3600
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def register_schedule() -> None:
    schedule.register(prune_exports_task, every=PRUNE_EVERY, name="interop.prune-exports")
