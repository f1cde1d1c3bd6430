"""Exports from a page: a small one is streamed to the browser at once (`stream_export`); a large one (more
rows than PEACEOPS_EXPORT_BACKGROUND_ROWS) is written by the worker (`export_incidents_task`) to a file under
PEACEOPS_EXPORT_DIR, reporting its progress, and handed to the user who asked for it until it expires
(PEACEOPS_EXPORT_KEEP_HOURS; `peaceops.interop.tasks.prune_exports_task` removes expired files every hour).

Both read `Incident.objects.visible_to(user)` of the requesting user when the rows are read (for the worker:
when the task runs), narrowed to the mission and the filters, with what `partners.redaction` withholds from
that user withheld; both record the export in the ledger (who, format, filters, rows, SHA-256). The task is
idempotent: a rerun (a retry, or after its worker died) writes the whole file again under a temporary name
and moves it into place, so the file the user gets is always one complete export.
"""

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from peaceops.interop.exporters.digest import file_sha256
from peaceops.ledger.services import record_export
from peaceops.partners.redaction import Reader
from peaceops.worker import progress as task_progress
from peaceops.worker.tasks import background_task

from .filters import FilterError, filter_incidents
from .formats.exporters import FORMATS, UnknownFormat, export_incidents, stream_incidents
from .models import Incident

_SAFE_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def incidents_for(user, mission_id: int, params: dict):
    """The incidents of the mission `user` may see, narrowed by the filter `params` (FilterError if bad), in
    the export's order."""
    queryset = filter_incidents(Incident.objects.visible_to(user).filter(mission_id=mission_id), params,
                                Reader.of_user(user))
    return queryset.order_by("occurred_start", "pk")


def is_large(queryset) -> bool:
    """Whether the export holds more rows than a page streams at once (counts no further than needed)."""
    limit = settings.PEACEOPS_EXPORT_BACKGROUND_ROWS
    return queryset.order_by()[: limit + 1].count() > limit


def stream_export(user, mission_id: int, params: dict, format: str):
    """The export as pieces of text for a streamed download; recorded in the ledger once the last piece is
    sent."""
    digest, rows = hashlib.sha256(), [0]
    queryset = incidents_for(user, mission_id, params)

    def count(n: int) -> None:
        rows[0] += n

    for piece in stream_incidents(queryset, format=format, reader=Reader.of_user(user), progress=count):
        digest.update(piece.encode())
        yield piece
    record_export(user=user, mission_id=mission_id, format=format, filters=params, rows=rows[0],
                  sha256=digest.hexdigest(), destination="download")


def export_path(task_id: str, format: str) -> Path:
    """Where the worker writes the export of task `task_id`."""
    if not _SAFE_ID.match(str(task_id)) or format not in FORMATS:
        raise ValueError("not an export file")
    return Path(settings.PEACEOPS_EXPORT_DIR) / f"{task_id}{FORMATS[format].extension}"


def expires_at(result: dict) -> dt.datetime:
    """When a finished export's file stops being offered."""
    return dt.datetime.fromisoformat(result["finished_at"]) + dt.timedelta(hours=settings.PEACEOPS_EXPORT_KEEP_HOURS)


@background_task(takes_context=True, max_attempts=2, retry_seconds=30, no_retry_on=(FilterError, UnknownFormat))
def export_incidents_task(context, *, user_id: int, mission_id: int, params: dict, format: str) -> dict:
    """Write the incidents the user may see (now) in the mission, filtered, to the task's file, reporting
    progress; returns rows, format, SHA-256 and when it finished."""
    user = get_user_model().objects.get(pk=user_id, is_active=True)
    task_id = str(context.task_result.id)
    path = export_path(task_id, format)
    queryset = incidents_for(user, mission_id, params)
    total = queryset.count()
    done = [0]
    task_progress.report(context, 0, total, "writing")

    def advance(rows: int) -> None:
        done[0] += rows
        task_progress.report(context, done[0], total, "writing")

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            rows = export_incidents(queryset, format=format, out=out, progress=advance, reader=Reader.of_user(user))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    digest = file_sha256(path)
    record_export(user=user, mission_id=mission_id, format=format, filters=params, rows=rows, sha256=digest,
                  destination=f"download {task_id}")
    return {"rows": rows, "format": format, "sha256": digest, "finished_at": timezone.now().isoformat()}
