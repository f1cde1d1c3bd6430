"""The COP's live stream (/cop/live): server-sent events of incident changes, only those the user may see.

The stream is read through Django's AsyncClient (the ASGI path, an async generator), chunk by chunk with a
timeout, while incidents are created, changed and deleted through the service functions."""

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient

from peaceops.core.choices import Classification
from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.services import create_incident, delete_incident, update_incident
from tests.factories import incident_data


@pytest.fixture(autouse=True)
def _quick_stream(settings):
    settings.PEACEOPS_LIVE_POLL_SECONDS = 0.05
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 30


def events(text: str) -> list[dict]:
    """The events in a piece of an event stream: {"id", "event", "data"} (data parsed as JSON)."""
    found = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "data" in fields:
            found.append({"id": int(fields["id"]), "event": fields.get("event", "message"),
                          "data": json.loads(fields["data"])})
    return found


class Stream:
    """An open /cop/live response read chunk by chunk."""

    def __init__(self, response):
        self.response = response
        self.chunks = aiter(response.streaming_content)
        self.text = ""

    async def read_until(self, predicate, timeout: float = 5.0) -> list[dict]:
        """Read until `predicate(events so far)` holds; fails after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(events(self.text)):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no such event within {timeout} s; stream so far: {self.text!r}")
            chunk = await asyncio.wait_for(anext(self.chunks), remaining)
            self.text += chunk.decode() if isinstance(chunk, bytes) else chunk
        return events(self.text)

    async def close(self):
        if hasattr(self.chunks, "aclose"):
            await self.chunks.aclose()


def signed_in(user) -> AsyncClient:
    client = AsyncClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


async def open_stream(client, **headers) -> Stream:
    response = await client.get("/cop/live", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response.is_async  # an async generator under ASGI
    return Stream(response)


def has_incident(incident_id: str, action: str | None = None):
    return lambda found: any(e["data"].get("id") == incident_id and (action is None or e["data"]["action"] == action)
                             for e in found)


def test_a_new_visible_incident_arrives_and_an_invisible_one_never_does(mission, people):
    client = signed_in(people["kfor"])

    async def scenario():
        stream = await open_stream(client)
        secret = await sync_to_async(create_incident)(acting_user=people["watch"], mission=mission, data=incident_data(
            title="UNMIK eyes only", classification=Classification.CONFIDENTIAL))
        public = await sync_to_async(create_incident)(acting_user=people["watch"], mission=mission, data=incident_data(
            title="Roadblock at Jarinje", lon=20.7, lat=43.1))
        found = await stream.read_until(has_incident(str(public.pk)))
        await stream.close()
        return secret, public, found, stream.text

    secret, public, found, text = async_to_sync(scenario)()
    event = next(e for e in found if e["data"]["id"] == str(public.pk))
    assert event["event"] == "incident"
    assert event["data"]["action"] == "create"
    assert event["data"]["title"] == "Roadblock at Jarinje"
    assert (event["data"]["lon"], event["data"]["lat"]) == (20.7, 43.1)
    assert event["data"]["category"] == "mission/inter-ethnic"
    assert event["data"]["occurred_start"].startswith("2026-03-01T14:30")
    # The secret was written first, yet nothing about it reached KFOR's stream.
    assert str(secret.pk) not in text and "UNMIK eyes only" not in text
    assert event["id"] == ChangeLogEntry.objects.filter(object_id=str(public.pk)).get().pk


def test_changes_and_deletions_arrive_and_a_reclassified_incident_is_removed(mission, people):
    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Protest"))
    client = signed_in(people["kfor"])

    async def scenario():
        stream = await open_stream(client)
        await sync_to_async(update_incident)(incident, acting_user=people["watch"], changes={"title": "Big protest"})
        await stream.read_until(has_incident(str(incident.pk), "update"))
        await sync_to_async(update_incident)(incident, acting_user=people["watch"],
                                             changes={"classification": Classification.CONFIDENTIAL})
        found = await stream.read_until(has_incident(str(incident.pk), "delete"))
        await stream.close()
        return found

    found = async_to_sync(scenario)()
    update = next(e for e in found if e["data"]["action"] == "update")
    assert update["data"]["title"] == "Big protest"
    removal = next(e for e in found if e["data"]["action"] == "delete")
    assert removal["data"] == {"action": "delete", "id": str(incident.pk)}  # nothing more about it


def test_a_deleted_incident_is_removed_only_for_those_who_could_see_it(mission, people):
    public = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Seen by all"))
    secret = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK only", classification=Classification.CONFIDENTIAL))
    client = signed_in(people["kfor"])

    async def scenario():
        stream = await open_stream(client)
        await sync_to_async(delete_incident)(secret, acting_user=people["watch"])
        await sync_to_async(delete_incident)(public, acting_user=people["watch"])
        found = await stream.read_until(has_incident(str(public.pk), "delete"))
        await stream.close()
        return found, stream.text

    found, text = async_to_sync(scenario)()
    assert str(secret.pk) not in text
    assert [e["data"]["action"] for e in found] == ["delete"]


def test_the_stream_resumes_after_the_last_event_id(mission, people):
    before = ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    first = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="First"))
    second = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Second"))
    first_entry = ChangeLogEntry.objects.get(object_id=str(first.pk)).pk
    client, fresh = signed_in(people["kfor"]), signed_in(people["kfor"])

    async def scenario():
        resumed = await open_stream(client, last_event_id=str(first_entry))
        found_resumed = await resumed.read_until(has_incident(str(second.pk)))
        await resumed.close()
        from_page = await open_stream(fresh)
        # A first connection without ?since starts from now: it sends nothing of the past.
        with pytest.raises((asyncio.TimeoutError, AssertionError)):
            await from_page.read_until(lambda found: bool(found), timeout=0.5)
        await from_page.close()
        return found_resumed

    found = async_to_sync(scenario)()
    assert [e["data"]["title"] for e in found] == ["Second"]
    assert before < first_entry


def test_the_page_passes_its_change_log_position_to_the_stream(client_as, mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Before the page"))
    html = client_as(people["watch"]).get("/").content.decode()
    latest = ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert f'data-live-since="{latest}"' in html


def test_a_batch_of_many_changes_sends_one_refresh(mission, people, monkeypatch):
    monkeypatch.setattr("peaceops.web.cop.feed.BULK_THRESHOLD", 3)
    client = signed_in(people["watch"])

    async def scenario():
        stream = await open_stream(client)
        for n in range(5):
            await sync_to_async(create_incident)(acting_user=people["watch"], mission=mission,
                                                 data=incident_data(title=f"Imported {n}"))
        found = await stream.read_until(lambda found: any(e["event"] == "refresh" for e in found))
        await stream.close()
        return found

    found = async_to_sync(scenario)()
    assert found[-1]["event"] == "refresh"
    assert found[-1]["id"] == ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first()


def test_the_stream_ends_by_itself_so_no_worker_is_held_forever(mission, people, settings):
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 0.3
    client = signed_in(people["watch"])

    async def scenario():
        response = await client.get("/cop/live")
        chunks = []

        async def drain():
            async for chunk in response.streaming_content:
                chunks.append(chunk.decode() if isinstance(chunk, bytes) else chunk)

        await asyncio.wait_for(drain(), 5)
        return "".join(chunks)

    text = async_to_sync(scenario)()
    assert text.startswith("retry: ")  # tells the browser when to reconnect
