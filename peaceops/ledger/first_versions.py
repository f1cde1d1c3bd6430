"""The first version of a record whose creation entry carries no snapshot (a bulk import's creations, see
docs/decisions/creation-entries-without-snapshot.md).

A creation entry may be written with `after` empty: the row as first stored is then the `before` of the
record's next change-log entry (its first update or its deletion), or, while there is none, the record as it
is stored now. The ledger seals the first version all the same: a creation entry's content hash (form 3 and
later, `canonical`) is made with its first version in place of the empty `after`, so verification, which
recomputes it from here, proves that the record was first stored as the next entry's `before` (or the current
row) says, and a row changed without the change log no longer matches.

The app that owns a record type gives how to read its current rows as snapshots (`register`, from its
`AppConfig.ready()`): the ledger builds on core and knows no domain app.
"""

from collections.abc import Callable

import orjson
from django.db import connection

from peaceops.core.models import ChangeLogEntry

#: object type -> function from object ids (text) to {object id: current snapshot as stored JSON would give}.
_CURRENT: dict[str, Callable[[list[str]], dict[str, dict]]] = {}
_CHUNK = 900


def register(object_type: str, current_snapshots: Callable[[list[str]], dict[str, dict]]) -> None:
    """Say how to read the current snapshots of records of `object_type` ("app_label.model_name")."""
    _CURRENT[object_type] = current_snapshots


def as_stored(snapshot: dict) -> dict:
    """A snapshot as reading the change log's stored JSON back gives it (datetimes and UUIDs as text)."""
    return orjson.loads(orjson.dumps(snapshot))


def first_versions(creations: list[tuple[int, str, str]]) -> dict[int, dict | None]:
    """The first version of each record whose creation entry is given as (entry id, object type, object id):
    the `before` of its next change-log entry, else its current snapshot; None when neither exists (the record
    was removed without the change log, or its type registered no reader)."""
    found: dict[int, dict | None] = {}
    by_type: dict[str, list[tuple[int, str]]] = {}
    for entry_id, kind, object_id in creations:
        by_type.setdefault(kind, []).append((entry_id, object_id))
    table = connection.ops.quote_name(ChangeLogEntry._meta.db_table)
    for kind, items in by_type.items():
        unchanged = []
        with connection.cursor() as cursor:
            for start in range(0, len(items), _CHUNK):
                part = items[start:start + _CHUNK]
                created_at = {object_id: entry_id for entry_id, object_id in part}
                cursor.execute(
                    f"SELECT object_id, id, before FROM {table} WHERE object_type = %s AND object_id IN "
                    f"({', '.join(['%s'] * len(part))}) AND id > %s ORDER BY id",
                    [kind, *created_at, min(created_at.values())])
                nexts: dict[str, object] = {}
                for object_id, entry_id, before in cursor.fetchall():
                    if entry_id > created_at[object_id] and object_id not in nexts:
                        nexts[object_id] = before
                for entry_id, object_id in part:
                    if object_id in nexts:
                        before = nexts[object_id]
                        found[entry_id] = orjson.loads(before) if isinstance(before, str | bytes) else before
                    else:
                        unchanged.append((entry_id, object_id))
        reader = _CURRENT.get(kind)
        current = reader([object_id for _, object_id in unchanged]) if reader and unchanged else {}
        for entry_id, object_id in unchanged:
            found[entry_id] = current.get(object_id)
    return found
