"""The COP's live stream: `/cop/live`, server-sent events of incident changes the signed-in user may see.

An async view returning a StreamingHttpResponse over an async generator (under ASGI); each second it polls the
change log through `IncidentFeed` (so changes made by any process arrive) and sends what the user may see.
The browser's EventSource resumes from the `Last-Event-ID` it last received; a first connection starts from the
`since` parameter the page was rendered with. The stream ends after PEACEOPS_LIVE_STREAM_SECONDS (default five
minutes) and the browser reconnects, so no worker is held forever. Under WSGI (runserver, the test live server)
the same loop runs as a plain generator, because WSGI servers cannot iterate an async one as it goes.
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

#: How long the browser waits before reconnecting after the stream ends (milliseconds).
RECONNECT_MS = 2000
#: A quiet stream sends a comment this often (PEACEOPS_LIVE_HEARTBEAT_SECONDS): proxies keep the connection,
#: and a stream whose page has closed finds out at that write (a WSGI server cannot tell it earlier) and ends.
HEARTBEAT_SECONDS = 15


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def _cursor(request) -> int | None:
    """Where to resume: the Last-Event-ID header, else the `since` parameter; None if neither is a number."""
    for value in (request.headers.get("Last-Event-ID"), request.GET.get("since")):
        if value and value.strip().isdigit():
            return int(value.strip())
    return None


def _open_feed(request, user) -> IncidentFeed | None:
    mission = current_mission(request)
    if mission is None:
        return None
    cursor = _cursor(request)
    return IncidentFeed(user, mission.pk, latest_entry_id() if cursor is None else cursor)


def _encode(feed: IncidentFeed) -> str:
    return "".join(message.encode() for message in feed.poll())


async def _async_stream(feed: IncidentFeed, seconds: float, poll: float):
    heartbeat = _setting("PEACEOPS_LIVE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)
    yield f"retry: {RECONNECT_MS}\n\n"
    deadline = time.monotonic() + seconds
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        chunk = await sync_to_async(_encode)(feed)
        if not chunk and time.monotonic() - quiet_since >= heartbeat:
            chunk = ": keep-alive\n\n"
        if chunk:
            quiet_since = time.monotonic()
            yield chunk
        await asyncio.sleep(poll)


def _sync_stream(feed: IncidentFeed, seconds: float, poll: float):
    heartbeat = _setting("PEACEOPS_LIVE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)
    yield f"retry: {RECONNECT_MS}\n\n"
    deadline = time.monotonic() + seconds
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        chunk = _encode(feed)
        if not chunk and time.monotonic() - quiet_since >= heartbeat:
            chunk = ": keep-alive\n\n"
        if chunk:
            quiet_since = time.monotonic()
            yield chunk
        time.sleep(poll)


@login_required
async def live(request):
    """Server-sent events: `incident` (created, updated or deleted, as JSON) and `refresh` (many changes)."""
    user = await request.auser()
    feed = await sync_to_async(_open_feed)(request, user)
    if feed is None:
        return HttpResponse(status=204)  # no mission: EventSource stops on 204
    seconds = _setting("PEACEOPS_LIVE_STREAM_SECONDS", 300)
    poll = _setting("PEACEOPS_LIVE_POLL_SECONDS", 1.0)
    if isinstance(request, ASGIRequest):
        content = _async_stream(feed, seconds, poll)
    else:
        content = _sync_stream(feed, seconds, poll)
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # tell nginx not to buffer the stream
    return response
