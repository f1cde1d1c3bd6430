"""Need-to-know access: assigning users to records of a need-to-know record type, and break-glass access.

A need-to-know record type (a `DomainRecord` with `need_to_know = True`, e.g. misconduct cases) is read by no
one through role or superuser status (`core.visibility`). A user reads such a record only while
- assigned to it (`assign`, by a holder of `<type>.assign` in the record's mission, with a reason), or
- holding a break-glass access to it (`break_glass`: the user's own emergency access, which needs
  `<type>.break_glass` in the mission and a reason, and lasts `PEACEOPS_BREAK_GLASS_MINUTES`, default 60).
A record type whose rows are need-to-know when a field says so (`need_to_know_field`, e.g. an alert marked as a
misconduct allegation) takes assignments and break-glass accesses the same way; they count while the row is
marked. A service may assign on its own authority (`system=True`: marking an alert assigns it to those who
receive allegations, whoever marks it); the acting user is still the one the change log names.
Every assignment, unassignment and break-glass access writes a change-log entry in the same transaction, and so
a ledger entry. `assign_many` assigns one user to a batch of records (an import's) with bulk writes: the rows,
their change-log entries, and one ledger entry covering them.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .access import access_profile
from .changelog import change_entry_fields, log_change, log_changes
from .choices import ChangeAction
from .hooks import break_glass_opened
from .models import BreakGlassAccess, RecordAssignment
from .permissions import record_code
from .services import PermissionDenied


class AssignmentError(ValueError):
    """An assignment or break-glass access that cannot be made as asked (the message names the field)."""


def _record_type(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def accessible_ids(user, record_type: str) -> tuple[frozenset[str], frozenset[str]]:
    """Ids of the records of `record_type` assigned to `user`, and of those they hold a break-glass access to
    now (one query)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset(), frozenset()
    assigned = (RecordAssignment.objects.filter(user=user, record_type=record_type).order_by()
                .annotate(kind=Value("assigned")).values_list("record_id", "kind"))
    broken = (BreakGlassAccess.objects.filter(user=user, record_type=record_type, ends_at__gt=timezone.now())
              .order_by().annotate(kind=Value("broken")).values_list("record_id", "kind"))
    rows = list(assigned.union(broken, all=True))
    return (frozenset(r for r, kind in rows if kind == "assigned"),
            frozenset(r for r, kind in rows if kind == "broken"))


def holds(user, mission_id: int, code: str) -> bool:
    """Whether one of `user`'s roles in the mission gives `code`. Superuser status alone does not: assigning and
    breaking glass on need-to-know records are for those whose role gives them (a superuser who must, takes the
    role in the mission, which the change log shows)."""
    access = access_profile(user).in_mission(mission_id) if user is not None else None
    return bool(access and access.has(code))


def _require(acting_user, record, action: str) -> None:
    if not holds(acting_user, record.mission_id, record_code(record, action)):
        raise PermissionDenied(f"{getattr(acting_user, 'username', 'anonymous')} may not {action.replace('_', ' ')} "
                               f"on {_record_type(record)} {record.pk} (needs {record_code(record, action)})",
                               gettext_lazy("You may not assign users to this record."))


def takes_assignments(model) -> bool:
    """Whether records of `model` are need-to-know, wholly (`need_to_know`) or by row (`need_to_know_field`)."""
    return bool(getattr(model, "need_to_know", False) or getattr(model, "need_to_know_field", None))


def _need_to_know(record) -> None:
    if not takes_assignments(record):
        raise AssignmentError(f"record: {_record_type(record)} is not a need-to-know record type")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise AssignmentError("reason: give the reason")
    return reason


def _log(action, row, record, acting_user, *, before=None, after=None, reason=""):
    row.mission_id = record.mission_id  # the change-log entry (and its ledger chain) is the record's mission's
    log_change(action=action, obj=row, acting_user=acting_user, before=before, after=after, reason=reason,
               publish=False)


def _describe(row) -> dict:
    fields = {"user": row.user.username, "record_type": row.record_type, "record_id": row.record_id,
              "reason": row.reason}
    if isinstance(row, BreakGlassAccess):
        fields.update(started_at=row.started_at.isoformat(), ends_at=row.ends_at.isoformat())
    else:
        fields.update(assigned_by=getattr(row.assigned_by, "username", None), assigned_at=row.assigned_at.isoformat())
    return fields


def assign(record, *, user, acting_user, reason: str, system: bool = False) -> RecordAssignment:
    """Assign `user` to `record` (a need-to-know record): they read it from now on. `system`: the calling service
    has checked its own permission (no `<type>.assign` asked of `acting_user`)."""
    _need_to_know(record)
    reason = _reason(reason)
    if not system:
        _require(acting_user, record, "assign")
    with transaction.atomic():
        row, created = RecordAssignment.objects.get_or_create(
            user=user, record_type=_record_type(record), record_id=str(record.pk),
            defaults={"assigned_by": acting_user if getattr(acting_user, "pk", None) else None, "reason": reason,
                      "assigned_at": timezone.now()})
        if created:
            _log(ChangeAction.CREATE, row, record, acting_user, after=_describe(row), reason=reason)
    return row


def assign_many(records, *, user, acting_user, reason: str, system: bool = False) -> list[RecordAssignment]:
    """Assign `user` to each of `records` (need-to-know records, e.g. those an import created), as `assign` does
    for one, in bulk: one query for the assignments there are, bulk inserts of the others and of their change-log
    entries, which one ledger entry per mission covers (`log_changes`). Returns the new assignments."""
    records = list(records)
    if not records:
        return []
    for record in records:
        _need_to_know(record)
        if not system:
            _require(acting_user, record, "assign")
    reason = _reason(reason)
    by_type: dict[str, dict[str, object]] = {}
    for record in records:
        by_type.setdefault(_record_type(record), {})[str(record.pk)] = record
    assigned_by = acting_user if getattr(acting_user, "pk", None) else None
    created = []
    with transaction.atomic():
        for record_type, wanted in by_type.items():
            there = set(RecordAssignment.objects.filter(user=user, record_type=record_type, record_id__in=list(wanted))
                        .values_list("record_id", flat=True))
            now = timezone.now()
            rows = [RecordAssignment(user=user, record_type=record_type, record_id=record_id, assigned_by=assigned_by,
                                     reason=reason, assigned_at=now)
                    for record_id in wanted if record_id not in there]
            RecordAssignment.objects.bulk_create(rows, batch_size=1000)
            if any(row.pk is None for row in rows):  # a database that does not return the new ids
                ids = dict(RecordAssignment.objects.filter(user=user, record_type=record_type, record_id__in=[
                    row.record_id for row in rows]).values_list("record_id", "pk"))
                for row in rows:
                    row.pk = ids[row.record_id]
            created += [(row, wanted[row.record_id]) for row in rows]
        entries = []
        for row, record in created:
            row.mission_id = record.mission_id  # the entry (and its ledger chain) is the record's mission's
            entries.append(change_entry_fields(action=ChangeAction.CREATE, obj=row, acting_user=acting_user,
                                               before=None, after=_describe(row), reason=reason))
        log_changes(entries, publish=False)
    return [row for row, _ in created]


def unassign(record, *, user, acting_user, reason: str) -> bool:
    """Remove `user`'s assignment to `record`; False when there was none."""
    _need_to_know(record)
    reason = _reason(reason)
    _require(acting_user, record, "assign")
    with transaction.atomic():
        row = RecordAssignment.objects.filter(user=user, record_type=_record_type(record),
                                              record_id=str(record.pk)).first()
        if row is None:
            return False
        before = _describe(row)
        row.delete()
        row.pk = 0
        _log(ChangeAction.DELETE, row, record, acting_user, before=before, reason=reason)
    return True


def break_glass(model, record_id, *, acting_user, reason: str, minutes: int | None = None) -> BreakGlassAccess:
    """Give `acting_user` a time-limited access to one record of a need-to-know type, for `reason` (required),
    sealed in the ledger, and told to the record's assignees and owner (hook `break_glass_opened`). Refused unless they hold `<type>.break_glass` in the record's mission; a record that
    does not exist is refused with the same words."""
    if not takes_assignments(model):
        raise AssignmentError(f"record: {_record_type(model)} is not a need-to-know record type")
    reason = _reason(reason)
    minutes = minutes or getattr(settings, "PEACEOPS_BREAK_GLASS_MINUTES", 60)
    if not 0 < minutes <= 24 * 60:
        raise AssignmentError("minutes: between 1 and 1440")
    record = model._base_manager.filter(pk=record_id).only("pk", "mission_id").first()
    code = record_code(model, "break_glass")
    if record is None or not holds(acting_user, record.mission_id, code):
        raise PermissionDenied(f"no such record, or {getattr(acting_user, 'username', 'anonymous')} may not break "
                               f"glass on it (needs {code})",
                               gettext_lazy("No such record, or you may not open it by break-glass."))
    now = timezone.now()
    with transaction.atomic():
        row = BreakGlassAccess.objects.create(user=acting_user, record_type=_record_type(model),
                                              record_id=str(record.pk), reason=reason, started_at=now,
                                              ends_at=now + dt.timedelta(minutes=minutes))
        _log(ChangeAction.CREATE, row, record, acting_user, after=_describe(row), reason=f"break glass: {reason}")
        # Those assigned to the record and its owner are told (notices), in this transaction.
        break_glass_opened.send(sender=model, access=row, record=model._base_manager.get(pk=record.pk))
    return row


def assignments_of(record):
    """The users assigned to `record`, with who assigned them, when and why."""
    return RecordAssignment.objects.filter(record_type=_record_type(record), record_id=str(record.pk)).select_related(
        "user", "assigned_by")


def active_break_glass(record):
    """The break-glass accesses to `record` in force now."""
    return BreakGlassAccess.objects.filter(Q(record_type=_record_type(record), record_id=str(record.pk)),
                                           ends_at__gt=timezone.now()).select_related("user")
