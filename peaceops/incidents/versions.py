"""An incident's change history as one reader may see it: each version (the before and the after of a
change-log entry) only when the reader could read it, with the classification, owner and releases it had
when it was written (`core.records.VersionReader`); the API and the incident page both read it from here.

A hidden side loses its values (and so the diff): the API says `before_hidden` / `after_hidden`, the page shows
"an earlier version you may not see". An entry whose new version is hidden also hides its reason, which was
written about that version.

A creation entry written by a bulk import carries no snapshot: its version is the incident as first stored,
read from the `before` of the incident's next entry, or from the incident itself while there is none
(`ledger.first_versions`, the same reading the ledger's verification makes; see
docs/decisions/creation-entries-without-snapshot.md).
"""

import uuid
from dataclasses import dataclass

from peaceops.core.choices import ChangeAction, Classification
from peaceops.core.models import ChangeLogEntry
from peaceops.core.records import VersionReader
from peaceops.ledger.first_versions import as_stored, first_versions
from peaceops.ledger.services import record_sensitive_view

from .models import Incident


@dataclass(frozen=True)
class Sides:
    """Which sides of one change-log entry the reader may not see."""

    before_hidden: bool = False
    after_hidden: bool = False

    @property
    def any(self) -> bool:
        return self.before_hidden or self.after_hidden


def hide_unreadable(entries: list[ChangeLogEntry], user, mission_id: int | None) -> list[Sides]:
    """Blank, in place, each side of `entries` (one incident's, oldest first) that `user` could not read, and
    return which sides were hidden, entry by entry.

    An entry's after is judged at the entry's time; its before, which was written by the entry before it, at
    that entry's time (at its own time, the stricter, for the first entry listed, whose predecessor is not)."""
    show_first_versions(entries)
    reader = VersionReader.of(user, mission_id, Incident)
    sides, written_at = [], None
    for entry in entries:
        hidden = Sides(
            before_hidden=entry.before is not None and not reader.may_read(entry.before, written_at or entry.time),
            after_hidden=entry.after is not None and not reader.may_read(entry.after, entry.time),
        )
        if hidden.before_hidden:
            entry.before = None
        if hidden.after_hidden or (entry.after is None and hidden.before_hidden):
            entry.after, entry.reason = None, ""
        sides.append(hidden)
        written_at = entry.time
    return sides


def record_history_view(user, incident, entries: list[ChangeLogEntry], incident_id: str, *, via: str) -> None:
    """Record in the ledger that a history showing STRICTLY CONFIDENTIAL content was shown to `user` (call
    after `hide_unreadable`): the incident is STRICTLY CONFIDENTIAL now, or a version left shown was. A deleted
    incident's history (superusers) is named by the id and mission its entries carry."""
    shown = [snap for e in entries for snap in (e.before, e.after) if snap]
    strictly = Classification.STRICTLY_CONFIDENTIAL
    if not (getattr(incident, "classification", None) == strictly
            or any(snap.get("classification") == strictly for snap in shown)):
        return
    mission_id = incident.mission_id if incident is not None else entries[-1].mission_id
    record_sensitive_view(user=user, obj=Incident(pk=incident_id, mission_id=mission_id, classification=strictly),
                          via=via)


def show_first_versions(entries: list[ChangeLogEntry]) -> None:
    """Give each creation entry written without a snapshot its version (the incident as first stored), in
    place: the `before` of the next entry listed, else as `ledger.first_versions` reads it."""
    missing = []
    for i, entry in enumerate(entries):
        if entry.action != ChangeAction.CREATE or entry.after is not None:
            continue
        following = next((e for e in entries[i + 1:] if e.object_id == entry.object_id), None)
        if following is not None and following.before is not None:
            entry.after = following.before
        else:
            missing.append((entry.pk, entry.object_type, entry.object_id))
    if missing:
        found = first_versions(missing)
        for entry in entries:
            if entry.pk in found and found[entry.pk] is not None:
                entry.after = found[entry.pk]


def current_snapshots(incident_ids: list[str]) -> dict[str, dict]:
    """The change log's snapshot of each stored incident among `incident_ids` (UUID text), as it is now and as
    the stored JSON reads back: what a batch import compares and logs as an updated incident's `before`."""
    from .batch_children import stored_children
    from .batch_rows import COLUMNS, snapshot, stored_values
    from .batch_sql import select_where_in, to_database

    ids = []
    for text in incident_ids:
        try:
            ids.append(uuid.UUID(text))
        except ValueError:
            continue
    rows = select_where_in(Incident, COLUMNS, "id", ids)
    to_db = to_database(Incident, "id")
    children = stored_children([to_db(row["id"]) for row in rows])
    return {str(row["id"]): as_stored(snapshot(stored_values(row), children[to_db(row["id"])])) for row in rows}
