"""Signed partner feeds: the API pages and the exported file carry exactly what the partner receives since a
cursor (with withdrawals), redacted as the partner reads it, and any alteration fails verification."""

import io
import json

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from peaceops.incidents.services import delete_incident, update_incident
from peaceops.partners.signing import FeedInvalid, load_public_key, sign_feed, verify_feed

from .conftest import KFOR_RECEIVES, KFOR_RECEIVES_UNCLEARED, SECRET_SOURCE, WITNESS

FEED = "/api/v1/partners/KFOR/feed"


def _pull(client, cursor=0, limit=500):
    answer = client.get(FEED, {"mission": "UNMIK", "cursor": cursor, "limit": limit})
    assert answer.status_code == 200, answer.content
    return answer.content


def _export(tmp_path, cursor=0, name="kfor.feed.json"):
    path = tmp_path / name
    call_command("export_feed", "--mission", "UNMIK", "--partner", "KFOR", "--cursor", str(cursor),
                 "-o", str(path), stdout=io.StringIO())
    return path


def _verify(path, key_file):
    out = io.StringIO()
    call_command("verify_feed", str(path), "--public-key", str(key_file), stdout=out)
    return out.getvalue()


def test_the_api_feed_holds_exactly_the_released_records_redacted(shared, people, kfor_cleared, token_client, public_key_file):
    body = _pull(token_client(kfor_cleared))
    feed = verify_feed(body, load_public_key(public_key_file.read_bytes()))
    assert feed["mission"] == "UNMIK" and feed["partner"] == "KFOR" and feed["cursor_from"] == 0
    assert {r["id"] for r in feed["records"]} == {str(shared[k].pk) for k in KFOR_RECEIVES}
    assert {r["op"] for r in feed["records"]} == {"upsert"}
    assert SECRET_SOURCE not in body.decode() and WITNESS not in body.decode()
    released = next(r for r in feed["records"] if r["id"] == str(shared["released"].pk))["incident"]
    assert released["title"] == "Confidential released to KFOR" and released["withheld"]


def test_the_signing_key_endpoint_gives_the_key_feed_key_prints(shared, people, token_client, public_key_file):
    answer = token_client(people["osce"]).get("/api/v1/partners/signing-key").json()
    assert answer["algorithm"] == "Ed25519"
    assert answer["public_key_pem"] == public_key_file.read_text()
    assert answer["key_id"] == orjson.loads(_pull(token_client(people["kfor"])))["signature"]["key_id"]


def test_the_cursor_resumes_without_gaps_or_repeats(shared, people, kfor_cleared, token_client):
    client = token_client(kfor_cleared)
    seen, cursor, pages = [], 0, 0
    while True:
        feed = orjson.loads(_pull(client, cursor, limit=1))["feed"]
        assert feed["cursor_from"] == cursor
        seen += [r["id"] for r in feed["records"]]
        cursor, pages = feed["cursor_to"], pages + 1
        if not feed["has_more"]:
            break
    assert len(seen) == len(set(seen)) and set(seen) == {str(shared[k].pk) for k in KFOR_RECEIVES}
    assert pages >= len(KFOR_RECEIVES)
    # nothing new: an empty page that keeps the cursor
    feed = orjson.loads(_pull(client, cursor))["feed"]
    assert feed["records"] == [] and feed["cursor_to"] == cursor


def test_later_changes_come_after_the_cursor_with_withdrawals(shared, people, kfor_cleared, orgs, token_client):
    client = token_client(kfor_cleared)
    cursor = orjson.loads(_pull(client))["feed"]["cursor_to"]
    watch = people["watch"]
    update_incident(shared["osce_only"], acting_user=watch, changes={"releasable_to": ["OSCE", "KFOR"]})
    update_incident(shared["released"], acting_user=watch, changes={"releasable_to": []}, reason="withdrawn")
    delete_incident(shared["public"], acting_user=watch, reason="duplicate")
    update_incident(shared["unmik_only"], acting_user=watch, changes={"title": "Still UNMIK only"})
    feed = orjson.loads(_pull(client, cursor))["feed"]
    ops = {r["id"]: (r["op"], r.get("reason")) for r in feed["records"]}
    assert ops == {
        str(shared["osce_only"].pk): ("upsert", None),
        str(shared["released"].pk): ("withdraw", "no longer released"),
        str(shared["public"].pk): ("withdraw", "deleted"),
    }


def test_a_scope_change_sends_the_record_again_with_its_sources(shared, people, orgs, token_client):
    from peaceops.partners.services import set_release_scope

    client = token_client(people["kfor"])
    cursor = orjson.loads(_pull(client))["feed"]["cursor_to"]
    set_release_scope(shared["released"], orgs["KFOR"], include_sources=True, acting_user=people["watch"])
    set_release_scope(shared["osce_only"], orgs["OSCE"], include_sources=True, acting_user=people["watch"])
    feed = orjson.loads(_pull(client, cursor))["feed"]
    assert [r["id"] for r in feed["records"]] == [str(shared["released"].pk)]
    assert feed["records"][0]["incident"]["sources"][0]["reference"] == SECRET_SOURCE


@pytest.mark.parametrize("who", ["osce", "reporter"])
def test_another_organisation_cannot_pull_kfors_feed(shared, people, token_client, who):
    answer = token_client(people[who]).get(FEED, {"mission": "UNMIK"})
    assert answer.status_code == 403
    assert "KFOR" in answer.json()["detail"]


def test_the_feed_needs_authentication(shared, client):
    assert client.get(FEED, {"mission": "UNMIK"}).status_code == 401


def test_an_exported_feed_verifies(shared, tmp_path, public_key_file):
    path = _export(tmp_path)
    assert _verify(path, public_key_file).startswith("VERIFIED: feed of UNMIK for KFOR")


def test_flipping_any_byte_fails_verification(shared, tmp_path, public_key_file):
    data = _export(tmp_path).read_bytes().rstrip(b"\n")
    key = load_public_key(public_key_file.read_bytes())
    verify_feed(data, key)
    for position in range(len(data)):
        altered = bytearray(data)
        altered[position] ^= 0x01
        with pytest.raises(FeedInvalid):
            verify_feed(bytes(altered), key)


def test_the_command_says_the_file_was_altered(shared, tmp_path, public_key_file):
    path = _export(tmp_path)
    data = path.read_bytes()
    position = data.index(b"Confidential released to KFOR")
    path.write_bytes(data[:position] + b"c" + data[position + 1:])
    with pytest.raises(CommandError, match="NOT VERIFIED: the signature does not match the content"):
        _verify(path, public_key_file)


def _rewrite(path, change):
    """Edit the feed inside the file and write it back in canonical form, keeping the old signature."""
    envelope = orjson.loads(path.read_bytes())
    change(envelope)
    path.write_bytes(orjson.dumps(envelope, option=orjson.OPT_SORT_KEYS))


def test_editing_one_record_fails(shared, tmp_path, public_key_file):
    path = _export(tmp_path)
    _rewrite(path, lambda e: e["feed"]["records"][0]["incident"].update(fatalities_best=40))
    with pytest.raises(CommandError, match="altered after signing"):
        _verify(path, public_key_file)


def test_removing_one_record_fails(shared, tmp_path, public_key_file):
    path = _export(tmp_path)
    _rewrite(path, lambda e: e["feed"]["records"].pop())
    with pytest.raises(CommandError, match="altered after signing"):
        _verify(path, public_key_file)


def test_a_missing_signature_fails(shared, tmp_path, public_key_file):
    path = _export(tmp_path)
    _rewrite(path, lambda e: e.pop("signature"))
    with pytest.raises(CommandError, match="carries no signature"):
        _verify(path, public_key_file)


def test_the_wrong_key_fails(shared, tmp_path, public_key_file):
    path = _export(tmp_path)
    envelope = orjson.loads(path.read_bytes())
    other = tmp_path / "other.pem"
    other.write_bytes(sign_feed(envelope["feed"], key=Ed25519PrivateKey.generate()))  # a file signed by others
    with pytest.raises(CommandError, match="wrong key"):
        _verify(other, public_key_file)


def test_a_reformatted_file_is_refused(shared, tmp_path, public_key_file):
    """The same content, pretty-printed: the signed bytes are not what was sent, so it is refused."""
    path = _export(tmp_path)
    path.write_text(json.dumps(json.loads(path.read_text()), indent=2, sort_keys=True))
    with pytest.raises(CommandError, match="bytes differ"):
        _verify(path, public_key_file)


def test_the_signing_key_is_made_once_and_kept_private(shared, tmp_path, feed_key, public_key_file):
    assert feed_key.exists() and (feed_key.stat().st_mode & 0o077) == 0
    first = public_key_file.read_text()
    out = io.StringIO()
    call_command("feed_key", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == first and "PRIVATE" not in out.getvalue()


def test_export_feed_resumes_from_the_cursor_it_gave(shared, people, tmp_path, public_key_file):
    first = orjson.loads(_export(tmp_path).read_bytes())["feed"]
    update_incident(shared["released"], acting_user=people["watch"], changes={"title": "Bridge incident"})
    second = orjson.loads(_export(tmp_path, first["cursor_to"], name="next.json").read_bytes())["feed"]
    assert [(r["id"], r["incident"]["title"]) for r in second["records"]] == [
        (str(shared["released"].pk), "Bridge incident")]
    assert _verify(tmp_path / "next.json", public_key_file).startswith("VERIFIED")


def test_a_mission_watch_officer_pulling_kfors_feed_sees_only_what_they_may_see(shared, people, client):
    """UNMIK's watch officer may check what the mission shares with KFOR, but KFOR's own CONFIDENTIAL report
    (which KFOR receives, being its owner) is not released to UNMIK and must not reach them through the feed."""
    client.force_login(people["watch"])
    answer = client.get(FEED, {"mission": "UNMIK"})
    assert answer.status_code == 200, answer.content
    ids = {r["id"] for r in orjson.loads(answer.content)["feed"]["records"]}
    assert str(shared["released"].pk) in ids
    assert str(shared["kfor_own"].pk) not in ids
    client.force_login(people["kfor"])
    kfor_feed = orjson.loads(client.get(FEED, {"mission": "UNMIK"}).content)["feed"]
    assert str(shared["kfor_own"].pk) in {r["id"] for r in kfor_feed["records"]}


def test_a_kfor_member_without_need_to_know_gets_no_strictly_confidential_record(shared, people, token_client):
    feed = orjson.loads(_pull(token_client(people["kfor"])))["feed"]
    assert {r["id"] for r in feed["records"]} == {str(shared[k].pk) for k in KFOR_RECEIVES_UNCLEARED}
