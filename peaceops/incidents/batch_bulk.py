"""Bulk loading on SQLite: the secondary indexes of the tables an import writes are dropped for the load and
built once at its end, inside the import's one transaction. On PostgreSQL: the planner's statistics of those
tables kept up with a growing load (`Statistics`).

Keeping an index up to date row by row costs a B-tree descent and a page write for every row, in random order
for the time and place indexes; building it afterwards is one sort. This pays when the import at least
doubles a table, into a mission holding few incidents (a mission's first load), never for a re-import.
Only plain secondary indexes are dropped: primary keys and unique constraints stay, so matching by external
id and every constraint work as always.

Safety: on SQLite a DROP INDEX is part of the transaction. The drop, the rows and the rebuild are committed
together, or rolled back together (a crash, a kill or a power cut leaves the previous state with all its
indexes). Readers of the database in WAL mode keep seeing the last committed state, with its indexes, for the
whole load; other writers wait for the import's one transaction. PostgreSQL never takes this path (a DROP
INDEX there would lock readers out of the table for the whole load).
"""

from django.db import connection

from peaceops.core.models import ChangeLogEntry

from .models import Casualty, Incident, IncidentActor, Source

#: The tables an import writes, whose plain indexes a bulk load may drop.
TABLES = [m._meta.db_table for m in (Incident, ChangeLogEntry, Casualty, IncidentActor, Source,
                                     Incident.releasable_to.through)]
#: Smallest estimated import (rows) worth a rebuild.
MIN_ROWS = 50_000


def available() -> bool:
    """Whether the connection's database can drop and rebuild indexes inside a transaction (SQLite)."""
    return connection.vendor == "sqlite"


class IndexRebuild:
    """The plain indexes dropped for one bulk load, and their rebuild. Use inside a transaction."""

    def __init__(self):
        self.dropped: list[tuple[str, str]] = []  # (index name, its CREATE INDEX statement)

    def drop(self, expected_rows: int, mission_id: int) -> list[str]:
        """When the mission holds at most half as many incidents as the import expects to add, drop the plain
        secondary indexes of each table holding at most that many rows (counted by the largest rowid, an
        upper bound); return the names of the tables concerned."""
        if not available() or expected_rows < MIN_ROWS:
            return []
        if Incident.objects.filter(mission_id=mission_id).count() * 2 > expected_rows:
            return []
        tables = []
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM {quote(table)}")
                if cursor.fetchone()[0] * 2 > expected_rows:
                    continue
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                               "AND sql IS NOT NULL", [table])
                plain = [(name, sql) for name, sql in cursor.fetchall()
                         if sql.lstrip().upper().startswith("CREATE INDEX")]
                for name, sql in plain:
                    cursor.execute(f"DROP INDEX {quote(name)}")
                    self.dropped.append((name, sql))
                if plain:
                    tables.append(table)
        return tables

    def rebuild(self) -> None:
        """Create the dropped indexes again, exactly as they were defined."""
        with connection.cursor() as cursor:
            while self.dropped:
                _, sql = self.dropped[0]
                cursor.execute(sql)
                self.dropped.pop(0)


class Statistics:
    """PostgreSQL: ANALYZE the tables an import writes each time the rows it has written double (10,000,
    20,000, 40,000...), inside its transaction, which sees its own rows.

    The planner knows a table's rows from its statistics, which autovacuum refreshes only for committed rows:
    during a mission's first load (one transaction, or commits faster than autovacuum) it believes the
    incidents table nearly empty, and then finds a batch's stored incidents by (mission, owner) alone, reading
    every row of the mission and filtering them by id, instead of looking the ids up in the (mission, owner,
    id) index: a first load's time grew with the square of its rows. A few ANALYZEs (each samples at most
    30,000 rows; seven rounds for 1M rows) keep the plans right. SQLite's planner needs no statistics for
    these lookups."""

    FIRST = 10_000

    def __init__(self):
        self.rows, self.next = 0, self.FIRST

    def written(self, rows: int) -> None:
        self.rows += rows
        if self.rows < self.next or connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        while self.next <= self.rows:
            self.next *= 2
