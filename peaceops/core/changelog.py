"""Writing the change log: the one helper every service function calls inside its transaction."""

import datetime as dt
import decimal
import uuid

from django.db import models, transaction
from django.utils import timezone

from .choices import ChangeAction
from .context import current_request_id
from .events import LiveEvent, publish_on_commit
from .hooks import changes_logged
from .models import ChangeLogEntry


def _json_value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, extra: dict | None = None) -> dict:
    """A JSON-ready dict of the object's concrete fields (foreign keys as ids), plus `extra` (e.g. children)."""
    data = {}
    for f in obj._meta.concrete_fields:
        data[f.attname] = _json_value(getattr(obj, f.attname))
    if extra:
        data.update(extra)
    return data


def object_type(obj_or_model) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def log_change(
    *,
    action: ChangeAction,
    obj: models.Model,
    acting_user,
    before: dict | None,
    after: dict | None,
    reason: str = "",
    time=None,
    publish: bool = True,
) -> ChangeLogEntry:
    """Write one change-log entry (call inside the service's transaction), let the ledger cover it (the
    `changes_logged` hook, in the same transaction), and publish the live event on commit."""
    with transaction.atomic():
        entry = ChangeLogEntry.objects.create(**change_entry_fields(
            action=action, obj=obj, acting_user=acting_user, before=before, after=after, reason=reason, time=time
        ))
        changes_logged.send(sender=ChangeLogEntry)
    if publish:
        publish_on_commit(
            LiveEvent(object_type=entry.object_type, action=action, object_id=entry.object_id,
                      mission_id=entry.mission_id)
        )
    return entry


def log_changes(entries: list[dict], *, publish: bool = True) -> None:
    """Write many change-log entries (`change_entry_fields` each) with bulk inserts, then let the ledger cover
    them all (`changes_logged`, once, in the same transaction: one ledger entry per mission chain instead of one
    per change), and publish each live event on commit: what `log_change` does for each, in a batch."""
    if not entries:
        return
    with transaction.atomic():
        ChangeLogEntry.objects.bulk_create([ChangeLogEntry(**e) for e in entries], batch_size=1000)
        changes_logged.send(sender=ChangeLogEntry)
    if publish:
        for e in entries:
            publish_on_commit(LiveEvent(object_type=e["object_type"], action=e["action"], object_id=e["object_id"],
                                        mission_id=e["mission_id"]))


def change_entry_fields(*, action, obj, acting_user, before, after, reason="", time=None) -> dict:
    """The fields of a change-log entry, for `log_change` or for bulk writes in batches."""
    return dict(
        time=time or timezone.now(),
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        actor_name=getattr(acting_user, "username", "") or "system",
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        mission_id=getattr(obj, "mission_id", None),
        before=before,
        after=after,
        request_id=current_request_id(),
        reason=reason or "",
    )
