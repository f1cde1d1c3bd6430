"""A partner feed: the changes to the records of one releasable record type (incidents, sites, ...: the
`core.kit.releasable` registry) that one organisation receives in one mission, after a cursor.

The cursor is a change-log entry id. A page reads the mission's change-log entries for records of the type (and,
for a type with release scopes, for release scopes of this organisation) after the cursor, oldest first, and
gathers the records they touch, up to `limit` records. For each, the page carries the record's state now:
- `{"op": "upsert", "id", "change", "<item>": {...}}` (`"incident": {...}`, `"site": {...}`) when the
  organisation receives it (`received_by`), redacted as the organisation reads it (`Reader.withheld`, and the
  record type's `redacted`);
- `{"op": "withdraw", "id", "change", "reason": "deleted" | "no longer released"}` when it does not any more
  (or the reader pulling the feed may no longer read it) but did in a state the entries record (before or
  after a change), and the reader pulling the feed could read it in that state too: the partner drops its copy;
- nothing when the organisation (or the reader) never received it in those states: a withdrawal never names
  a record its reader never could see.
`cursor_to` is the last entry read; the partner passes it back as the next cursor, so pages follow each other
without gaps or repeats (a record changed again after the cursor comes again, in its newer state).
"""

import datetime as dt

import orjson

from peaceops.core.changelog import object_type
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.personal import hidden_from, mask_data, personal_fields
from peaceops.core.kit.releasable import ReleasableType, releasable
from peaceops.core.models import ChangeLogEntry
from peaceops.core.records import VersionReader

from .models import ReleaseScope
from .received import INCIDENTS, received_by, snapshot_received
from .redaction import Reader

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
FORMAT = "peaceops-partner-feed/1"

SCOPE_TYPE = object_type(ReleaseScope)


class _Touched:
    """One record touched by the entries of a page: its last entry, whether it was received in a state
    they record, and whether the last entry deleted it."""

    __slots__ = ("change", "was_received", "deleted")

    def __init__(self):
        self.change, self.was_received, self.deleted = 0, False, False


def _touched(record_type: ReleasableType, organisation, mission, cursor: int, limit: int,
             reader: VersionReader | None = None) -> tuple[dict[str, _Touched], int, bool]:
    """The records the entries after `cursor` touch (at most `limit`), the last entry read, and whether
    entries remain after it. `was_received`: the organisation received it in a state the entries record, and
    (with `reader`) the reader pulling the feed could read it in that state."""

    def received(snapshot) -> bool:
        return snapshot_received(snapshot, organisation) and (reader is None or reader.may_read(snapshot, None))

    record_kind = object_type(record_type.model)
    kinds = [record_kind, SCOPE_TYPE] if record_type.release_scopes else [record_kind]
    entries = (ChangeLogEntry.objects.filter(mission=mission, id__gt=cursor, object_type__in=kinds)
               .order_by("id").values_list("id", "object_type", "object_id", "action", "before", "after"))
    touched: dict[str, _Touched] = {}
    last = cursor
    for entry_id, kind, object_id, action, before, after in entries.iterator(chunk_size=500):
        if kind == SCOPE_TYPE:
            scope = after or before or {}
            if scope.get("organisation_id") != organisation.pk:
                last = entry_id
                continue
            record_id = str(scope.get("incident_id"))
        else:
            record_id = object_id
        if record_id not in touched and len(touched) >= limit:
            return touched, last, True
        item = touched.setdefault(record_id, _Touched())
        item.change = entry_id
        if kind == record_kind:
            item.was_received |= received(before) or received(after)
            item.deleted = action == ChangeAction.DELETE
        last = entry_id
    return touched, last, False


def _details(record_type: ReleasableType, organisation, mission, ids, within=None, reader=None) -> dict[str, dict]:
    """The redacted details of the records among `ids` the organisation receives now, by id text (and, with
    `within`, that queryset holds: what the person pulling the feed may see). Personal fields are masked
    unless `reader` may see them (`core.kit.personal`; an operator's export without a reader: always)."""
    received = received_by(organisation, mission, record_type.model).filter(pk__in=list(ids))
    if within is not None:
        received = received.filter(pk__in=within.filter(pk__in=list(ids)).values("pk"))
    records = list(record_type.prepare(received))
    withheld = Reader.of_organisation(organisation, mission).withheld(
        ((r.pk, r.mission_id, r.owner_id) for r in records), scoped=record_type.release_scopes)
    out = {}
    for record in records:
        detail = record_type.detail(record)
        # Who created or edited it inside the mission is not the partner's business.
        detail.pop("created_by", None), detail.pop("updated_by", None)
        detail["withheld"] = []
        mask_data(detail, hidden_from(reader, record) if reader is not None else personal_fields(type(record)))
        out[str(record.pk)] = record_type.redacted(detail) if record.pk in withheld else detail
    return out


def feed_page(organisation, mission, *, cursor: int = 0, limit: int = DEFAULT_LIMIT, now=None,
              reader=None, record_type: ReleasableType | None = None) -> dict:
    """One page of the partner feed of `record_type` (default incidents), as plain JSON data (ready to sign).

    `reader`: the person pulling the feed (the API passes them, the operator's `export-feed` does not). The
    page's records are only those the reader may see themselves (`visible_to`), so a feed never shows a record
    its reader's own access hides (a partner's STRICTLY CONFIDENTIAL report to someone without need-to-know;
    KFOR's own unreleased reports to UNMIK); and a withdrawal (an id) is sent only for a record the reader
    could read in a state the change log records (`VersionReader.may_read` with no time: a release counts
    whatever its expiry, so a copy once received can be dropped): the partner can drop a copy it may no
    longer see, and learns nothing of records it never could."""
    record_type = record_type or releasable(INCIDENTS)
    model = record_type.model
    limit = max(1, min(limit, MAX_LIMIT))
    snapshots = VersionReader.of(reader, mission.pk, model) if reader is not None else None
    touched, last, more = _touched(record_type, organisation, mission, cursor, limit, snapshots)
    within = model.objects.visible_to(reader) if reader is not None else None
    details = _details(record_type, organisation, mission, touched, within, reader)
    records = []
    for record_id, item in sorted(touched.items(), key=lambda pair: pair[1].change):
        if record_id in details:
            records.append({"op": "upsert", "id": record_id, "change": item.change,
                            record_type.item: details[record_id]})
        elif item.was_received:
            records.append({"op": "withdraw", "id": record_id, "change": item.change,
                            "reason": "deleted" if item.deleted else "no longer released"})
    feed = {
        "format": FORMAT, "mission": mission.code, "partner": organisation.code,
        "cursor_from": cursor, "cursor_to": last, "has_more": more,
        "generated_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
        "records": records,
    }
    # Plain JSON values (times as ISO text, ids as text), so that signing and verifying see the same data.
    return orjson.loads(orjson.dumps(feed))
