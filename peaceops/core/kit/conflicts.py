"""Edit conflicts: an edit made from a version of a record that has changed since is merged field by field, and
never silently overwrites what someone else wrote meanwhile.

An edit form carries what its editor started from: `base_version` (the record's version, `version_of`: the id
of its latest change-log entry) and `base_data` (the edited fields' values when the form was rendered, in the
record type's comparable form, signed with `django.core.signing` so that it cannot be forged, and bound to the
record and version). `save_edit` writes an edit:

- base version still the record's version (or no base given: old clients, the API without `base_version`):
  the edit is written as it always was;
- otherwise a three-way comparison per field (base, mine = the edit, current = stored now): fields only the
  editor changed are applied, fields only others changed are kept; when no field was changed by both to
  different values the merge is written through the record type's update service (the reason says it was
  merged); else nothing is written and an `EditConflict` is stored (`open_conflict`), which its author or a
  user who may edit the record resolves on the conflict page (`resolve_conflict`, `discard_conflict`).

The change-log id is the version rather than `updated_at`: every change of a record writes a change-log entry
(rule two, the one write door), including those that leave `updated_at` alone (sharing's releases and
withdrawals, expiries), and the ids of one record's entries follow its writes' order (each writer holds the
record's row lock until it commits); it is one index seek (`changelog_object_idx`).

A record type says how its edits compare with an `EditFields` (`register`): the kit's generic pages register a
`RecordEditFields` for theirs; incidents register their own (`peaceops/incidents/conflicts.py`).
"""

import datetime as dt
import decimal
import json
import uuid
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change, object_type
from peaceops.core.choices import ChangeAction, ConflictState
from peaceops.core.models import ChangeLogEntry, EditConflict, Mission
from peaceops.core.services import PermissionDenied

from .errors import FieldError

SALT = "peaceops.kit.edit-base"
#: A field whose base is not known (an API edit whose base version's snapshot does not say it).
UNKNOWN = object()


# --- how a record type's edits compare ---------------------------------------------------------------------

class EditFields:
    """How the edits of one record type compare field by field. Values have two forms: the service's (what
    `update` takes as changes) and the comparable one (JSON: what is signed, compared and stored in a
    conflict). Subclasses say which fields, how to read them, convert them and show them."""

    model = None
    #: The URL namespace of the record type's pages (its `detail` page is the record's page).
    namespace = ""
    #: The fields an edit is compared on (the names of `update`'s changes).
    names: tuple[str, ...] = ()

    def values(self, record) -> dict:
        """The record's stored values of `names`, in the service's form."""
        raise NotImplementedError

    def comparable(self, name: str, value):
        """A service-form value as comparable JSON (two values are the same edit when these are equal)."""
        return _json(value)

    def from_comparable(self, name: str, value):
        """A comparable value back in the service's form (to write a choice made on the conflict page)."""
        return value

    def base_from_snapshot(self, snapshot: dict) -> dict:
        """The comparable values a change-log snapshot says (the API's `base_version`); fields it does not
        say are left out (their base is unknown)."""
        return {name: self.comparable(name, snapshot[name]) for name in self.names if name in snapshot}

    def label(self, name: str) -> str:
        return name

    def display(self, name: str, value) -> str:
        """A comparable value as a reader reads it (choice labels, lists as lines of text)."""
        if value in (None, "", []):
            return "—"
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return str(value)

    def update(self, record, *, acting_user, changes: dict, reason: str):
        raise NotImplementedError

    def may_change(self, user, record) -> bool:
        return access_profile(user).may(self.model, "change", record.mission_id, record.owner_id)

    def comparables(self, values: dict) -> dict:
        return {name: self.comparable(name, values[name]) for name in self.names if name in values}


class RecordEditFields(EditFields):
    """The kit's record types: the fields their generic edit form writes, through their `RecordService`."""

    def __init__(self, service, names, namespace: str):
        self.service, self.model, self.names, self.namespace = service, service.model, tuple(names), namespace

    def values(self, record) -> dict:
        data = self.service.to_data(record)
        return {name: data[name] for name in self.names if name in data}

    def comparable(self, name: str, value):
        value = _json(value)
        return sorted(value) if name == "releasable_to" else value

    def label(self, name: str) -> str:
        if name == "releasable_to":
            return _("Released to")
        return str(getattr(self.model._meta.get_field(name), "verbose_name", name))

    def display(self, name: str, value) -> str:
        if name != "releasable_to" and value not in (None, ""):
            choices = dict(getattr(self.model._meta.get_field(name), "choices", None) or ())
            if value in choices:
                return str(choices[value])
        return super().display(name, value)

    def update(self, record, *, acting_user, changes: dict, reason: str):
        return self.service.update(record, acting_user=acting_user, changes=changes, reason=reason)


_REGISTRY: dict[str, EditFields] = {}


def register(edit_fields: EditFields, *, replace: bool = True) -> EditFields:
    """Make `edit_fields` how its record type's edits compare (`replace=False`: unless one is registered)."""
    key = object_type(edit_fields.model)
    if replace or key not in _REGISTRY:
        _REGISTRY[key] = edit_fields
    return _REGISTRY[key]


def edit_fields_for(type_name: str) -> EditFields | None:
    return _REGISTRY.get(type_name)


# --- versions and bases -------------------------------------------------------------------------------------

def version_of(record) -> str:
    """The record's version: the id of its latest change-log entry ("0" when it has none)."""
    latest = (ChangeLogEntry.objects.filter(object_type=object_type(record), object_id=str(record.pk))
              .aggregate(latest=Max("id"))["latest"])
    return str(latest or 0)


@dataclass
class EditBase:
    """What an editor started from: the record's version and the edited fields' comparable values."""

    version: str
    data: dict


def edit_base_fields(post, edit_fields: EditFields, record, values: dict | None = None) -> dict:
    """The hidden fields of an edit form: `base_version` and the signed `base_data`. A form shown again after a
    POST carries the base it was posted with (the editor still started from it); else the record's now.
    `values`: the record's values in the service's form, when the caller has them."""
    if post and post.get("base_version") and post.get("base_data"):
        return {"base_version": post["base_version"], "base_data": post["base_data"]}
    version = version_of(record)  # before the values: a write in between makes the base look older, not newer
    values = values if values is not None else edit_fields.values(record)
    data = edit_fields.comparables(values)
    token = signing.dumps({"t": object_type(record), "id": str(record.pk), "v": version, "d": data}, salt=SALT,
                          compress=True)
    return {"base_version": version, "base_data": token}


def read_base(post, record) -> EditBase | None:
    """The base an edit form was posted with; None when it carries none (an old form). A base that was forged,
    belongs to another record or does not match `base_version` is refused (`FieldError("base_data")`)."""
    version, token = (post.get("base_version") or "").strip(), (post.get("base_data") or "").strip()
    if not version and not token:
        return None
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise FieldError("base_data", "the form's starting point cannot be read; open the edit page again") from None
    if payload.get("t") != object_type(record) or payload.get("id") != str(record.pk) or payload.get("v") != version:
        raise FieldError("base_data", "the form's starting point is not this record's; open the edit page again")
    return EditBase(version=version, data=payload.get("d") or {})


def api_base(record, edit_fields: EditFields, version) -> EditBase:
    """The base of an API edit naming `base_version`: the record's snapshot in that change-log entry."""
    version = str(version).strip()
    entry = (ChangeLogEntry.objects.filter(object_type=object_type(record), object_id=str(record.pk),
                                           pk=int(version)).first() if version.isdigit() else None)
    if entry is None or entry.after is None:
        raise FieldError("base_version", "is not a version of this record (see the X-Record-Version header of "
                                         "its detail)")
    return EditBase(version=version, data=edit_fields.base_from_snapshot(entry.after))


# --- the three-way comparison -------------------------------------------------------------------------------

@dataclass
class Merge:
    """A three-way comparison of an edit: what it changes alone and what it changes against others."""

    mine_only: dict = field(default_factory=dict)  # name -> {"base", "mine"}
    conflicting: dict = field(default_factory=dict)  # name -> {"base", "mine", "current"}


def three_way(base: dict, mine: dict, current: dict) -> Merge:
    """Compare per field of `mine`: changed only by me (applied), only by others or by both alike (kept), by
    both to different values (a conflict). A field whose base is unknown (`UNKNOWN`: not in `base`) conflicts
    whenever mine differs from what is stored."""
    merge = Merge()
    for name, value in mine.items():
        stored = current.get(name)
        if value == stored:
            continue
        known = base.get(name, UNKNOWN)
        if known is not UNKNOWN and known == stored:
            merge.mine_only[name] = {"base": known, "mine": value}
        elif known is not UNKNOWN and known == value:
            continue  # only others changed it: theirs stays
        else:
            merge.conflicting[name] = {"base": None if known is UNKNOWN else known, "mine": value,
                                       "current": stored}
    return merge


# --- writing an edit ----------------------------------------------------------------------------------------

@dataclass
class EditOutcome:
    """What `save_edit` did: "written" (as given), "merged" (with changes made meanwhile) or "conflict"
    (nothing written; `conflict` says what to choose)."""

    state: str
    record: object = None
    conflict: EditConflict | None = None


MERGED_NOTE = "merged with changes made meanwhile"


def save_edit(edit_fields: EditFields, record, *, acting_user, changes: dict, reason: str = "", base=None,
              always: tuple = ()) -> EditOutcome:
    """Write an edit (`changes`, in the service's form) made from `base` (an `EditBase`, or None: as today).
    `always`: names in `changes` that are not compared and always go with the edit (e.g. totals that follow
    the casualty rows). See the module docstring."""
    unknown = set(changes) - set(edit_fields.names) - set(always)
    if unknown:  # a field neither compared nor always written could not be merged
        raise FieldError(sorted(unknown)[0], "is not a field of this record type")
    if base is None or not edit_fields.may_change(acting_user, record):  # as today (a refusal stays a refusal)
        return EditOutcome("written", edit_fields.update(record, acting_user=acting_user, changes=changes,
                                                          reason=reason))
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        if version_of(locked) == base.version:
            return EditOutcome("written", edit_fields.update(locked, acting_user=acting_user, changes=changes,
                                                              reason=reason))
        mine = edit_fields.comparables({k: v for k, v in changes.items() if k not in always})
        merge = three_way(base.data, mine, edit_fields.comparables(edit_fields.values(locked)))
        if merge.conflicting:
            conflict = open_conflict(locked, acting_user=acting_user, base_version=base.version, merge=merge,
                                     reason=reason)
            return EditOutcome("conflict", locked, conflict)
        merged = {name: changes[name] for name in merge.mine_only}
        merged.update({name: changes[name] for name in always if name in changes})
        note = f"{reason} ({MERGED_NOTE})" if reason else MERGED_NOTE
        return EditOutcome("merged", edit_fields.update(locked, acting_user=acting_user, changes=merged,
                                                         reason=note))


# --- the conflicts' one door ----------------------------------------------------------------------------------

def _snapshot(conflict: EditConflict) -> dict:
    """What the change log keeps of a conflict: who, which record and fields, where it stands; not the values
    (the record's own entries hold those, each shown only to who may read that version)."""
    return {"id": conflict.pk, "object_type": conflict.object_type, "object_id": conflict.object_id,
            "author_id": conflict.author_id, "base_version": conflict.base_version,
            "conflicting": sorted(conflict.conflicting), "other_changes": sorted(conflict.other_changes),
            "state": conflict.state, "resolved_by_id": conflict.resolved_by_id,
            "resolved_at": conflict.resolved_at.isoformat() if conflict.resolved_at else None}


def open_conflict(record, *, acting_user, base_version: str, merge: Merge, reason: str = "") -> EditConflict:
    """Store an edit that conflicts with changes made meanwhile (nothing of the record is written)."""
    with transaction.atomic():
        conflict = EditConflict.objects.create(
            object_type=object_type(record), object_id=str(record.pk), object_repr=str(record)[:200],
            mission_id=record.mission_id, author=acting_user if getattr(acting_user, "pk", None) else None,
            base_version=base_version, conflicting=merge.conflicting, other_changes=merge.mine_only,
            reason=reason or "", created_at=timezone.now())
        Mission.objects.filter(pk=record.mission_id).update(open_edit_conflicts=F("open_edit_conflicts") + 1)
        log_change(action=ChangeAction.CREATE, obj=conflict, acting_user=acting_user, before=None,
                   after=_snapshot(conflict), reason=reason)
    return conflict


class ConflictError(Exception):
    """A conflict that cannot be applied as asked (it is no longer open, or the record changed again)."""


def recompute(conflict: EditConflict, edit_fields: EditFields, record) -> Merge:
    """The conflict against the record as stored now: the author's edit (conflicting fields and the others)
    compared again with its base and the latest values."""
    base, mine = {}, {}
    for name, sides in {**conflict.other_changes, **conflict.conflicting}.items():
        base[name], mine[name] = sides["base"], sides["mine"]
    return three_way(base, mine, edit_fields.comparables(edit_fields.values(record)))


def resolve_conflict(conflict: EditConflict, record, *, acting_user, choices: dict, seen_version: str) -> Merge:
    """Apply a conflict: each conflicting field as chosen ("mine": the author's value; "theirs": the stored
    one), with the author's other changes, through the record type's update service (the reason names the
    conflict). Refused (`ConflictError`) when the conflict is no longer open, when the record changed since the
    page was shown (`seen_version`: the page is shown again, recomputed), or when a field has no choice."""
    edit_fields = edit_fields_for(conflict.object_type)
    with transaction.atomic():
        locked = EditConflict.objects.select_for_update().get(pk=conflict.pk)
        if locked.state != ConflictState.OPEN:
            raise ConflictError("this conflict is no longer open")
        current = type(record).objects.select_for_update().get(pk=record.pk)
        if version_of(current) != seen_version:
            raise ConflictError("the record changed again since this page was shown")
        merge = recompute(locked, edit_fields, current)
        missing = [name for name in merge.conflicting if choices.get(name) not in ("mine", "theirs")]
        if missing:
            raise ConflictError(f"choose a value for {missing[0]}")
        take = {**{name: sides["mine"] for name, sides in merge.mine_only.items()},
                **{name: sides["mine"] for name, sides in merge.conflicting.items() if choices[name] == "mine"}}
        changes = {name: edit_fields.from_comparable(name, value) for name, value in take.items()}
        reason = f"edit conflict {locked.pk} resolved" + (f": {locked.reason}" if locked.reason else "")
        if changes:
            edit_fields.update(current, acting_user=acting_user, changes=changes, reason=reason)
        _close(locked, ConflictState.RESOLVED, acting_user, reason)
    return merge


def discard_conflict(conflict: EditConflict, *, acting_user, reason: str = "") -> None:
    """Set a conflict aside: the author's edit is not applied (the record stays as stored)."""
    with transaction.atomic():
        locked = EditConflict.objects.select_for_update().get(pk=conflict.pk)
        if locked.state != ConflictState.OPEN:
            raise ConflictError("this conflict is no longer open")
        _close(locked, ConflictState.DISCARDED, acting_user, reason or f"edit conflict {locked.pk} discarded")


def _close(conflict: EditConflict, state: str, acting_user, reason: str) -> None:
    if getattr(acting_user, "pk", None) is None:
        raise PermissionDenied("a conflict is resolved by a user", gettext_lazy("Sign in to resolve a conflict."))
    before = _snapshot(conflict)
    conflict.state, conflict.resolved_by, conflict.resolved_at = state, acting_user, timezone.now()
    conflict.save(update_fields=["state", "resolved_by", "resolved_at"])
    Mission.objects.filter(pk=conflict.mission_id, open_edit_conflicts__gt=0).update(
        open_edit_conflicts=F("open_edit_conflicts") - 1)
    log_change(action=ChangeAction.UPDATE, obj=conflict, acting_user=acting_user, before=before,
               after=_snapshot(conflict), reason=reason)


# --- who sees which conflicts -------------------------------------------------------------------------------

def may_handle(user, conflict: EditConflict, record) -> bool:
    """The conflict's author, or a user who may edit the record; `record` must be one `user` may see."""
    if record is None:
        return False
    edit_fields = edit_fields_for(conflict.object_type)
    return edit_fields is not None and (conflict.author_id == user.pk or edit_fields.may_change(user, record))


def visible_record(user, conflict: EditConflict):
    """The conflict's record if `user` may see it, else None."""
    edit_fields = edit_fields_for(conflict.object_type)
    if edit_fields is None:
        return None
    return edit_fields.model.objects.visible_to(user).filter(pk=conflict.object_id).first()


def open_conflicts_for(user, *, mission_id=None, record=None) -> list[tuple[EditConflict, object]]:
    """The open conflicts `user` may see and resolve (theirs, and those on records they may edit), with their
    records, newest first: in a mission, or of one record. A mission's are read once per user object (one
    request: the menu and a record's banner share them)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if record is not None:
        if not _may_have_conflicts(record.mission):
            return []
        key = (object_type(record), str(record.pk))
        return [(c, r) for c, r in open_conflicts_for(user, mission_id=record.mission_id)
                if (c.object_type, c.object_id) == key]
    cache = user.__dict__.setdefault("_peaceops_open_conflicts", {})
    if mission_id not in cache:
        cache[mission_id] = _open_conflicts(user, mission_id)
    return cache[mission_id]


def open_conflict_by(user, record) -> EditConflict | None:
    """The user's latest open conflict on this record (what their edit became), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (EditConflict.objects.filter(object_type=object_type(record), object_id=str(record.pk), author=user,
                                        state=ConflictState.OPEN).order_by("-created_at", "-pk").first())


def _may_have_conflicts(mission) -> bool:
    """False when the mission (a `Mission` already read) holds no open conflict: no need to look."""
    return getattr(mission, "open_edit_conflicts", 1) > 0


def open_conflicts_in(user, mission) -> list[tuple[EditConflict, object]]:
    """`open_conflicts_for(user, mission_id=mission.pk)`, without a query when the mission has none open."""
    return open_conflicts_for(user, mission_id=mission.pk) if _may_have_conflicts(mission) else []


def _open_conflicts(user, mission_id) -> list[tuple[EditConflict, object]]:
    conflicts = EditConflict.objects.filter(state=ConflictState.OPEN)
    if mission_id is not None:
        conflicts = conflicts.filter(mission_id=mission_id)
    conflicts = list(conflicts.select_related("author")[:500])
    if not conflicts:
        return []
    records = {}
    for type_name in {c.object_type for c in conflicts}:
        edit_fields = edit_fields_for(type_name)
        if edit_fields is None:
            continue
        ids = [c.object_id for c in conflicts if c.object_type == type_name]
        for found in edit_fields.model.objects.visible_to(user).filter(pk__in=ids):
            records[(type_name, str(found.pk))] = found
    out = []
    for conflict in conflicts:
        found = records.get((conflict.object_type, conflict.object_id))
        if found is not None and may_handle(user, conflict, found):
            out.append((conflict, found))
    return out


def _json(value):
    """A service-form value as JSON (dates ISO, decimals and UUIDs as text, lists element by element)."""
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    json.dumps(value)  # anything else must be JSON as it is
    return value
