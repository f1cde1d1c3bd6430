"""The engine of `services.import_batch`: create or update many incidents in one transaction, fast.

Rows are validated (by `rules.IncidentRules`, the rules the service checks), matched to existing incidents by
their external ids (UCDP, ACLED, file id), enriched in one vectorised pass (admin areas, H3 cell: geo's `place`,
as the service) and compared with what is stored through the same snapshot the
change log keeps; then new incidents, changed incidents, their children and one change-log entry per created
or changed incident are written with a few `executemany` statements (`COPY` on PostgreSQL). Unchanged rows write
nothing.

A created incident's change-log entry carries no snapshot (`after` empty): the incident as first stored is the
`before` of its first update or deletion, or the row itself while there is none; the ledger seals its hash in
canonical form (ledger.first_versions; docs/decisions/creation-entries-without-snapshot.md).
"""

import uuid
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
_AFTER = 9  # the place of the snapshot after the change in a change-log entry row (see _compare)
#: Whether creation entries carry their snapshot (the path before the decision; kept so that bench/ can measure
#: the old path against the new in one process). False: the first version is sealed, not stored.
CREATION_SNAPSHOTS = False
#: External ids in the order that decides which one an incident is matched by.
KEYS = ("ucdp_id", "acled_id", "external_id")


@dataclass
class BatchResult:
    """What one import batch did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (position in batch, reason)
    change_log_ids: list[int] = field(default_factory=list)  # the entries the batch wrote (batch_changelog)


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
    added: tuple = ()  # organisation codes the row releases to that the incident was not released to
    entry: int = -1  # the index of a new incident's creation entry in the batch's change-log entries
    snap: dict | None = None  # that entry's snapshot


def write_batch(rows: list[IncidentData], *, acting_user, mission, owner: Organisation, may_edit,
                reason: str) -> BatchResult:
    """Create or update the incidents (see services.import_batch); `may_edit(owner_id)` guards updates."""
    result = BatchResult()
    valid = _validated(rows, mission, result)
    with transaction.atomic():  # stored incidents are read (and, where the database can, locked) in it
        valid = _matched(valid, mission, owner, may_edit, result)
        _enrich(valid, mission)
        new, changed, entries, canonical = _compare(valid, acting_user=acting_user, mission=mission, owner=owner,
                                                    reason=reason, result=result)
        every = tuple(COLUMNS)
        changed_ids = [db[0] for db, _ in changed]
        with tally_sql.paused():  # the tallies move once per batch, not once per row
            tally_sql.adjust(changed_ids, -1)
            RowWriter(Incident, COLUMNS, converted=every).insert([db for db, _ in new])
            RowWriter(Incident, _UPDATED, key="id", converted=every).update([_update_of(db) for db, _ in changed])
            write_children(mission, [(db[0], c) for db, c in new], [(db[0], c) for db, c in changed])
            _report_releases(valid, mission, acting_user, reason)
            _announce_created(valid, mission, owner, acting_user, entries, canonical)  # agreements release them
            added = tally_sql.Deferred.new([db[0] for db, _ in new])  # none while a bulk load defers them
            tally_sql.adjust(added + changed_ids, 1)
        result.change_log_ids = batch_changelog.write_entries(entries)
        # the ledger covers this batch's change-log entries with one entry, from hashes made of the values in hand
        record_changes(known=batch_changelog.ledger_rows(entries, result.change_log_ids, canonical))
        if entries:
            publish_on_commit(LiveEvent(object_type="incidents.incident", action="import", object_id="",
                                        mission_id=mission.pk, data={"count": len(entries)}))
    result.created, result.updated = len(new), len(changed)
    return result


#: The UPDATE's columns (content, then bookkeeping; the id comes last as the key), from a database row.
_UPDATED = CONTENT[1:] + ["updated_at", "updated_by_id"]
_update_of = itemgetter(*[COLUMNS.index(c) for c in _UPDATED], 0)


def _compare(valid: list[_Row], *, acting_user, mission, owner, reason: str, result: BatchResult):
    """Split rows into new and changed incidents (counting the unchanged): (database row, Children) pairs,
    with the change-log entries' database rows and (time, before, after) of each in canonical JSON (for the
    ledger's content hashes). A creation entry is written without its snapshot (unless CREATION_SNAPSHOTS); its
    content hash covers the snapshot all the same (form 3 of `ledger.canonical`)."""
    now = timezone.now()
    user_id = getattr(acting_user, "pk", None)
    forms = DatabaseForms()
    to_time, to_json = forms.datetime, forms.json
    now_db = to_time(now)
    entry_head = (now_db, user_id, getattr(acting_user, "username", "") or "system")
    entry_tail = (current_request_id(), reason or "")
    kind = object_type(Incident)
    no_before = to_json(None)
    new, changed, entries, canonical = [], [], [], []
    to_db = to_database(Incident, "id")
    stored = stored_children([to_db(r.current["id"]) for r in valid if r.current])
    mission_id, owner_id = mission.pk, owner.pk
    values_of, database_row, snapshot = batch_rows.values, batch_rows.database_row, batch_rows.snapshot
    for row in valid:
        current = row.current
        after = values_of(row.data, row.values, row.category_id, current, row.own, mission_id, owner_id, now,
                          user_id)
        children = Children.of(row.data, row.release)
        if current is None:
            row.created_id = after[0]
            row.added = tuple(o.code for o in row.release if o.code in row.data.releasable_to)
            new.append((database_row(after, forms.uuid_text, to_time, now, now_db), children))
            row.snap = snap = snapshot(after, children)
            row.entry = len(entries)
            entries.append((*entry_head, ChangeAction.CREATE, kind, after[0], after[TITLE][:200], mission_id,
                            no_before, to_json(snap) if CREATION_SNAPSHOTS else no_before, *entry_tail))
            canonical.append((now, _NULL, dumps(snap, option=SORTED)))
            continue
        before_children = stored[to_db(current["id"])]
        children.keep_releases(before_children)
        held = {code for _, code in before_children.release}
        row.added = tuple(o.code for o in row.release if o.code not in held)
        if (batch_rows.stored_content(current) == batch_rows.values_content(after)
                and children.same_as(before_children)):
            result.unchanged += 1
            continue
        after[UPDATED_AT], after[UPDATED_BY] = now, user_id
        changed.append((database_row(after, forms.uuid, to_time, now, now_db), children))
        before_snap = snapshot(batch_rows.stored_values(current), before_children)
        snap = snapshot(after, children)
        entries.append((*entry_head, ChangeAction.UPDATE, kind, str(after[0]), after[TITLE][:200], mission_id,
                        to_json(before_snap), to_json(snap), *entry_tail))
        canonical.append((now, dumps(before_snap, option=SORTED), dumps(snap, option=SORTED)))
    return new, changed, entries, canonical


def _report_releases(valid: list[_Row], mission, acting_user, reason: str) -> None:
    """Report the releases the rows' own releasability lists added (one change per incident x organisation),
    all of the batch's together."""
    edits, organisations = [], {}
    for row in valid:
        if not row.added:
            continue
        incident_id = row.created_id if row.created_id is not None else row.current["id"]
        stub = Incident(pk=uuid.UUID(str(incident_id)), mission_id=mission.pk)
        edits.append((stub, [], list(row.added)))
        organisations.update((o.code, o) for o in row.release)
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


def _announce_created(valid: list[_Row], mission, owner, acting_user, entries: list, canonical: list) -> None:
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
    to_json = DatabaseForms().json if added else None
    for record, releases in added.values():
        row = record.row
        row.snap["releasable_to"] = sorted(row.snap["releasable_to"] + [code for code, _ in releases])
        row.snap[RELEASE_EXPIRY_KEY] = {**row.snap[RELEASE_EXPIRY_KEY],
                                        **{code: expiry_text(ends) for code, ends in releases if ends is not None}}
        entry = entries[row.entry]
        if CREATION_SNAPSHOTS:
            entries[row.entry] = (*entry[:_AFTER], to_json(row.snap), *entry[_AFTER + 1:])
        canonical[row.entry] = (canonical[row.entry][0], _NULL, dumps(row.snap, option=SORTED))


def _validated(rows: list[IncidentData], mission, result: BatchResult) -> list[_Row]:
    """The rows that keep every rule (`rules.IncidentRules`, the same the service checks), with their category
    and releasability resolved."""
    check = IncidentRules(mission).check
    valid = []
    for pos, data in enumerate(rows):
        try:
            category, release = check(data)
        except FieldError as exc:
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
