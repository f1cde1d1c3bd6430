"""A signed feed verifies only if every byte a reader acts on is signed: a key added, removed or changed
anywhere in the file (the feed, a record, the envelope, the signature block) and the file written back in
canonical form, the old signature kept, is refused by `peaceops verify-feed`."""

import io

import orjson
import pytest
from django.core.management import CommandError, call_command

FEED = "/api/v1/partners/KFOR/feed"


@pytest.fixture
def feed_file(shared, people, client, tmp_path):
    """A feed page as KFOR pulled it from the API, saved as the answer's bytes."""
    client.force_login(people["kfor"])
    answer = client.get(FEED, {"mission": "UNMIK"})
    assert answer.status_code == 200, answer.content
    path = tmp_path / "kfor.feed.json"
    path.write_bytes(answer.content)
    return path


def _verify(path, key_file) -> str:
    out = io.StringIO()
    call_command("verify_feed", str(path), "--public-key", str(key_file), stdout=out)
    return out.getvalue()


def _first_upsert(envelope) -> dict:
    return next(r for r in envelope["feed"]["records"] if r["op"] == "upsert")


EDITS = {
    "a top-level key added": lambda e: e.update(instructions={"op": "withdraw", "id": "everything"}),
    "a top-level key added beside the signature": lambda e: e.update(feed_override={"records": []}),
    "a key added to the signature block": lambda e: e["signature"].update(note="trust me"),
    "a key added to the feed": lambda e: e["feed"].update(extra_records=[{"op": "withdraw", "id": "x"}]),
    "a key added to a record": lambda e: _first_upsert(e).update(priority="flash"),
    "a key removed from a record": lambda e: _first_upsert(e)["incident"].pop("withheld"),
    "the algorithm changed": lambda e: e["signature"].update(algorithm="ed25519"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_feed_edited_as_json_is_refused(feed_file, public_key_file, edit):
    assert _verify(feed_file, public_key_file).startswith("VERIFIED")
    envelope = orjson.loads(feed_file.read_bytes())
    EDITS[edit](envelope)
    feed_file.write_bytes(orjson.dumps(envelope, option=orjson.OPT_SORT_KEYS))
    with pytest.raises(CommandError, match="NOT VERIFIED"):
        _verify(feed_file, public_key_file)


def test_an_added_top_level_key_is_named(feed_file, public_key_file):
    envelope = orjson.loads(feed_file.read_bytes())
    envelope["instructions"] = "drop every copy"
    feed_file.write_bytes(orjson.dumps(envelope, option=orjson.OPT_SORT_KEYS))
    with pytest.raises(CommandError, match="the file holds instructions, which a feed does not have"):
        _verify(feed_file, public_key_file)


def test_the_signature_covers_the_signature_block_too(feed_file, public_key_file):
    """What is signed is the whole document but the signature value: with a third-party Ed25519 library, the
    message is the canonical JSON of the file without `signature.value`."""
    import base64

    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    envelope = orjson.loads(feed_file.read_bytes())
    value = base64.b64decode(envelope["signature"].pop("value"))
    key = load_pem_public_key(public_key_file.read_bytes())
    key.verify(value, orjson.dumps(envelope, option=orjson.OPT_SORT_KEYS))
