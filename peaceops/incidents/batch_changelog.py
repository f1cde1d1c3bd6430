"""The change-log entries of a batch (a single write's one, an import's many): the one place the write path
writes them, giving back the ids written.

A batch writes one entry per created or changed incident (unchanged rows write none) with a few statements,
and hands the ids on (`BatchResult.change_log_ids`), so that what must follow every batch's entries (a ledger
sealing them, for one) is called once per batch with exactly the entries that batch wrote.
"""

import orjson
from django.db import connection

from peaceops.core.models import ChangeLogEntry
from peaceops.ledger.canonical import change_hash

#: The entry columns a batch gives, in this order, each value already in database form.
ENTRY_COLUMNS = ["time", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr",
                 "mission_id", "before", "after", "request_id", "reason"]
#: Entries per INSERT ... RETURNING statement on databases that return ids (PostgreSQL).
_RETURNING_CHUNK = 500


def write_entries(entries: list[tuple]) -> list[int]:
    """Insert the entries (tuples in ENTRY_COLUMNS order) and return their ids, in the entries' order.

    Call inside the batch's transaction. On SQLite the transaction holds the database's write lock and the
    table's ids are AUTOINCREMENT, so one executemany writes consecutive ids ending at the largest id; other
    databases return the ids from the INSERT itself."""
    if not entries:
        return []
    quote = connection.ops.quote_name
    table = quote(ChangeLogEntry._meta.db_table)
    by_attname = {f.attname: f.column for f in ChangeLogEntry._meta.concrete_fields}
    columns = ", ".join(quote(by_attname[c]) for c in ENTRY_COLUMNS)
    row_marks = f"({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {row_marks}", entries)
            cursor.execute(f"SELECT MAX(id) FROM {table}")
            last = cursor.fetchone()[0]
            return list(range(last - len(entries) + 1, last + 1))
        if connection.vendor == "postgresql":
            return _copy_with_ids(cursor, table, columns, entries)
        ids = []
        for start in range(0, len(entries), _RETURNING_CHUNK):
            part = entries[start:start + _RETURNING_CHUNK]
            params = [value for entry in part for value in entry]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_marks] * len(part))} "
                           "RETURNING id", params)
            ids += [row[0] for row in cursor.fetchall()]
        return ids



def _copy_with_ids(cursor, table: str, columns: str, entries: list[tuple]) -> list[int]:
    """PostgreSQL: take the entries' ids from the table's sequence in one statement, then write the entries
    with those ids in one COPY (an INSERT ... RETURNING of many rows is composed and parsed anew for every
    chunk, which cost a quarter of an import's time there). The ids come from the same sequence, in the
    entries' order, as the INSERT would have given them."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s) AS n ORDER BY n",
                   [ChangeLogEntry._meta.db_table, len(entries)])
    ids = [row[0] for row in cursor.fetchall()]
    quote = connection.ops.quote_name
    with cursor.cursor.copy(f"COPY {table} ({quote('id')}, {columns}) FROM STDIN") as copy:
        for entry_id, entry in zip(ids, entries, strict=True):
            copy.write_row((entry_id, *entry))
    return ids


def ledger_rows(entries: list[tuple], ids: list[int], canonical: list[tuple]) -> list[tuple]:
    """(id, mission id, actor name, content hash) of the entries written (`ids` from `write_entries`), for
    `ledger.services.record_changes(known=...)`: the hash of each entry made from the values in hand, equal to
    the one the ledger makes from the stored row (`canonical`: the entry's aware time and its before and after
    as canonical JSON bytes, `orjson.dumps(value, option=OPT_SORT_KEYS)`, which is what reading the stored JSON
    back and writing it canonically gives)."""
    rows = []
    fragment = orjson.Fragment
    for entry_id, entry, (time, before, after) in zip(ids, entries, canonical, strict=True):
        (_, actor_id, actor, action, kind, object_id, object_repr, mission_id, _, _, request_id, reason) = entry
        rows.append((entry_id, mission_id, actor, change_hash(
            (entry_id, time, actor, str(action), kind, object_id, object_repr, fragment(before), fragment(after),
             request_id, reason, mission_id, actor_id))))
    return rows
