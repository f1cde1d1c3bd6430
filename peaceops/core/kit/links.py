"""Record links: one record of the kit is something to another (an alert is a source of an incident), graded by
the admiralty code, by whom and when.

- `link(source, target, kind=, acting_user=, reliability=, credibility=, note=)`: writes a `core.RecordLink`
  (the same link again updates its grading) and one change-log entry on each record, in one transaction; the
  acting user must see both records (`visible_to`); which domain permission a link needs is the caller's rule
  (the triage face asks `alerts.alert.triage`).
- `links_of(record, user, kind=)`: the links of a record, each with the other record, only where `user` sees
  that other record (`Model.objects.visible_to(user)`): a link to a record one may not read is not shown, nor
  counted.

The entry on each record is that record's snapshot (the record type's own, `register_snapshot`, else the model's
`change_snapshot()`) with a `link` key in its after: the kind, the grading, the direction and the other record's
type, never the other record's id (who reads the incident may not read the alert; the link row names both).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.changelog import log_change, object_type, snapshot
from peaceops.core.choices import ChangeAction, InformationCredibility, LinkKind, SourceReliability
from peaceops.core.models import RecordLink
from peaceops.core.services import PermissionDenied

from .errors import FieldError

_SNAPSHOTS: dict[str, Callable] = {}


def register_snapshot(model, snapshot_of: Callable) -> None:
    """Name the change-log snapshot of a record type whose service writes its own (incidents)."""
    _SNAPSHOTS[object_type(model)] = snapshot_of


def record_snapshot(record) -> dict:
    """The record as its change log stores it."""
    own = _SNAPSHOTS.get(object_type(record))
    if own is not None:
        return own(record)
    if hasattr(record, "change_snapshot"):
        return record.change_snapshot()
    return snapshot(record)


def _visible(user, record) -> bool:
    return type(record).objects.visible_to(user).filter(pk=record.pk).exists()


def _grading(reliability: str, credibility: str) -> tuple[str, str]:
    reliability, credibility = (reliability or "").strip().upper(), (credibility or "").strip()
    if reliability and reliability not in SourceReliability.values:
        raise FieldError("reliability", _("must be one of %(allowed)s"), allowed=", ".join(SourceReliability.values))
    if credibility and credibility not in InformationCredibility.values:
        raise FieldError("credibility", _("must be one of %(allowed)s"),
                         allowed=", ".join(InformationCredibility.values))
    return reliability, credibility


def link(source, target, *, kind: str = LinkKind.SOURCE, acting_user, reliability: str = "", credibility: str = "",
         note: str = "", reason: str = "") -> RecordLink:
    """Link `source` to `target` as `kind` (see the module docstring). Raises `FieldError` on a bad kind or
    grading, or records of two missions; `PermissionDenied` when the acting user does not see both records."""
    if kind not in LinkKind.values:
        raise FieldError("kind", _("must be one of %(allowed)s"), allowed=", ".join(LinkKind.values))
    reliability, credibility = _grading(reliability, credibility)
    if source.mission_id != target.mission_id:
        raise FieldError("target", _("is in another mission"))
    if object_type(source) == object_type(target) and str(source.pk) == str(target.pk):
        raise FieldError("target", _("is the record itself"))
    if not (_visible(acting_user, source) and _visible(acting_user, target)):
        raise PermissionDenied(f"{getattr(acting_user, 'username', 'anonymous')} does not see both records",
                               _("You may not link these records."))
    now = timezone.now()
    with transaction.atomic():
        row, created = RecordLink.objects.select_for_update().get_or_create(
            from_type=object_type(source), from_id=str(source.pk), to_type=object_type(target), to_id=str(target.pk),
            kind=kind, defaults={"mission_id": source.mission_id, "reliability": reliability,
                                 "credibility": credibility, "note": note.strip(), "linked_at": now,
                                 "linked_by": acting_user if getattr(acting_user, "pk", None) else None})
        if not created:
            if (row.reliability, row.credibility, row.note) == (reliability, credibility, note.strip()):
                return row
            row.reliability, row.credibility, row.note = reliability, credibility, note.strip()
            row.save(update_fields=["reliability", "credibility", "note"])
        words = reason or f"{'linked' if created else 'link graded'}: {kind} {row.grading}".strip()
        for record, role, other in ((source, "from", target), (target, "to", source)):
            before = record_snapshot(record)
            after = {**before, "link": {"link": row.pk, "kind": kind, "role": role, "other_type": object_type(other),
                                        "reliability": reliability, "credibility": credibility}}
            log_change(action=ChangeAction.UPDATE, obj=record, acting_user=acting_user, before=before, after=after,
                       reason=words)
    return row


@dataclass(frozen=True)
class Linked:
    """One link of a record as a reader sees it: the link, the other record, and which end the record is."""

    link: RecordLink
    other: object
    outgoing: bool  # the record is the link's `from` end (the alert of "alert is a source of incident")


def links_of(record, user, *, kind: str | None = None) -> list[Linked]:
    """The links of `record` whose other record `user` sees, oldest first."""
    me, pk = object_type(record), str(record.pk)
    rows = RecordLink.objects.filter(from_type=me, from_id=pk) | RecordLink.objects.filter(to_type=me, to_id=pk)
    if kind:
        rows = rows.filter(kind=kind)
    rows = list(rows.order_by("linked_at", "id"))
    wanted: dict[str, set[str]] = {}
    for row in rows:
        other_type, other_id = (row.to_type, row.to_id) if row.from_type == me and row.from_id == pk \
            else (row.from_type, row.from_id)
        wanted.setdefault(other_type, set()).add(other_id)
    seen = {}
    for other_type, ids in wanted.items():
        model = apps.get_model(other_type)
        for other in model.objects.visible_to(user).filter(pk__in=sorted(ids)):
            seen[(other_type, str(other.pk))] = other
    found = []
    for row in rows:
        outgoing = row.from_type == me and row.from_id == pk
        key = (row.to_type, row.to_id) if outgoing else (row.from_type, row.from_id)
        if key in seen:
            found.append(Linked(row, seen[key], outgoing))
    return found
