"""The COP's live stream: `/cop/live`, server-sent events of incident changes the signed-in user may see.

An async view returning a StreamingHttpResponse over an async generator (under ASGI); it polls the change log
through `IncidentFeed` (so changes made by any process arrive) on a fixed schedule and sends only what the user
may see. What the stream sends, and when, depends on visible changes only: polls and heartbeats happen at fixed
times from the stream's start (a poll that reads many hidden entries does not shift the next), a hidden change
sends nothing, and the heartbeat's id is an opaque resume token that changes at every heartbeat (`resume`).
The browser's EventSource resumes from the `Last-Event-ID` it last received (a visible event's change-log id,
or a heartbeat's token); a first connection starts from the `since` parameter the page was rendered with. The
stream ends after PEACEOPS_LIVE_STREAM_SECONDS (default five minutes) and the browser reconnects, so no worker is
held forever. Under WSGI (runserver, the test live server) the same loop runs as a plain generator, because
WSGI servers cannot iterate an async one as it goes.
"""

import asyncio
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse

from peaceops.web.mission import current_mission

from .feed import IncidentFeed, latest_entry_id
from .resume import cursor_of, resume_token

#: How long the browser waits before reconnecting after the stream ends (milliseconds).
RECONNECT_MS = 2000
#: The stream sends a heartbeat this often (PEACEOPS_LIVE_HEARTBEAT_SECONDS), at fixed times from its start:
#: proxies keep the connection, the browser gets a resume token, and a stream whose page has closed finds out
#: at that write (a WSGI server cannot tell it earlier) and ends.
HEARTBEAT_SECONDS = 15


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def request_cursor(request) -> int | None:
    """Where to resume: the Last-Event-ID header (an event's id or a heartbeat's token), else the `since`
    parameter; None if neither is a position."""
    for value in (request.headers.get("Last-Event-ID"), request.GET.get("since")):
        value = (value or "").strip()
        if value.isdigit():
            return int(value)
        if value and (cursor := cursor_of(value)) is not None:
            return cursor
    return None


def _open_feed(request, user) -> IncidentFeed | None:
    mission = current_mission(request)
    if mission is None:
        return None
    cursor = request_cursor(request)
    return IncidentFeed(user, mission.pk, latest_entry_id() if cursor is None else cursor)


class _Schedule:
    """The stream's clock: a poll every `poll` seconds and a heartbeat every `heartbeat` seconds, both counted
    from the stream's start (never from the last thing sent), until `seconds` have passed."""

    def __init__(self, seconds: float, poll: float, heartbeat: float):
        self.start = time.monotonic()
        self.deadline = self.start + seconds
        self.poll, self.heartbeat = poll, heartbeat
        self.polls, self.next_heartbeat = 0, self.start + heartbeat

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    def heartbeat_due(self) -> bool:
        now = time.monotonic()
        if now < self.next_heartbeat:
            return False
        while self.next_heartbeat <= now:
            self.next_heartbeat += self.heartbeat
        return True

    def pause(self) -> float:
        """Seconds until the next poll."""
        self.polls += 1
        return max(0.0, self.start + self.polls * self.poll - time.monotonic())


def _chunk(feed: IncidentFeed, schedule: _Schedule) -> str:
    """What one poll sends: the visible events, and the heartbeat when it is due."""
    chunk = "".join(message.encode() for message in feed.poll())
    if schedule.heartbeat_due():
        chunk += f"id: {resume_token(feed.cursor)}\n: keep-alive\n\n"
    return chunk


async def _async_stream(feed: IncidentFeed, seconds: float, poll: float):
    schedule = _Schedule(seconds, poll, _setting("PEACEOPS_LIVE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))
    yield f"retry: {RECONNECT_MS}\n\n"
    while schedule.running():
        if chunk := await sync_to_async(_chunk)(feed, schedule):
            yield chunk
        await asyncio.sleep(schedule.pause())


def _sync_stream(feed: IncidentFeed, seconds: float, poll: float):
    schedule = _Schedule(seconds, poll, _setting("PEACEOPS_LIVE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))
    yield f"retry: {RECONNECT_MS}\n\n"
    while schedule.running():
        if chunk := _chunk(feed, schedule):
            yield chunk
        time.sleep(schedule.pause())


@login_required
async def live(request):
    """Server-sent events: `incident` (created, updated or deleted, as JSON) and `refresh` (many changes)."""
    user = await request.auser()
    feed = await sync_to_async(_open_feed)(request, user)
    if feed is None:
        return HttpResponse(status=204)  # no mission: EventSource stops on 204
    return stream_response(request, feed)


def stream_response(request, feed) -> StreamingHttpResponse:
    """The event stream of `feed` (any object with `poll()` -> messages and `cursor`, as `IncidentFeed`): the
    same schedule, heartbeats, resume tokens and ending for every live stream (the triage queue's too)."""
    seconds = _setting("PEACEOPS_LIVE_STREAM_SECONDS", 300)
    poll = _setting("PEACEOPS_LIVE_POLL_SECONDS", 1.0)
    if isinstance(request, ASGIRequest):
        content = _async_stream(feed, seconds, poll)
    else:
        content = _sync_stream(feed, seconds, poll)
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "private, no-store"  # records of this user: no cache keeps them (caching.md)
    response["X-Accel-Buffering"] = "no"  # tell nginx not to buffer the stream
    return response
