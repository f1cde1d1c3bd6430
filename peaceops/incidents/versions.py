"""An incident's change history as one reader may see it: each version (the before and the after of a
change-log entry) only when the reader could read it, with the classification, owner and releases it had
when it was written (`core.records.VersionReader`); the API and the incident page both read it from here.

A hidden side loses its values (and so the diff): the API says `before_hidden` / `after_hidden`, the page shows
"an earlier version you may not see". An entry whose new version is hidden also hides its reason, which was
written about that version.
"""

from dataclasses import dataclass

from peaceops.core.choices import Classification
from peaceops.core.models import ChangeLogEntry
from peaceops.core.records import VersionReader
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
