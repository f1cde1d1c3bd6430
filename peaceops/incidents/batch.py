"""The incidents' one write path: every create, update and delete of incidents, one incident (the service's
single write: form, API) or many (the import), goes through `write_batch` (creates and updates) or
`delete_batch`.

The steps, in one transaction: rows are checked by the incidents' one rule set (`rules.IncidentRules`),
matched to the stored incidents they update, enriched in one vectorised pass (admin areas, H3 cell: geo's
`place`), compared with what is stored (unchanged rows write nothing), snapshotted for the change log
(`batch_rows.snapshot`); then the incidents and their children are written by the row writer
(`batch_sql.RowWriter`), the releases the rows' lists add or withdraw are reported (`releases_edited`), the
owners' agreements release new incidents (`records_created`), one change-log entry is written per created,
changed or deleted incident, the ledger seals them (`record_changes(known=...)`, hashes made of the values in
hand) and the live events are published on commit.

What a single write and an import do differently is a `Mode` of this path, each choice named there: `SINGLE`
and `IMPORT` (docs/developers/architecture.md, "One door for mutations").

An import's creation entries carry no snapshot (`after` empty): the incident as first stored is the `before` of
its first update or deletion, or the row itself while there is none; the ledger seals its hash in canonical form
(ledger.first_versions; docs/decisions/creation-entries-without-snapshot.md).
"""

import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import transaction
from django.utils import timezone
from orjson import OPT_SORT_KEYS as SORTED
from orjson import dumps

from peaceops.core.changelog import object_type
from peaceops.core.choices import ChangeAction
from peaceops.core.context import current_request_id
from peaceops.core.events import LiveEvent, publish_on_commit
from peaceops.core.hooks import records_created, releases_edited
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Organisation
from peaceops.core.records import RELEASE_EXPIRY_KEY
from peaceops.geo.locate import place
from peaceops.ledger.services import record_changes

from . import batch_changelog, batch_rows, tally_sql
from .batch_children import Children, expiry_text, stored_children, write_children
from .batch_rows import COLUMNS, CONTENT, TITLE, UPDATED_AT, UPDATED_BY
from .batch_sql import DatabaseForms, RowWriter, select_where_in, to_database
from .inputs import IncidentData
from .models import Incident
from .rules import IncidentRules

_NULL = b"null"
_AFTER = 9  # the place of the snapshot after the change in a change-log entry row (see _Entries)
#: External ids in the order that decides which one an incident is matched by.
KEYS = ("ucdp_id", "acled_id", "external_id")


@dataclass(frozen=True)
class Mode:
    """How a batch goes through the one write path: the choices in which a single write (the service's create,
    update or delete of one incident: form, API) and an import differ. Everything else is the same code."""

    name: str
    #: Bad input: raise its `FieldError` (the API's 422 naming the field, the form's field error), or reject
    #: the row ("field: message" in `BatchResult.rejected`) and write the others.
    raise_errors: bool
    #: Which stored incident a row updates: matched by its external ids (UCDP, ACLED, file id) within the
    #: owner's incidents or by the PeaceOps id an export carries (an import), or the one the caller names
    #: (`targets`; None: a new incident, whose external id the owner must not use yet: a unique-constraint
    #: `IntegrityError`, the API's 409).
    match_ids: bool
    #: An update's releasability list replaces the stored one, withdrawals included; or it only adds releases
    #: (`Children.keep_releases`: a file made before a release must not undo it).
    replace_releases: bool
    #: A row without a note of repairs keeps the stored note (an import); or the row's note is the note (a
    #: single write's data is the stored data with the changes, so an edit keeps it unless it clears it).
    keep_repairs: bool
    #: Creation entries carry their `after` snapshot (the history shows it), or none: the first version is
    #: sealed as a hash (docs/decisions/creation-entries-without-snapshot.md).
    creation_snapshots: bool
    #: One live event per record (`create`/`update`/`delete`, its id), or one `import` event per batch.
    event_per_record: bool
    #: The writer tuned for throughput: COPY on PostgreSQL, the tallies' triggers paused for the batch and the
    #: tallies moved once (`tally_sql.paused`); or plain INSERT/UPDATE statements through Django's cursor, the
    #: tables' triggers moving the tallies row by row.
    bulk: bool


#: A single write (`services.IncidentService`: create, update, delete of one incident).
SINGLE = Mode("single", raise_errors=True, match_ids=False, replace_releases=True, keep_repairs=False,
              creation_snapshots=True, event_per_record=True, bulk=False)
#: An import (`services.import_batch`, the importers, the demo loader).
IMPORT = Mode("import", raise_errors=False, match_ids=True, replace_releases=False, keep_repairs=True,
              creation_snapshots=False, event_per_record=False, bulk=True)


@dataclass
class BatchResult:
    """What one batch did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (position in batch, reason)
    change_log_ids: list[int] = field(default_factory=list)  # the entries the batch wrote (batch_changelog)
    written: list[str] = field(default_factory=list)  # ids of the incidents created, then of those changed


@dataclass(slots=True)
class _Row:
    pos: int
    data: IncidentData
    category_id: int | None
    release: list[Organisation]
    key: tuple[str, str] | None
    values: tuple | None = None  # enrichment: admin1_id, admin2_id, h3_cell, lon, lat
    current: dict | None = None  # the stored incident's columns, when the row updates one
    own: bool = False  # the row's file id is the PeaceOps id of `current`
    created_id: object = None  # the id of the incident the row creates
    released: tuple = ()  # (codes released before, codes released after) when the row writes the incident
    entry: int = -1  # the index of a new incident's creation entry in the batch's change-log entries
    snap: dict | None = None  # that entry's snapshot


def write_batch(rows: list[IncidentData], *, acting_user, mission, owner: Organisation, reason: str,
                may_edit=None, mode: Mode | None = None, targets: list[dict | None] | None = None) -> BatchResult:
    """Create or update the incidents (see services.import_batch) in `mode` (default `IMPORT`). Matching by
    ids (`mode.match_ids`): `may_edit(owner_id)` guards updates. Else `targets` gives, for each row, the stored
    incident's columns (`stored_columns`) the row updates, or None for a new incident; the caller has checked
    the permission and locked them."""
    mode = mode or IMPORT
    result = BatchResult()
    rules = IncidentRules(mission)
    valid = _validated(rows, rules, mode, result)
    with transaction.atomic():  # stored incidents are read (and, where the database can, locked) in it
        if mode.match_ids:
            valid = _matched(valid, mission, owner, may_edit, result)
        else:
            for row in valid:
                row.current = targets[row.pos] if targets else None
        _enrich(valid, mission)
        entries = _Entries(acting_user, reason, mission.pk)
        new, changed = _compare(valid, mission=mission, owner=owner, entries=entries, result=result, mode=mode)
        every = tuple(COLUMNS)
        changed_ids = [db[0] for db, _ in changed]
        with tally_sql.paused() if mode.bulk else nullcontext():  # the tallies move once per batch, not per row
            if mode.bulk:
                tally_sql.adjust(changed_ids, -1)
            RowWriter(Incident, COLUMNS, converted=every).insert([db for db, _ in new], copy=mode.bulk)
            RowWriter(Incident, _UPDATED, key="id", converted=every).update([_update_of(db) for db, _ in changed])
            write_children(mission, [(db[0], c) for db, c in new], [(db[0], c) for db, c in changed],
                           granted=(entries.now, entries.user_id), copy=mode.bulk)
            _report_releases(valid, mission, acting_user, reason, rules.organisations)
            _announce_created(valid, mission, owner, acting_user, entries, mode)  # agreements release them
            if mode.bulk:
                added = tally_sql.Deferred.new([db[0] for db, _ in new])  # none while a bulk load defers them
                tally_sql.adjust(added + changed_ids, 1)
        result.change_log_ids = entries.write(mode)
    result.created, result.updated = len(new), len(changed)
    result.written = [str(db[0]) if isinstance(db[0], uuid.UUID) else str(uuid.UUID(str(db[0])))
                      for db, _ in new + changed]
    return result


def delete_batch(incident_ids: list, *, acting_user, mission_id: int, reason: str, mode: Mode | None = None) -> int:
    """Delete the mission's incidents with these ids (the caller has checked the permission): one deletion
    entry each, with the incident's last state as `before`, sealed and published as every write's are. The
    rows go through the ORM's delete, the one writer that knows every table referring to incidents (their
    children, releases, partner scopes) and cascades to them. Returns how many were deleted."""
    mode = mode or SINGLE
    with transaction.atomic():
        stored = select_where_in(Incident, COLUMNS, "id", list(incident_ids), mission_id=mission_id, lock=True)
        to_db = to_database(Incident, "id")
        children = stored_children([to_db(current["id"]) for current in stored])
        entries = _Entries(acting_user, reason, mission_id)
        for current in stored:
            before = batch_rows.snapshot(batch_rows.stored_values(current), children[to_db(current["id"])])
            entries.add(ChangeAction.DELETE, str(current["id"]), current["title"], before, None)
        Incident.objects.filter(pk__in=[current["id"] for current in stored]).delete()
        entries.write(mode)
    return len(stored)


def stored_columns(incident: Incident) -> dict:
    """A stored incident's columns by attname, as `select_where_in` reads them (the `targets` of a batch)."""
    return {name: getattr(incident, name) for name in COLUMNS}


#: The UPDATE's columns (content, then bookkeeping; the id comes last as the key), from a database row.
_UPDATED = CONTENT[1:] + ["updated_at", "updated_by_id"]
_update_of = itemgetter(*[COLUMNS.index(c) for c in _UPDATED], 0)


class _Entries:
    """The change-log entries of a batch, as database rows, with (time, before, after) of each in canonical
    JSON (for the ledger's content hashes); written, sealed and published together (`write`)."""

    def __init__(self, acting_user, reason: str, mission_id: int):
        self.now = timezone.now()
        self.user_id = getattr(acting_user, "pk", None)
        self.forms = DatabaseForms()
        self.now_db = self.forms.datetime(self.now)
        self.head = (self.now_db, self.user_id, getattr(acting_user, "username", "") or "system")
        self.tail = (current_request_id(), reason or "")
        self.kind = object_type(Incident)
        self.mission_id = mission_id
        self.rows: list[tuple] = []
        self.canonical: list[tuple] = []

    def add(self, action, object_id: str, title: str, before: dict | None, after: dict | None,
            store_after: bool = True) -> int:
        """Add an entry (`store_after=False`: a creation entry whose snapshot is sealed, not stored); its
        index."""
        to_json = self.forms.json
        self.rows.append((*self.head, action, self.kind, object_id, title[:200], self.mission_id, to_json(before),
                          to_json(after if store_after else None), *self.tail))
        self.canonical.append((self.now, _NULL if before is None else dumps(before, option=SORTED),
                               _NULL if after is None else dumps(after, option=SORTED)))
        return len(self.rows) - 1

    def replace_after(self, index: int, after: dict, store_after: bool) -> None:
        """Give an entry another `after` snapshot (a new incident's releases by agreement)."""
        if store_after:
            entry = self.rows[index]
            self.rows[index] = (*entry[:_AFTER], self.forms.json(after), *entry[_AFTER + 1:])
        self.canonical[index] = (self.canonical[index][0], _NULL, dumps(after, option=SORTED))

    def write(self, mode: Mode) -> list[int]:
        """Write the entries, let the ledger cover them (one ledger entry per batch, from hashes of the values
        in hand) and publish the live events on commit; the entries' ids."""
        ids = batch_changelog.write_entries(self.rows)
        record_changes(known=batch_changelog.ledger_rows(self.rows, ids, self.canonical))
        if mode.event_per_record:
            for entry in self.rows:
                publish_on_commit(LiveEvent(object_type=self.kind, action=entry[3], object_id=entry[5],
                                            mission_id=self.mission_id))
        elif self.rows:
            publish_on_commit(LiveEvent(object_type=self.kind, action="import", object_id="",
                                        mission_id=self.mission_id, data={"count": len(self.rows)}))
        return ids


def _compare(valid: list[_Row], *, mission, owner, entries: _Entries, result: BatchResult, mode: Mode):
    """Split rows into new and changed incidents (counting the unchanged): (database row, Children) pairs,
    adding each one's change-log entry. A creation entry's content hash covers the snapshot whether the entry
    stores it or not (`mode.creation_snapshots`; form 3 of `ledger.canonical`)."""
    now, now_db, user_id, forms = entries.now, entries.now_db, entries.user_id, entries.forms
    to_time = forms.datetime
    new, changed = [], []
    to_db = to_database(Incident, "id")
    stored = stored_children([to_db(r.current["id"]) for r in valid if r.current])
    mission_id, owner_id = mission.pk, owner.pk
    values_of, database_row, snapshot = batch_rows.values, batch_rows.database_row, batch_rows.snapshot
    for row in valid:
        current = row.current
        after = values_of(row.data, row.values, row.category_id, current, row.own, mission_id, owner_id, now,
                          user_id, mode.keep_repairs)
        children = Children.of(row.data, row.release)
        if current is None:
            row.created_id = after[0]
            row.released = ((), tuple(code for _, code in children.release))
            new.append((database_row(after, forms.uuid_text, to_time, now, now_db), children))
            row.snap = snap = snapshot(after, children)
            row.entry = entries.add(ChangeAction.CREATE, after[0], after[TITLE], None, snap,
                                    store_after=mode.creation_snapshots)
            continue
        before_children = stored[to_db(current["id"])]
        if mode.replace_releases:
            children.expiry = list(before_children.expiry)  # releases that stay keep their expiry
        else:
            children.keep_releases(before_children)
        if (batch_rows.stored_content(current) == batch_rows.values_content(after)
                and children.same_as(before_children)):
            result.unchanged += 1
            continue
        row.released = (tuple(code for _, code in before_children.release),
                        tuple(code for _, code in children.release))
        after[UPDATED_AT], after[UPDATED_BY] = now, user_id
        changed.append((database_row(after, forms.uuid, to_time, now, now_db), children))
        entries.add(ChangeAction.UPDATE, str(after[0]), after[TITLE],
                    snapshot(batch_rows.stored_values(current), before_children), snapshot(after, children))
    return new, changed


def _report_releases(valid: list[_Row], mission, acting_user, reason: str, organisations: dict) -> None:
    """Report the releases the rows' own releasability lists added or withdrew (one change per incident x
    organisation), all of the batch's together."""
    edits = []
    for row in valid:
        if not row.released or set(row.released[0]) == set(row.released[1]):
            continue
        incident_id = row.created_id if row.created_id is not None else row.current["id"]
        stub = Incident(pk=uuid.UUID(str(incident_id)), mission_id=mission.pk)
        edits.append((stub, list(row.released[0]), list(row.released[1])))
    if edits:
        releases_edited.send(sender=Incident, edits=edits, acting_user=acting_user, reason=reason,
                             organisations=organisations)


class _NewIncident:
    """A new incident of the batch as `records_created` receivers read it: its id and the columns agreements
    match on (model instances for every row would cost more than writing them)."""

    __slots__ = ("row", "mission_id", "owner_id")

    def __init__(self, row: _Row, mission_id: int, owner_id: int):
        self.row, self.mission_id, self.owner_id = row, mission_id, owner_id

    pk = property(lambda self: uuid.UUID(str(self.row.created_id)))
    classification = property(lambda self: self.row.data.classification)
    category_id = property(lambda self: self.row.category_id)
    admin1_id = property(lambda self: self.row.values[0])
    admin2_id = property(lambda self: self.row.values[1])


def _announce_created(valid: list[_Row], mission, owner, acting_user, entries: _Entries, mode: Mode) -> None:
    """Send `records_created` for the batch's new incidents, once written (sharing agreements release them,
    inside the paused tallies, which then count their releases with the batch), and show the releases the
    receivers added in the incidents' creation entries."""
    records = [_NewIncident(row, mission.pk, owner.pk) for row in valid if row.current is None]
    if not records:
        return
    added: dict[int, tuple[_NewIncident, list]] = {}
    for _, releases in records_created.send(sender=Incident, records=records, acting_user=acting_user):
        for record, organisation, expires_at in releases or ():
            added.setdefault(id(record), (record, []))[1].append((organisation.code, expires_at))
    for record, releases in added.values():
        row = record.row
        row.snap["releasable_to"] = sorted(row.snap["releasable_to"] + [code for code, _ in releases])
        row.snap[RELEASE_EXPIRY_KEY] = {**row.snap[RELEASE_EXPIRY_KEY],
                                        **{code: expiry_text(ends) for code, ends in releases if ends is not None}}
        entries.replace_after(row.entry, row.snap, mode.creation_snapshots)


def _validated(rows: list[IncidentData], rules: IncidentRules, mode: Mode, result: BatchResult) -> list[_Row]:
    """The rows that keep every rule (`rules.IncidentRules`), with their category and releasability resolved;
    a row that breaks one is rejected, or its `FieldError` raised (`mode.raise_errors`)."""
    check = rules.check
    valid = []
    for pos, data in enumerate(rows):
        try:
            category, release = check(data)
        except FieldError as exc:
            if mode.raise_errors:
                raise
            result.rejected.append((pos, str(exc)))
            continue
        key = next(((name, str(getattr(data, name))) for name in KEYS if getattr(data, name)), None)
        valid.append(_Row(pos, data, category.pk if category else None, release, key))
    return valid


def _matched(valid: list[_Row], mission, owner, may_edit, result: BatchResult) -> list[_Row]:
    """Attach the stored incident each row updates; reject rows whose ids clash or belong to others.

    Source ids (UCDP, ACLED, the file's own) are matched within the owner's numbering only: another
    organisation's incident with the same id is neither updated nor named (it may be hidden from the importer).

    A file id that is the PeaceOps id (UUID) of an incident of this mission (a PeaceOps export of this
    installation, imported back) designates that incident; it is not stored as its external id.
    """
    stored: dict[tuple[str, str], dict] = {}
    for name in KEYS:
        values = list({str(getattr(r.data, name)) for r in valid if getattr(r.data, name)})
        for current in select_where_in(Incident, COLUMNS, name, values, mission_id=mission.pk, owner_id=owner.pk,
                                       lock=True):  # the owner's: the index of its ids answers (batch_sql)
            stored[(name, current[name])] = current
    own = _own_incidents(valid, mission)
    kept, seen = [], set()
    for row in valid:
        ids = [(name, str(getattr(row.data, name))) for name in KEYS if getattr(row.data, name)]
        current = own.get(row.data.external_id)
        if current is not None:
            row.own = True
            ids = [k for k in ids if k[0] != "external_id"] + [("id", str(current["id"]))]
        elif row.key:
            current = stored.get(row.key)
        twice = next((k for k in ids if k in seen), None)
        if twice:
            result.rejected.append((row.pos, f"{twice[0]} {twice[1]} appears twice in this batch"))
            continue
        clash = next((k for k in ids if k in stored and (current is None or stored[k]["id"] != current["id"])),
                     None)
        if clash:
            result.rejected.append((row.pos, f"{clash[0]} {clash[1]} already belongs to another incident"))
            continue
        if current is not None and not may_edit(current["owner_id"]):
            result.rejected.append((row.pos, f"{ids[0][0]} {ids[0][1]} exists and belongs to another organisation"))
            continue
        seen.update(ids)
        row.current = current
        kept.append(row)
    return kept


def _own_incidents(valid: list[_Row], mission) -> dict[str, dict]:
    """Stored incidents of the mission whose PeaceOps id some row gives as its file id, by that id."""
    wanted = {}
    for row in valid:
        value = row.data.external_id
        if value and len(value) == 36 and value.count("-") == 4:
            try:
                wanted[uuid.UUID(value)] = value
            except ValueError:
                continue
    return {wanted[current["id"]]: current
            for current in select_where_in(Incident, COLUMNS, "id", list(wanted), mission_id=mission.pk, lock=True)}


def _enrich(rows: list[_Row], mission) -> None:
    """Admin areas (as far as the location precision allows) and H3 cells, for all rows in one pass: geo's
    `place`, the enrichment the service's `locate` makes too."""
    if not rows:
        return
    lons = [float(r.data.lon) for r in rows]
    lats = [float(r.data.lat) for r in rows]
    places = place(mission.pk, lons, lats, [r.data.location_precision for r in rows])
    for row, lon, lat, (admin1, admin2, cell) in zip(rows, lons, lats, places, strict=True):
        row.values = (admin1, admin2, cell, lon, lat)
