"""Existence leaks: nothing a user can do tells them that a record hidden from them exists.

Driven as an attacker would: a KFOR reporter probing with UNMIK's source ids through the API and an import, a
partner pulling a feed, a reader watching the live stream (tests/web/test_cop_live.py shows how the stream is
read)."""

import asyncio
import io
import json
import re

import orjson
import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from peaceops.core.choices import Classification, Role
from peaceops.incidents.importing import import_incidents
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident, delete_incident, update_incident
from tests.factories import incident_data, member
from tests.web.test_cop_live import has_incident, open_stream, signed_in

pytestmark = pytest.mark.django_db

API = "/api/v1/incidents"


def token_client(user) -> Client:
    out = io.StringIO()
    call_command("create_token", user.username, stdout=out, stderr=io.StringIO())
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def report(client, **fields):
    body = {"mission": "UNMIK", "title": "Probe", "occurred_start": "2026-03-01T12:00:00Z", "lon": 20.87,
            "lat": 42.89, "classification": "CONFIDENTIAL", **fields}
    return client.post(API, json.dumps(body), content_type="application/json")


@pytest.fixture
def hidden(mission, people):
    """UNMIK's CONFIDENTIAL incident, released to nobody: KFOR may not know it exists, nor its source ids."""
    return create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK eyes only", classification=Classification.CONFIDENTIAL, external_id="JOC-2026-17",
        ucdp_id="244101", acled_id="KSV1234"))


@pytest.mark.parametrize("field, value", [("external_id", "JOC-2026-17"), ("ucdp_id", "244101"),
                                          ("acled_id", "KSV1234")])
def test_reporting_with_a_hidden_incidents_source_id_reveals_nothing(people, hidden, field, value):
    kfor = token_client(people["kfor"])
    assert kfor.get(f"{API}/{hidden.pk}").status_code == 404  # hidden indeed
    answer = report(kfor, **{field: value})
    # Today's answer was 409 "another incident of this mission already has this value": the hidden one exists.
    assert answer.status_code == 201, answer.content
    assert b"already" not in answer.content
    assert Incident.objects.get(pk=hidden.pk).title == "UNMIK eyes only"


@pytest.mark.parametrize("field", ["external_id", "ucdp_id", "acled_id"])
def test_a_duplicate_in_ones_own_numbering_is_still_refused_naming_the_field(people, field):
    kfor = token_client(people["kfor"])
    assert report(kfor, **{field: "KFOR-88"}).status_code == 201
    again = report(kfor, title="Same report again", **{field: "KFOR-88"})
    assert again.status_code == 409, again.content
    assert again.json()["field"] == field
    assert "same organisation" in again.json()["detail"]


def test_importing_a_hidden_incidents_id_creates_ones_own_and_names_nothing(mission, people, hidden, tmp_path):
    path = tmp_path / "kfor.csv"
    path.write_text("id,title,occurred_start,lon,lat\nJOC-2026-17,KFOR's own JOC-2026-17,2026-03-01,20.86,42.89\n")
    result = import_incidents(path, format="csv", mission=mission, acting_user=people["kfor"])
    # Today: rejected, "JOC-2026-17 exists and belongs to another organisation".
    assert (result.created, result.rejected) == (1, 0), result.rejects
    assert Incident.objects.get(pk=hidden.pk).title == "UNMIK eyes only"
    again = import_incidents(path, format="csv", mission=mission, acting_user=people["kfor"])
    assert (again.created, again.unchanged) == (0, 1)  # still idempotent in KFOR's own numbering


# Partner feeds: a withdrawal names only a record the reader pulling the feed could read.

FEED = "/api/v1/partners/KFOR/feed"


@pytest.fixture(autouse=True)
def _feed_key(settings, tmp_path):
    settings.PEACEOPS_FEED_SIGNING_KEY = tmp_path / "keys" / "feed-signing-key.pem"


def pull(client, user, cursor: int) -> dict:
    client.force_login(user)
    answer = client.get(FEED, {"mission": "UNMIK", "cursor": cursor})
    assert answer.status_code == 200, answer.content
    return orjson.loads(answer.content)["feed"]


def withdrawn(feed) -> set[str]:
    return {r["id"] for r in feed["records"] if r["op"] == "withdraw"}


def test_a_feed_never_withdraws_a_record_its_reader_never_could_see(mission, orgs, people, client):
    """UNMIK's watch officer checks KFOR's feed: KFOR's own unreleased report, deleted, is not named (it never
    was visible to them); UNMIK's report released to KFOR, then withdrawn, is."""
    kfor_own = create_incident(acting_user=people["kfor"], mission=mission, data=incident_data(
        title="KFOR own patrol report", classification=Classification.CONFIDENTIAL))
    released = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Released to KFOR", classification=Classification.CONFIDENTIAL, releasable_to=["KFOR"]))
    cursor = pull(client, people["watch"], 0)["cursor_to"]
    delete_incident(kfor_own, acting_user=people["admin"], reason="duplicate")
    update_incident(released, acting_user=people["watch"], changes={"releasable_to": []}, reason="withdrawn")
    assert withdrawn(pull(client, people["watch"], cursor)) == {str(released.pk)}
    assert withdrawn(pull(client, people["kfor"], cursor)) == {str(kfor_own.pk), str(released.pk)}


def test_a_feed_withdraws_a_strictly_confidential_record_only_from_the_cleared(mission, orgs, people, client):
    cleared = member(mission, orgs["KFOR"], Role.VIEWER, Role.STRICTLY_CONFIDENTIAL_READER, username="kfor_sc")
    secret = create_incident(acting_user=people["admin"], mission=mission, data=incident_data(
        title="Strictly confidential to KFOR", classification=Classification.STRICTLY_CONFIDENTIAL,
        releasable_to=["KFOR"]))
    cursor = pull(client, people["kfor"], 0)["cursor_to"]
    update_incident(secret, acting_user=people["admin"], changes={"releasable_to": []}, reason="withdrawn")
    assert withdrawn(pull(client, cleared, cursor)) == {str(secret.pk)}
    assert str(secret.pk) not in str(pull(client, people["kfor"], cursor))  # never could see it: not named


# The COP's live stream: what it sends, and when, depends on visible changes only.

HEARTBEAT = re.compile(r"^id: [A-Za-z0-9_=-]{60,}\n: keep-alive\n\n$")


def _hidden_incident(mission, people, title="UNMIK eyes only"):
    return create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title=title, classification=Classification.CONFIDENTIAL))


async def _timed_chunks(client, during, seconds: float, **headers) -> list[tuple[float, str]]:
    """(seconds since the stream started, text) of each chunk of /cop/live read for about `seconds` after its
    first chunk, `during()` run (in a thread) just after that first chunk."""
    loop = asyncio.get_running_loop()
    response = await client.get("/cop/live", headers=headers)
    assert response.status_code == 200
    chunks = aiter(response.streaming_content)

    async def read():
        first = await anext(chunks)
        started, received = loop.time(), [(0.0, first.decode())]
        await sync_to_async(during)()
        while loop.time() - started < seconds:  # heartbeats keep coming: no read waits long
            chunk = await anext(chunks)
            received.append((loop.time() - started, chunk.decode() if isinstance(chunk, bytes) else chunk))
        return received

    try:
        return await asyncio.wait_for(read(), seconds + 10)
    finally:
        await chunks.aclose()


@pytest.fixture
def live_settings(settings):
    settings.PEACEOPS_LIVE_POLL_SECONDS = 0.05
    settings.PEACEOPS_LIVE_HEARTBEAT_SECONDS = 0.4
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 30
    return settings


def test_hidden_changes_send_nothing_and_move_no_heartbeat(mission, people, live_settings):
    """KFOR's stream while UNMIK writes incidents KFOR may not see: only heartbeats, each at its fixed time
    (a multiple of the heartbeat interval from the start), never a cursor, an event or an early wake-up."""
    def hidden_changes():
        for n in range(3):
            _hidden_incident(mission, people, f"UNMIK eyes only {n}")

    received = async_to_sync(_timed_chunks)(signed_in(people["kfor"]), hidden_changes, 1.5)
    assert received[0][1].startswith("retry: ")
    heartbeats = received[1:]
    assert len(heartbeats) >= 2, received
    for n, (at, text) in enumerate(heartbeats, start=1):
        assert HEARTBEAT.match(text), f"the stream sent {text!r} after a hidden change"
        assert at >= n * 0.4 - 0.02, f"heartbeat {n} came early, at {at:.3f} s"


def test_the_heartbeats_resume_token_says_nothing_and_resumes_past_hidden_changes(mission, people, live_settings):
    client = signed_in(people["kfor"])
    received = async_to_sync(_timed_chunks)(client, lambda: _hidden_incident(mission, people), 1.0)
    tokens = [text.split("\n")[0][4:] for _, text in received[1:]]
    assert len(tokens) >= 2 and len(set(tokens)) == len(tokens)  # a new token every time
    assert len({len(t) for t in tokens}) == 1  # all of one length
    assert not any(t.isdigit() for t in tokens)

    async def resumed():
        stream = await open_stream(client, last_event_id=tokens[-1])
        public = await sync_to_async(create_incident)(acting_user=people["watch"], mission=mission,
                                                      data=incident_data(title="Roadblock"))
        found = await stream.read_until(has_incident(str(public.pk)))
        await stream.close()
        return found

    assert [e["data"]["title"] for e in async_to_sync(resumed)()] == ["Roadblock"]


def test_many_hidden_changes_send_no_refresh(mission, people, live_settings, monkeypatch):
    monkeypatch.setattr("peaceops.web.cop.feed.BULK_THRESHOLD", 3)
    client = signed_in(people["kfor"])

    def hidden_batch_then_one_visible():
        with transaction.atomic():  # one poll reads them all
            for n in range(5):
                _hidden_incident(mission, people, f"Hidden {n}")
            return create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Seen"))

    async def scenario():
        stream = await open_stream(client)
        visible = await sync_to_async(hidden_batch_then_one_visible)()
        found = await stream.read_until(lambda found: bool(found))
        await stream.close()
        return visible, found

    visible, found = async_to_sync(scenario)()
    assert [(e["event"], e["data"].get("id")) for e in found] == [("incident", str(visible.pk))]
