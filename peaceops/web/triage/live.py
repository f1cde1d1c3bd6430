"""The queue's live stream: `/alerts/queue/live`, server-sent events of alert changes the signed-in user may see.

The COP's mechanism, reused whole (`cop.live.stream_response`: the poll schedule, heartbeats, opaque resume
tokens, reconnection): only the feed differs. `AlertFeed` reads the change-log entries of the mission's alerts
after a cursor, so an alert stored by any process (the SMS webhook, the public page, the worker's reading)
arrives; it sends an `alert` event for each alert `Alert.objects.visible_to(user)` returns, and a removal for an
alert the user could read before a change and no longer can. An alert marked as a misconduct allegation is
sent as a removal only: it leaves the ordinary views. A change the user may not see sends nothing.

What the events say is little (reference, status, priority, band): the page fetches its rows again, through the
same visibility, rather than trusting the event with what it shows.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from peaceops.alerts.models import Alert
from peaceops.core.changelog import object_type
from peaceops.core.choices import ChangeAction
from peaceops.core.models import ChangeLogEntry
from peaceops.core.visibility import VersionReader, VisibilityRule
from peaceops.web.cop.feed import IncidentFeed, Message, latest_entry_id
from peaceops.web.cop.live import request_cursor, stream_response
from peaceops.web.mission import current_mission

ALERT = object_type(Alert)
EVENT = "alert"


def as_versions_were_read(reader: VersionReader) -> VersionReader:
    """The same reader judging versions as they were, not by whether their row is marked need-to-know now."""
    return VersionReader(rule=reader.rule, mission_id=reader.mission_id, everything=reader.everything,
                         standing=reader.standing, need_to_know_ids=reader.need_to_know_ids)


class AlertFeed(IncidentFeed):
    """Alert changes in one mission for one user, read from the change log after `cursor` (the incident feed's
    polling, batching and bulk "refresh", over alerts)."""

    def __init__(self, user, mission_id: int, cursor: int):
        self.user = user
        self.mission_id = mission_id
        self.cursor = cursor
        self.reader = VisibilityRule(Alert).reader(user, mission_id)
        # Who could read an alert before it was marked a misconduct allegation: the rule's reading of a version
        # not marked itself, without "marked now" (which hides every past version of a marked row's contents).
        # The removal it sends carries the id alone, which the reader already had.
        self.before_marking = as_versions_were_read(self.reader)

    def _entries(self):
        return ChangeLogEntry.objects.filter(id__gt=self.cursor, object_type=ALERT,
                                             mission_id=self.mission_id).order_by("id")

    def _messages(self, entries) -> list[Message]:
        visible = self._visible({object_id for _, action, object_id, _, _ in entries if action != ChangeAction.DELETE})
        messages = []
        for entry_id, action, object_id, before, time in entries:
            if object_id in visible and action != ChangeAction.DELETE:
                messages.append(Message(entry_id, EVENT, {"action": action, **visible[object_id]}))
            elif before and self._could_read(entry_id, object_id, before, time):
                messages.append(Message(entry_id, EVENT, {"action": ChangeAction.DELETE, "id": object_id}))
        return messages

    def _could_read(self, entry_id: int, object_id: str, before: dict, time) -> bool:
        reader = self.reader if before.get(self.reader.rule.marked_field) else self.before_marking
        if reader.may_read(before, time):
            return True
        written = ChangeLogEntry.objects.filter(object_type=ALERT, object_id=object_id, id__lt=entry_id).order_by(
            "-id").values_list("time", flat=True).first()
        return written is not None and reader.may_read(before, written)

    def _visible(self, ids: set[str]) -> dict[str, dict]:
        if not ids:
            return {}
        found = (Alert.objects.visible_to(self.user).filter(mission_id=self.mission_id, pk__in=list(ids),
                                                            misconduct=False)
                 .values("id", "reference", "status", "priority", "priority_band"))
        return {str(r["id"]): {"id": str(r["id"]), "reference": r["reference"], "status": r["status"],
                               "priority": r["priority"], "band": r["priority_band"]} for r in found}


def _open_feed(request, user) -> AlertFeed | None:
    mission = current_mission(request)
    if mission is None:
        return None
    cursor = request_cursor(request)
    return AlertFeed(user, mission.pk, latest_entry_id() if cursor is None else cursor)


@login_required
async def live(request):
    """Server-sent events: `alert` (created, changed or removed, as JSON) and `refresh` (many changes)."""
    user = await request.auser()
    feed = await sync_to_async(_open_feed)(request, user)
    if feed is None:
        return HttpResponse(status=204)  # no mission: EventSource stops on 204
    return stream_response(request, feed)
