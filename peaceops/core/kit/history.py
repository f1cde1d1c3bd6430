"""A record's change history as one reader may see it: each version (the before and the after of a change-log
entry) only when the reader could read it when it was written (`core.records.VersionReader`), with the
fields withheld from partners blanked for readers outside the owner and the personal fields masked for readers
without the record type's `personal_permission` (`core.kit.personal`). The API and the history page read it here.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from peaceops.core.access import access_profile
from peaceops.core.changelog import object_type
from peaceops.core.models import ChangeLogEntry
from peaceops.core.records import VersionReader

from .personal import mask_data, may_see_personal, personal_fields

#: Keys no diff lists (bookkeeping).
_QUIET = ("updated_at", "updated_by_id")


@dataclass(frozen=True)
class Change:
    """One change-log entry as the reader sees it."""

    entry: ChangeLogEntry
    before_hidden: bool
    after_hidden: bool
    model: type | None = None

    @property
    def changed_fields(self) -> list[str]:
        if self.before_hidden or self.after_hidden:
            return []
        before, after = self.entry.before or {}, self.entry.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k not in _QUIET)

    @property
    def changed_labels(self) -> list[str]:
        """What a page says changed: the changed fields by their labels (nothing for a creation or a deletion,
        whose action says it all)."""
        if self.entry.before is None or self.entry.after is None:
            return []
        return [label_of(self.model, name) for name in self.changed_fields]

    def as_dict(self) -> dict:
        e = self.entry
        return {"id": e.pk, "time": e.time, "action": e.action, "actor": e.actor_name, "request_id": e.request_id,
                "reason": e.reason, "changed_fields": self.changed_fields, "before_hidden": self.before_hidden,
                "after_hidden": self.after_hidden, "before": e.before, "after": e.after}


def history_of(model, record_id, user, record=None) -> list[Change] | None:
    """The changes of one record, oldest first, as `user` may see them; None when the user may see neither
    the record (`record`, from `visible_to`) nor, as a superuser, a deleted record's entries (never those of a
    need-to-know record)."""
    entries = list(ChangeLogEntry.objects.filter(object_type=object_type(model), object_id=str(record_id))
                   .order_by("id"))
    if record is None and not (access_profile(user).superuser and entries and _deleted_and_open(model, record_id, entries)):
        return None
    mission_id = record.mission_id if record is not None else entries[-1].mission_id
    reader = VersionReader.of(user, mission_id, model)
    withheld = withheld_fields(user, record) if record is not None else ()
    personal = () if may_see_personal(user, model, mission_id) else personal_fields(model)
    changes, written_at = [], None
    for entry in entries:
        before_hidden = entry.before is not None and not reader.may_read(entry.before, written_at or entry.time)
        after_hidden = entry.after is not None and not reader.may_read(entry.after, entry.time)
        if before_hidden:
            entry.before = None
        if after_hidden or (entry.after is None and before_hidden):
            entry.after, entry.reason = None, ""
        for side in (entry.before, entry.after):
            for name in withheld:
                if side and name in side:
                    side[name] = None
            mask_data(side, personal)
        changes.append(Change(entry, before_hidden, after_hidden, model))
        written_at = entry.time
    return changes


def _deleted_and_open(model, record_id, entries) -> bool:
    """Whether a superuser may read the history of a record they do not see: it is deleted, and it was not
    need-to-know (a need-to-know record's history, deleted or not, is its readers' alone: the answer is the one
    for a record that never existed)."""
    if getattr(model, "need_to_know", False) or model._base_manager.filter(pk=record_id).exists():
        return False
    field = getattr(model, "need_to_know_field", None)
    return not (field and any((side or {}).get(field) for e in entries for side in (e.before, e.after)))


def label_of(model, name: str) -> str:
    """A changed field's label: the model field's (by name or column), a child list's related model's plural, else
    the name itself."""
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # the releases, a record type's own snapshot key
        return {"releasable_to": str(_("Released to"))}.get(name, name)
    if field.is_relation and field.one_to_many:
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", name))


def withheld_fields(user, record) -> tuple[str, ...]:
    """The fields of `record` this user does not receive: the record type's `withheld_from_partners`, for
    readers who are not members of the owning organisation (superusers receive everything)."""
    profile = access_profile(user)
    if profile.superuser or record.owner_id in profile.organisations_for(record.mission_id):
        return ()
    return tuple(getattr(record, "withheld_from_partners", ()))
