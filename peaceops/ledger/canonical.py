"""The canonical serialisation the ledger hashes, precise enough for a third party to verify the chain.

Canonical JSON is what `orjson.dumps(value, option=orjson.OPT_SORT_KEYS)` writes: UTF-8, no whitespace,
object keys sorted by code point at every level, strings with only `"`, `\\` and control characters escaped,
integers in decimal, floats in their shortest round-trip form. Times are strings in UTC with microseconds,
`YYYY-MM-DDTHH:MM:SS.ffffffZ`. Hashes are SHA-256 in lower-case hex.

- A ledger entry's payload is stored as its canonical JSON text; `payload_sha256` is the hash of its bytes.
- `entry_sha256` is the hash of the canonical JSON of the entry's header:
  `{"actor", "chain", "kind", "payload_sha256", "previous_sha256", "sequence", "time"}`
  (`chain` is the mission id, 0 for installation-wide entries; `sequence` counts from 1 in each chain).
- The first entry of a chain has `previous_sha256` = 64 zeros (`GENESIS`).
- A change-log entry's content hash is the hash of the canonical JSON of its columns, in one of two forms; a
  ledger entry of kind `change` names the form of the hashes it lists (`"form": 2` in its payload; no `form`:
  form 1, what ledgers written before form 2 hold, still verified as written):
  - form 1: `{"action", "actor", "after", "before", "id", "object_id", "object_repr", "object_type", "reason",
    "request_id", "time"}` with `actor` the stored actor name and `before`/`after` the stored JSON values;
  - form 2 (every column of the entry): form 1 plus `"actor_id"` (the user's id, null for the system) and
    `"mission"` (the mission id, null for installation-wide records);
  - form 3: form 2, except that a creation entry stored without a snapshot (`after` null, as bulk imports write
    them) is hashed with the record's **first version** as `after`: the `before` of the record's next
    change-log entry, or its current row while there is none (`first_versions`; see
    docs/decisions/creation-entries-without-snapshot.md). So the ledger seals a hash of each created row in
    canonical form, and a row changed without the change log fails verification.
"""

import datetime as dt
import hashlib

import orjson

GENESIS = "0" * 64


def canonical(value) -> bytes:
    """The canonical JSON bytes of a value made of dicts, lists, strings, numbers, booleans and None."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_last_time: list = [None, ""]  # the last time written and its text (an import batch's entries share one time)


def utc_text(value: dt.datetime) -> str:
    """A time as the ledger writes it: UTC, microseconds, 'Z'."""
    if value is _last_time[0]:
        return _last_time[1]
    text = value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    _last_time[0], _last_time[1] = value, text
    return text


def header(*, sequence: int, chain: int, time: dt.datetime, kind: str, actor: str, payload_sha256: str,
           previous_sha256: str) -> dict:
    """The fields an entry's hash covers."""
    return {"sequence": sequence, "chain": chain, "time": utc_text(time), "kind": kind, "actor": actor,
            "payload_sha256": payload_sha256, "previous_sha256": previous_sha256}


def entry_hash(**fields) -> str:
    """The hash of an entry's header (`header`'s keyword arguments)."""
    return sha256(canonical(header(**fields)))


#: The change-log columns (model field names) a content hash covers, in the order `change_hash` takes them:
#: every column of the entry. A column added to the change log must be added here (and a form 3 made), or
#: `tests/ledger/test_tampering_columns.py` fails.
CHANGE_COLUMNS = ["id", "time", "actor_name", "action", "object_type", "object_id", "object_repr", "before",
                  "after", "request_id", "reason", "mission", "actor"]
#: The form of the content hashes new ledger entries list.
CHANGE_FORM = 3
#: The forms `change_hash` knows.
CHANGE_FORMS = (1, 2, 3)
#: The first form whose creation entries without a snapshot are hashed with their first version.
FIRST_VERSION_FORM = 3


def change_hash(row, form: int | None = None) -> str:
    """The content hash of a change-log entry from its `CHANGE_COLUMNS` values (JSON already parsed), in the
    given form (default `CHANGE_FORM`; form 1 leaves out the mission and the actor's id)."""
    form = form or CHANGE_FORM
    (id_, time, actor, action, obj_type, obj_id, obj_repr, before, after, request_id, reason, mission_id,
     actor_id) = row
    sealed = {
        "id": id_, "time": utc_text(time), "actor": actor, "action": action, "object_type": obj_type,
        "object_id": obj_id, "object_repr": obj_repr, "before": before, "after": after,
        "request_id": request_id, "reason": reason,
    }
    if form >= 2:
        sealed.update(mission=mission_id, actor_id=actor_id)
    return sha256(canonical(sealed))
