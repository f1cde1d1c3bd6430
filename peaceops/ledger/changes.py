"""Reading change-log entries as the ledger hashes them: raw rows, JSON parsed, times as aware UTC datetimes."""

import datetime as dt
import json

import orjson
from django.db import connection

from peaceops.core.models import ChangeLogEntry

from .canonical import CHANGE_COLUMNS, CHANGE_FORM, FIRST_VERSION_FORM, change_hash
from .first_versions import first_versions

_ID_CHUNK = 900  # ids per IN list (SQLite allows 999 parameters by default on old versions)


def _time(value) -> dt.datetime:
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _json(value):
    if value is None or not isinstance(value, str | bytes):
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:  # e.g. integers beyond 64 bits, which orjson does not read
        return json.loads(value)


def _select(where: str) -> str:
    meta = ChangeLogEntry._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(c).column) for c in CHANGE_COLUMNS)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} ORDER BY {quote('id')}"


_MISSION = CHANGE_COLUMNS.index("mission")


def _rows(cursor):
    """The `CHANGE_COLUMNS` values of each row the cursor gives, as `change_hash` takes them."""
    for row in cursor.fetchall():
        values = list(row)
        values[1] = _time(values[1])
        values[7], values[8] = _json(values[7]), _json(values[8])
        yield values


def _with_first_versions(rows: list[list], forms) -> list[list]:
    """The rows, each creation entry written without a snapshot (in a hash form that seals first versions)
    given its first version as `after` (`first_versions`), as its content hash covers it."""
    creations = [(v[0], v[4], v[5]) for v in rows
                 if v[8] is None and v[3] == "create" and forms(v[0]) >= FIRST_VERSION_FORM]
    if creations:
        found = first_versions(creations)
        for v in rows:
            if v[0] in found:
                v[8] = found[v[0]]
    return rows


def after(last_id: int, limit: int) -> list[tuple[int, int | None, str, str]]:
    """(id, mission id, actor name, content hash in the current form) of up to `limit` change-log entries with
    ids above `last_id`."""
    with connection.cursor() as cursor:
        cursor.execute(_select("id > %s") + f" LIMIT {int(limit)}", [last_id])
        rows = _with_first_versions(list(_rows(cursor)), lambda _: CHANGE_FORM)
    return [(v[0], v[_MISSION], v[2], change_hash(v)) for v in rows]


def hashes_of(forms: dict[int, int]) -> dict[int, tuple[str, int | None]]:
    """(content hash in the form asked for, mission id) by id of the change-log entries that exist among the
    ids of `forms` (id -> hash form)."""
    ids = sorted(forms)
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _ID_CHUNK):
            part = ids[start:start + _ID_CHUNK]
            cursor.execute(_select(f"id IN ({', '.join(['%s'] * len(part))})"), part)
            rows = _with_first_versions(list(_rows(cursor)), forms.get)
            found.update((v[0], (change_hash(v, forms[v[0]]), v[_MISSION])) for v in rows)
    return found


def span_after(last_id: int) -> tuple[int, int | None, int | None]:
    """(count, smallest id, largest id) of the change-log entries with ids above `last_id`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MIN(id), MAX(id) FROM "
                       f"{connection.ops.quote_name(ChangeLogEntry._meta.db_table)} WHERE id > %s", [last_id])
        return tuple(cursor.fetchone())
