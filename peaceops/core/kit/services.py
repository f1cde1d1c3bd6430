"""The one write door of kit record types: `RecordService`.

A record type subclasses it, names its model and writable fields, and adds its own rules (`clean`) and
children (`write_children`). Every mutation then runs the same steps in one transaction: permission check
(`<app>.<model>.<action>` in the mission), validation raising `FieldError`, enrichment (located records: admin
areas and H3 cell), the write, the change snapshot diff (an update that changes nothing writes nothing), the
change log (`core.changelog.log_change`, which seals the ledger and publishes the live event on commit), and
after a creation the `core.hooks.records_created` signal.

A single create is a batch of one: `create` calls `create_many`, the path importers take (with `upsert=True`,
idempotent by `source_id`).

What a record type may customise besides its rules: `snapshot` (what the change log stores; default the model's
`change_snapshot()`), its children (`children_of`, `clean_children`, `write_children`: plain foreign-key rows by
default, anything else when overridden, e.g. links to shared reference rows), how a change applies to the stored
data (`with_changes`), how records are built and enriched (`apply`), and the refusals' wording (`refusal`).
Permissions may be owner-scoped: an action is allowed by `<type>.<action>` or `<type>.<action>_any` on every
record of the mission, by `<type>.<action>_own_org` on records owned by one of the user's organisations there
(`AccessProfile.may`). Edits of a record's releasability list are reported through `core.hooks.releases_edited`
(sharing seals each release and withdrawal in the ledger).

Files attached to a record (photos, documents) go through the same door: `attach` and `detach`, allowed to who
may change the record (`core.kit.attachments`: checks, storage, change log).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.access import access_profile
from peaceops.core.changelog import change_entry_fields, log_change, log_changes
from peaceops.core.choices import ChangeAction
from peaceops.core.dates import OUT_OF_RANGE, RANGE_PARAMS, in_range
from peaceops.core.hooks import records_created, releases_edited
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.core.services import PermissionDenied

from . import batch
from .attachments import add_attachments, remove_all, remove_attachment
from .errors import FieldError, ValidationText
from .mixins import Located, child_key, locate
from .permissions import perm_code
from .references import id_of, is_reference, resolve, written_by

#: What a refused user reads on the page, by action and whether it concerned one record (which names its owner).
REFUSALS = {
    ("add", False): _("You may not add %(records)s in this mission."),
    ("change", False): _("You may not change %(records)s in this mission."),
    ("change", True): _("You may not change %(records)s of %(organisation)s in this mission."),
    ("delete", False): _("You may not delete %(records)s in this mission."),
    ("delete", True): _("You may not delete %(records)s of %(organisation)s in this mission."),
}
OTHER_REFUSAL = _("You may not do this with %(records)s in this mission.")
ON_BEHALF = _("You may not record %(records)s on behalf of %(organisation)s.")

#: Snapshot keys a comparison ignores (bookkeeping, not content).
BOOKKEEPING = frozenset({"created_at", "updated_at", "created_by_id", "updated_by_id"})


@dataclass
class BatchResult:
    """What a batch did: the records created and updated, and how many rows changed nothing."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0


class RecordService:
    """Create, update and delete records of one type. Data is a dict of the fields named in `fields`, plus
    `releasable_to` (organisation codes) and the record type's `children`."""

    model = None
    #: The record's own writable fields (model field names; `source_id` for externally identified records).
    fields: tuple[str, ...] = ()
    # --- what a record type customises -------------------------------------------------------------------
    def clean(self, data: dict, mission) -> dict:
        """Record-type rules across fields; raise `FieldError`. Returns the data to write."""
        return data

    def merge(self, stored: dict, incoming: dict) -> dict:
        """The data an import row gives a record that exists already (default: the row's fields win)."""
        return {**stored, **incoming}

    def with_changes(self, stored, changes: dict):
        """The data of a stored record (`to_data`) with an update's changes (default: the changes win; unknown
        names are refused by `validate`)."""
        return {**stored, **changes}

    def snapshot(self, record) -> dict:
        """What the change log stores of the record, before and after each change (default: the model's
        `change_snapshot()`, children and releases included)."""
        return record.change_snapshot()

    def source_id_of(self, data) -> str | None:
        """The id in its source file of a validated row (matching an import to a stored record), or None."""
        return data.get("source_id")

    def released_codes(self, data) -> list[str]:
        """The organisation codes a validated row releases the record to."""
        return data["releasable_to"]

    def refusal(self, user, action: str, mission=None, owner=None, record=None) -> PermissionDenied:
        """The PermissionDenied to raise when `user` may not do `action` in `mission` or on `record` (`owner`:
        may not record on behalf of that organisation): in English naming the user and the permission they lack
        (API, logs), and said to the user in their language (`REFUSALS`, on the 403 page)."""
        records = self.model._meta.verbose_name_plural
        if owner is not None:
            return PermissionDenied(f"{user} may not record on behalf of {owner.code}", ON_BEHALF,
                                    records=records, organisation=owner.code)
        said = REFUSALS.get((action, record is not None), OTHER_REFUSAL)
        return PermissionDenied(f"{user} lacks {perm_code(self.model, action)} in this mission", said,
                                records=records, organisation=record.owner.code if record is not None else "")

    # --- children: the relations the model's `snapshot_children` names, as lists of dicts of their fields ----
    @property
    def children(self) -> tuple[str, ...]:
        return tuple(self.model.snapshot_children)

    def children_of(self, record) -> dict:
        """The record's children as data (the base of partial updates; uses prefetched rows)."""
        out = {}
        for name, fields in self.model.snapshot_children.items():
            key = child_key(getattr(record, name).model, fields)
            rows = sorted(getattr(record, name).all(), key=lambda child: tuple(getattr(child, f) for f in key))
            out[name] = [{f: id_of(child, f) if is_reference(child._meta.get_field(f)) else getattr(child, f)
                          for f in fields} for child in rows]
        return out

    def write_children(self, record, data: dict, *, replace: bool = True) -> None:
        """Write the record's children from `data`, replacing the stored ones (`replace=False`: a new record,
        which has none)."""
        for name in self.children:
            manager = getattr(record, name)
            if replace:
                manager.all().delete()
            attname = {f.name: f.attname for f in manager.model._meta.concrete_fields}
            manager.model.objects.bulk_create([manager.model(**{manager.field.name: record},
                                                             **{attname[k]: v for k, v in row.items()})
                                               for row in data[name]])

    def clean_children(self, data: dict, mission=None) -> None:
        """Each child checked by its model's fields (`FieldError("years.0.year", ...)`; a reference resolved in the
        mission), sorted by its key (`mixins.child_key`: its unique fields, else its first), which no two children
        may share (the second is refused: `FieldError("weapons.1.serial_number", ...)`, its index as given)."""
        for name, fields in self.model.snapshot_children.items():
            model, rows = getattr(self.model, name).rel.related_model, data.get(name) or []
            if not isinstance(rows, list):
                raise FieldError(name, _("must be a list"))
            cleaned = []
            for i, row in enumerate(rows):
                if not isinstance(row, dict):
                    raise FieldError(f"{name}.{i}", _("must be an object with %(fields)s"), fields=", ".join(fields))
                unknown = set(row) - set(fields)
                if unknown:
                    raise FieldError(f"{name}.{i}.{sorted(unknown)[0]}", _("is not a field here"))
                cleaned.append({f: self._clean_field(model._meta.get_field(f), row.get(f), f"{name}.{i}.{f}", mission)
                                for f in fields})
            key = child_key(model, fields)
            seen = set()
            for i, row in enumerate(cleaned):  # the row repeating another's key is named, as given
                if tuple(row[f] for f in key) in seen:
                    raise FieldError(f"{name}.{i}.{key[0]}", _("repeats another row's %(field)s"),
                                     field=" + ".join(str(model._meta.get_field(f).verbose_name) for f in key))
                seen.add(tuple(row[f] for f in key))
            data[name] = sorted(cleaned, key=lambda row: tuple(row[f] for f in key))

    @staticmethod
    def _clean_field(model_field, value, where: str, mission=None):
        if is_reference(model_field):  # another record of the mission (a deployment's site)
            return resolve(where, model_field, value, mission)
        if value is None and model_field.has_default():
            value = model_field.get_default()
        elif value is None and model_field.blank and not model_field.null and model_field.empty_strings_allowed:
            value = ""  # a text left out of a child is empty
        try:
            return model_field.clean(value, None)
        except ValidationError as error:
            raise FieldError(where, ValidationText(error)) from None

    # --- permission ------------------------------------------------------------------------------------
    def require(self, user, mission_id: int, action: str, owner_id: int | None = None, *, mission=None,
                record=None) -> None:
        """Refuse (PermissionDenied) unless the user may do `action` in the mission (on a record of `owner_id`,
        for owner-scoped actions); `mission` or `record` for the refusal's wording."""
        if not self.may(user, mission_id, action, owner_id):
            raise self.refusal(user, action, mission=mission, record=record)

    def may(self, user, mission_id: int, action: str, owner_id: int | None = None) -> bool:
        """`<type>.<action>` or `<type>.<action>_any` in the mission; or, on a record owned by one of the user's
        organisations there (`owner_id`), `<type>.<action>_own_org`."""
        return access_profile(user).may(self.model, action, mission_id, owner_id)

    # --- validation --------------------------------------------------------------------------------------
    def validate(self, data: dict, mission, organisations: dict) -> dict:
        """Every field checked by its model field (type, choices, length, blank), located records' position,
        releasability against the mission's organisations, then the record type's `clean`."""
        unknown = set(data) - set(self.fields) - set(self.children) - {"releasable_to", "classification"}
        if unknown:
            raise FieldError(sorted(unknown)[0], _("is not a field of this record type"))
        out = dict(data)
        for name in (*self.fields, "classification"):
            model_field = self.model._meta.get_field(name)
            value = out.get(name, model_field.get_default())
            if is_reference(model_field):  # another record of the mission, by id or source id
                out[name] = resolve(name, model_field, value, mission)
                continue
            if value in (None, "") and model_field.null:
                out[name] = None
                continue
            if value in ("", None) and not model_field.blank:
                raise FieldError(name, _("is required"))
            try:
                out[name] = model_field.clean(value, None)
            except ValidationError as error:
                raise FieldError(name, ValidationText(error)) from None
            if isinstance(out[name], dt.date) and not in_range(out[name]):
                raise FieldError(name, OUT_OF_RANGE, **RANGE_PARAMS)
        if issubclass(self.model, Located) and (out["lon"] is None) != (out["lat"] is None):
            missing_axis = "lat" if out["lat"] is None else "lon"
            raise FieldError(missing_axis, _("is required with the other coordinate"))
        if issubclass(self.model, Located) and out["lon"] is not None:  # a record type may allow no position
            if not -180 <= out["lon"] <= 180:
                raise FieldError("lon", _("must be between %(low)s and %(high)s"), low=-180, high=180)
            if not -90 <= out["lat"] <= 90:
                raise FieldError("lat", _("must be between %(low)s and %(high)s"), low=-90, high=90)
        codes = out.get("releasable_to") or []
        missing = [c for c in codes if c not in organisations]
        if missing:
            raise FieldError("releasable_to", _("names %(code)s, which takes no part in %(mission)s"),
                             code=missing[0], mission=mission.code)
        out["releasable_to"] = sorted(set(codes))
        self.clean_children(out, mission)
        return self.clean(out, mission)

    # --- reading a record back as data -------------------------------------------------------------------
    def to_data(self, record) -> dict:
        data = {name: self._value_of(record, name) for name in (*self.fields, "classification")}
        data["releasable_to"] = sorted(o.code for o in record.released_organisations())
        return {**data, **self.children_of(record)}

    def _value_of(self, record, name: str):
        model_field = self.model._meta.get_field(name)
        return id_of(record, name) if is_reference(model_field) else getattr(record, name)

    # --- the writes ----------------------------------------------------------------------------------------
    def owner_for(self, user, mission, owner) -> Organisation:
        """The owning organisation: `owner` (which must be one of the user's organisations in the mission,
        unless the user is a superuser or the system) or the user's first organisation there."""
        profile = access_profile(user)
        mine = profile.organisations_for(mission.pk)
        if owner is None:
            if not mine:
                raise FieldError("owner", _("must be named: you have no organisation in %(mission)s"),
                                 mission=mission.code)
            return Organisation.objects.get(pk=sorted(mine)[0])
        if user is not None and not profile.superuser and owner.pk not in mine:
            raise self.refusal(user, "add", mission=mission, owner=owner)
        return owner

    def new_record(self, *, mission, owner, user):
        """A new, unsaved record of the mission and owner, its bookkeeping set."""
        now = timezone.now()
        return self.model(mission=mission, owner=owner, created_at=now, updated_at=now, created_by=user,
                          updated_by=user)

    def create(self, *, acting_user, mission, data: dict, owner=None, reason: str = ""):
        """Create one record (a batch of one); returns it."""
        return self.create_many([data], acting_user=acting_user, mission=mission, owner=owner, reason=reason).created[0]

    def create_many(self, rows: list[dict], *, acting_user, mission, owner=None, reason: str = "",
                    upsert: bool = False, system: bool = False, organisations: dict | None = None) -> BatchResult:
        """Create many records (or, with `upsert`, update those whose `source_id` exists for the owner) in one
        transaction. `system` (operators' loads, no acting user) skips the permission check. `organisations`:
        the mission's participating organisations by code, when the caller holds them already."""
        if not system:
            self.require(acting_user, mission.pk, "add", mission=mission)
        owner = self.owner_for(acting_user, mission, owner)
        if upsert and not system:  # it may change the owner's stored records
            self.require(acting_user, mission.pk, "change", owner.pk, mission=mission)
        if organisations is None:
            organisations = {o.code: o for o in participants(mission)}
        with written_by(None if system else acting_user):  # references name only records the writer sees
            cleaned = [self.validate(row, mission, organisations) for row in rows]
        result = BatchResult()
        user = acting_user if getattr(acting_user, "pk", None) else None
        with transaction.atomic():
            ids = [self.source_id_of(d) for d in cleaned if self.source_id_of(d)]
            stored = {r.source_id: r for r in self.model.objects.select_for_update()
                      .filter(mission=mission, owner=owner, source_id__in=ids)
                      .prefetch_related(*batch.stored_prefetches(self))} if ids else {}
            if stored and not upsert:
                raise FieldError("source_id", _("%(value)s is already the source id of another record of "
                                                "%(owner)s in %(mission)s"), value=sorted(stored)[0],
                                 owner=owner.code, mission=mission.code)
            new, pending = [], {}
            for data in cleaned:
                source_id = self.source_id_of(data)
                record = stored.get(source_id)
                if source_id and source_id in pending:  # the same source id again in this batch: one record
                    pending[source_id][1].update(self.merge(pending[source_id][1], data))
                    result.unchanged += 1
                elif record is None:
                    record = self.new_record(mission=mission, owner=owner, user=user)
                    new.append((record, data))
                    if source_id:
                        pending[source_id] = new[-1]
                else:  # validated as `_change` validates; an unchanged row writes nothing
                    merged = self.validate(self.merge(self.to_data(record), data), mission, organisations)
                    if batch.same_as_stored(self, record, merged):
                        result.unchanged += 1
                    elif self._change(record, merged, acting_user, reason, organisations, validated=True):
                        record._prefetched_objects_cache = {}  # its children and releases were rewritten
                        record.__dict__.pop("releases_in_force", None)
                        result.updated.append(record)
                    else:
                        result.unchanged += 1
            self.apply([r for r, _ in new], [d for _, d in new])
            edits = []
            for record, data in new:
                record.save(force_insert=True)
                result.created.append(record)
                edits.append((record, [], list(self.released_codes(data))))
            batch.write_new_related(self, new, organisations, user)
            if edits:
                releases_edited.send(sender=self.model, edits=edits, acting_user=acting_user, reason=reason,
                                     organisations=organisations)
            if result.created:  # agreements release them first, so their creation entries show those releases
                records_created.send(sender=self.model, records=result.created, acting_user=acting_user)
            if result.created and user is not None and not system and getattr(self.model, "need_to_know", False):
                assign_creator(result.created, user)
            log_changes([change_entry_fields(action=ChangeAction.CREATE, obj=record, acting_user=acting_user,
                                             before=None, after=after, reason=reason)
                         for record, after in zip(result.created, batch.change_snapshots(self, result.created),
                                                  strict=True)])
        return result

    def update(self, record, *, acting_user, changes: dict, reason: str = ""):
        """Change some fields of a record; a change that changes nothing writes nothing."""
        self.require(acting_user, record.mission_id, "change", record.owner_id, record=record)
        organisations = {o.code: o for o in participants(record.mission)}
        with transaction.atomic():
            locked = self.model.objects.select_for_update().get(pk=record.pk)
            data = self.with_changes(self.to_data(locked), changes)
            with written_by(acting_user):
                data = self.validate(data, locked.mission, organisations)
            self._change(locked, data, acting_user, reason, organisations, validated=True)
        return locked

    def delete(self, record, *, acting_user, reason: str = "") -> None:
        """Delete a record and its attachments; its last state stays in the change log."""
        self.require(acting_user, record.mission_id, "delete", record.owner_id, record=record)
        with transaction.atomic():
            locked = self.model.objects.select_for_update().get(pk=record.pk)
            remove_all(locked, acting_user=acting_user, reason=reason)
            log_change(action=ChangeAction.DELETE, obj=locked, acting_user=acting_user,
                       before=self.snapshot(locked), after=None, reason=reason)
            locked.delete()

    def release(self, record, *, acting_user, organisation, expires_at=None, withdraw=False, reason=""):
        """Release the record to an organisation (or withdraw the release): a change like any other."""
        self.require(acting_user, record.mission_id, "change", record.owner_id, record=record)
        codes = set(self.to_data(record)["releasable_to"])
        codes = codes - {organisation.code} if withdraw else codes | {organisation.code}
        record = self.update(record, acting_user=acting_user, changes={"releasable_to": sorted(codes)},
                             reason=reason)
        if expires_at is not None and not withdraw:
            self.model.release_model().objects.filter(**{self.model._meta.model_name: record},
                                                      organisation=organisation).update(expires_at=expires_at)
        return record

    # --- attachments -------------------------------------------------------------------------------------
    def attach(self, record, uploads, *, acting_user, field: str = "files", reason: str = "") -> list:
        """Attach uploaded files to the record (who may change it may): each checked (kind by its first bytes,
        size, pixels, the record's limit: `FieldError(field, ...)` naming the file), stored unchanged with a
        thumbnail, and logged, in one transaction. Returns the new `Attachment`s."""
        self.require(acting_user, record.mission_id, "change", record.owner_id, record=record)
        return add_attachments(record, uploads, acting_user=acting_user, field=field, reason=reason)

    def detach(self, record, attachment, *, acting_user, reason: str) -> None:
        """Remove one of the record's attachments, with a reason (required; who may change the record may)."""
        self.require(acting_user, record.mission_id, "change", record.owner_id, record=record)
        if (attachment.record_type, attachment.record_id) != (f"{self.model._meta.label_lower}", str(record.pk)):
            raise FieldError("attachment", "is not attached to this record")
        remove_attachment(attachment, acting_user=acting_user, reason=reason)

    # --- building and writing ----------------------------------------------------------------------------
    def apply(self, records, datas) -> None:
        """Copy validated data onto the records' own fields, then enrich them (located records: `locate`,
        for all at once)."""
        for record, data in zip(records, datas, strict=True):
            for name in (*self.fields, "classification"):
                setattr(record, self.model._meta.get_field(name).attname, data[name])
        if issubclass(self.model, Located):
            locate(records)

    def write_related(self, record, data, organisations: dict, user, *, replace: bool = True) -> None:
        """Write the saved record's children and release rows (releases that stay keep their grant, expiry and
        group; the others go)."""
        self.write_children(record, data, replace=replace)
        release = self.model.release_model()
        wanted = {organisations[c].pk for c in data["releasable_to"]}
        link = {self.model._meta.model_name: record}
        kept = set()
        if replace:  # a new record has no release rows yet
            release.objects.filter(**link).exclude(organisation_id__in=wanted).delete()
            kept = set(release.objects.filter(**link).values_list("organisation_id", flat=True))
        release.objects.bulk_create([release(**link, organisation_id=o, granted_at=record.updated_at,
                                             granted_by=user) for o in sorted(wanted - kept)])

    def _change(self, record, data, acting_user, reason, organisations, validated=False) -> bool:
        """Apply data to a locked, stored record; log the change. False (and nothing written) when the
        record's content stays the same."""
        if not validated:
            data = self.validate(data, record.mission, organisations)
        with transaction.atomic():
            before = self.snapshot(record)
            self.apply([record], [data])
            record.updated_at = timezone.now()
            record.updated_by = acting_user if getattr(acting_user, "pk", None) else None
            record.save()
            self.write_related(record, data, organisations, record.updated_by)
            after = self.snapshot(record)
            if _content(before) == _content(after):
                transaction.set_rollback(True)
                return False
            log_change(action=ChangeAction.UPDATE, obj=record, acting_user=acting_user, before=before,
                       after=after, reason=reason)
            releases_edited.send(sender=self.model, edits=[(record, before["releasable_to"], after["releasable_to"])],
                                 acting_user=acting_user, reason=reason, organisations=organisations)
        return True


def assign_creator(records, user) -> None:
    """A need-to-know record's creator reads it: they are assigned to each record they create (in the creating
    transaction). A service creating on someone else's behalf (a referral whose author must not read it back)
    passes `system=True` and assigns whom it means to."""
    from peaceops.core.assignments import assign_many

    assign_many(records, user=user, acting_user=user, system=True, reason="created the record")


def _content(snap: dict) -> dict:
    return {k: v for k, v in snap.items() if k not in BOOKKEEPING}


def as_utc(value):
    """An aware datetime in UTC (naive ones are taken as UTC)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value
