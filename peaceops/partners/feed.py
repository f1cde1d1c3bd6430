"""A partner feed: the changes to what one organisation receives in one mission, after a cursor.

The cursor is a change-log entry id. A page reads the mission's change-log entries for incidents (and for
release scopes of this organisation) after the cursor, oldest first, and gathers the incidents they touch, up to
`limit` incidents. For each, the page carries the incident's state now:
- `{"op": "upsert", "id", "change", "incident": {...}}` when the organisation receives it (`received_by`),
  redacted as the organisation reads it (`redaction.redact_detail`);
- `{"op": "withdraw", "id", "change", "reason": "deleted" | "no longer released"}` when it does not any more
  (or the reader pulling the feed may no longer read it) but did in a state the entries record (before or
  after a change), and the reader pulling the feed could read it in that state too: the partner drops its copy;
- nothing when the organisation (or the reader) never received it in those states: a withdrawal never names
  a record its reader never could see.
`cursor_to` is the last entry read; the partner passes it back as the next cursor, so pages follow each other
without gaps or repeats (an incident changed again after the cursor comes again, in its newer state).
"""

import datetime as dt

import orjson
from django.db.models import Prefetch

from peaceops.core.changelog import object_type
from peaceops.core.choices import ChangeAction
from peaceops.core.models import ChangeLogEntry
from peaceops.core.records import VersionReader
from peaceops.incidents.models import Incident, IncidentActor, releases_in_force_prefetch
from peaceops.incidents.schemas import detail_of

from .models import ReleaseScope
from .received import received_by, snapshot_received
from .redaction import Reader, redact_detail

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
FORMAT = "peaceops-partner-feed/1"

INCIDENT_TYPE = object_type(Incident)
SCOPE_TYPE = object_type(ReleaseScope)


class _Touched:
    """One incident touched by the entries of a page: its last entry, whether it was received in a state
    they record, and whether the last entry deleted it."""

    __slots__ = ("change", "was_received", "deleted")

    def __init__(self):
        self.change, self.was_received, self.deleted = 0, False, False


def _touched(organisation, mission, cursor: int, limit: int, reader: VersionReader | None = None,
             ) -> tuple[dict[str, _Touched], int, bool]:
    """The incidents the entries after `cursor` touch (at most `limit`), the last entry read, and whether
    entries remain after it. `was_received`: the organisation received it in a state the entries record, and
    (with `reader`) the reader pulling the feed could read it in that state."""

    def received(snapshot) -> bool:
        return snapshot_received(snapshot, organisation) and (reader is None or reader.may_read(snapshot, None))

    entries = (ChangeLogEntry.objects.filter(mission=mission, id__gt=cursor,
                                             object_type__in=[INCIDENT_TYPE, SCOPE_TYPE])
               .order_by("id").values_list("id", "object_type", "object_id", "action", "before", "after"))
    touched: dict[str, _Touched] = {}
    last = cursor
    for entry_id, kind, object_id, action, before, after in entries.iterator(chunk_size=500):
        if kind == SCOPE_TYPE:
            scope = after or before or {}
            if scope.get("organisation_id") != organisation.pk:
                last = entry_id
                continue
            incident_id = str(scope.get("incident_id"))
        else:
            incident_id = object_id
        if incident_id not in touched and len(touched) >= limit:
            return touched, last, True
        item = touched.setdefault(incident_id, _Touched())
        item.change = entry_id
        if kind == INCIDENT_TYPE:
            item.was_received |= received(before) or received(after)
            item.deleted = action == ChangeAction.DELETE
        last = entry_id
    return touched, last, False


def _details(organisation, mission, ids, within=None) -> dict[str, dict]:
    """The redacted details of the incidents among `ids` the organisation receives now, by id text (and, with
    `within`, that queryset holds: what the person pulling the feed may see)."""
    received = received_by(organisation, mission).filter(pk__in=list(ids))
    if within is not None:
        received = received.filter(pk__in=within.filter(pk__in=list(ids)).values("pk"))
    incidents = list(
        received
        .select_related("mission", "owner", "category", "admin1", "admin2", "created_by", "updated_by")
        .defer("admin1__geometry", "admin2__geometry")
        .prefetch_related("casualties", "sources", releases_in_force_prefetch(),
                          Prefetch("actor_links", queryset=IncidentActor.objects.select_related("actor")))
    )
    withheld = Reader.of_organisation(organisation, mission).withheld(
        (i.pk, i.mission_id, i.owner_id) for i in incidents)
    out = {}
    for incident in incidents:
        detail = detail_of(incident)
        # Who created or edited it inside the mission is not the partner's business.
        detail.pop("created_by"), detail.pop("updated_by")
        detail["withheld"] = []
        out[str(incident.pk)] = redact_detail(detail) if incident.pk in withheld else detail
    return out


def feed_page(organisation, mission, *, cursor: int = 0, limit: int = DEFAULT_LIMIT, now=None,
              reader=None) -> dict:
    """One page of the partner feed, as plain JSON data (ready to sign).

    `reader`: the person pulling the feed (the API passes them, the operator's `export-feed` does not). The
    page's records are only those the reader may see themselves (`visible_to`), so a feed never shows a record
    its reader's own access hides (a partner's STRICTLY CONFIDENTIAL report to someone without need-to-know;
    KFOR's own unreleased reports to UNMIK); and a withdrawal (an id) is sent only for a record the reader
    could read in a state the change log records (`VersionReader.may_read` with no time: a release counts
    whatever its expiry, so a copy once received can be dropped): the partner can drop a copy it may no
    longer see, and learns nothing of records it never could."""
    limit = max(1, min(limit, MAX_LIMIT))
    snapshots = VersionReader.of(reader, mission.pk, Incident) if reader is not None else None
    touched, last, more = _touched(organisation, mission, cursor, limit, snapshots)
    within = Incident.objects.visible_to(reader) if reader is not None else None
    details = _details(organisation, mission, touched, within)
    records = []
    for incident_id, item in sorted(touched.items(), key=lambda pair: pair[1].change):
        if incident_id in details:
            records.append({"op": "upsert", "id": incident_id, "change": item.change,
                            "incident": details[incident_id]})
        elif item.was_received:
            records.append({"op": "withdraw", "id": incident_id, "change": item.change,
                            "reason": "deleted" if item.deleted else "no longer released"})
    feed = {
        "format": FORMAT, "mission": mission.code, "partner": organisation.code,
        "cursor_from": cursor, "cursor_to": last, "has_more": more,
        "generated_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
        "records": records,
    }
    # Plain JSON values (times as ISO text, ids as text), so that signing and verifying see the same data.
    return orjson.loads(orjson.dumps(feed))
