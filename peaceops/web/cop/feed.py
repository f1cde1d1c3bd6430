"""The incident feed behind the COP's live updates: change-log entries turned into events a user may see.

The feed reads `core.ChangeLogEntry` rows of a mission's incidents after a cursor (the last entry id sent), so
it works across processes and survives restarts: whichever worker serves the stream sees every committed change.
Creates and updates are sent only for incidents `Incident.objects.visible_to(user)` returns; an incident that
was visible before a change or a deletion and no longer is (deleted, reclassified) is sent as a removal: whether
the user could see it before is the one visibility rule's snapshot form (`VisibilityRule.reader`) on the
entry's before.
"""

import json
from dataclasses import dataclass

from django.db.models import Max

from peaceops.core.changelog import object_type
from peaceops.core.choices import ChangeAction
from peaceops.core.models import ChangeLogEntry
from peaceops.core.visibility import VisibilityRule
from peaceops.incidents.models import Incident

INCIDENT = object_type(Incident)
#: More visible events than this in one poll (a batch import) send one "refresh" event instead of one each.
BULK_THRESHOLD = 200
#: Change-log entries read per query within a poll.
READ_CHUNK = 1000


@dataclass(frozen=True)
class Message:
    """One server-sent event: its id (the change-log entry it reports), event name and JSON data."""

    id: int
    event: str
    data: dict

    def encode(self) -> str:
        payload = json.dumps(self.data, separators=(",", ":"), ensure_ascii=False)
        return f"id: {self.id}\nevent: {self.event}\ndata: {payload}\n\n"


def latest_entry_id() -> int:
    """The newest change-log entry id (where a stream without a cursor starts)."""
    return ChangeLogEntry.objects.aggregate(last=Max("id"))["last"] or 0


class IncidentFeed:
    """Incident changes in one mission for one user, read from the change log after `cursor`."""

    def __init__(self, user, mission_id: int, cursor: int):
        self.user = user
        self.mission_id = mission_id
        self.cursor = cursor
        self.reader = VisibilityRule(Incident).reader(user, mission_id)

    def _entries(self):
        return ChangeLogEntry.objects.filter(
            id__gt=self.cursor, object_type=INCIDENT, mission_id=self.mission_id
        ).order_by("id")

    def poll(self) -> list[Message]:
        """The events for the entries written since the last poll that the user may see, advancing the cursor
        past every entry, seen or not; [] if none. Entries the user may not see send nothing at all (not even a
        cursor), so the stream says nothing about hidden changes; more than `BULK_THRESHOLD` visible events
        send one "refresh" instead."""
        messages, visible_count = [], 0
        while True:
            entries = list(self._entries().values_list("id", "action", "object_id", "before", "time")[:READ_CHUNK])
            if not entries:
                break
            for message in self._messages(entries):
                visible_count += 1
                if visible_count > BULK_THRESHOLD:
                    messages = [message]  # only the last one's id is needed for the refresh
                else:
                    messages.append(message)
            self.cursor = entries[-1][0]
            if len(entries) < READ_CHUNK:
                break
        if visible_count > BULK_THRESHOLD:
            return [Message(messages[-1].id, "refresh", {"action": "refresh"})]
        return messages

    def _messages(self, entries) -> list[Message]:
        """The events of the entries (id, action, object id, before, time) the user may see."""
        visible = self._visible({object_id for _, action, object_id, _, _ in entries if action != ChangeAction.DELETE})
        messages = []
        for entry_id, action, object_id, before, time in entries:
            if object_id in visible and action != ChangeAction.DELETE:
                messages.append(Message(entry_id, "incident", {"action": action, **visible[object_id]}))
            elif before and self._could_read(entry_id, object_id, before, time):
                messages.append(Message(entry_id, "incident", {"action": ChangeAction.DELETE, "id": object_id}))
        return messages

    def _could_read(self, entry_id: int, object_id: str, before: dict, time) -> bool:
        """Whether the user could read the version `before` records (so may have it on their map): judged
        when it was written, by the incident's entry before this one (at this entry's time, the stricter,
        when there is none)."""
        if self.reader.may_read(before, time):
            return True
        written = ChangeLogEntry.objects.filter(object_type=INCIDENT, object_id=object_id, id__lt=entry_id).order_by(
            "-id").values_list("time", flat=True).first()
        return written is not None and self.reader.may_read(before, written)

    def _visible(self, ids: set[str]) -> dict[str, dict]:
        """The incidents among `ids` the user may see now, as event payloads."""
        if not ids:
            return {}
        rows = (
            Incident.objects.visible_to(self.user)
            .filter(mission_id=self.mission_id, pk__in=list(ids))
            .values("id", "title", "lon", "lat", "category__path", "occurred_start")
        )
        return {
            str(r["id"]): {"id": str(r["id"]), "title": r["title"], "lon": r["lon"], "lat": r["lat"],
                           "category": r["category__path"] or "", "occurred_start": r["occurred_start"].isoformat()}
            for r in rows
        }
