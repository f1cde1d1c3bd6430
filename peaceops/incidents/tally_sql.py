"""The triggers that keep the incident tallies (tally_models.py) right, for SQLite and PostgreSQL.

On every insert, update and delete of an incident, and every change to an incident's releasability list, the
database itself takes the incident out of the tally rows it was counted in and adds it to the ones it now
belongs to, in the same transaction as the change. No code path (service, batch import, admin, a future app)
can forget to. `install(schema_editor)` creates the triggers and fills the tallies from the rows already there;
`uninstall(schema_editor)` removes them. A batch import, which writes thousands of incidents per batch,
instead stands the triggers aside in its own transaction (`paused()`) and moves its incidents in and out of the
tallies with a few grouped statements per batch (`adjust`), a small fraction of the cost of a trigger per row;
a bulk first load adds its new incidents once, at its end (`Deferred`).
"""

from contextlib import contextmanager

from peaceops.geo.h3cells import parent_sql

from .tally_models import TALLY_CELL_RESOLUTION

INCIDENT = "incidents_incident"
RELEASE = "incidents_incident_releasable_to"
DAY = "incidents_daytally"
CELL = "incidents_cellmonthtally"
EXTENT = "incidents_incidentextent"
PAUSE = "incidents_tallypause"
#: The names of the SQLite triggers (PostgreSQL's are the first three and incident_release_change).
SQLITE_TRIGGERS = ("incident_tally_insert", "incident_tally_update", "incident_tally_delete",
                   "incident_release_insert", "incident_release_delete")
SUMS = ("fatalities_low", "fatalities_best", "fatalities_high", "injured_best")
#: Incident columns whose change moves an incident between tally rows.
WATCHED = ("mission_id", "occurred_start", "category_id", "classification", "owner_id", "h3_cell", "lon", "lat",
           "admin1_id", "admin2_id", *SUMS)


def _vendor_sql(vendor: str) -> dict:
    if vendor == "sqlite":
        return {"day": "substr({r}.occurred_start, 1, 10)", "month": "substr({r}.occurred_start, 1, 7)",
                "least": "min", "greatest": "max"}
    if vendor == "postgresql":
        utc = "({r}.occurred_start AT TIME ZONE 'UTC')"
        return {"day": f"to_char({utc}, 'YYYY-MM-DD')", "month": f"to_char({utc}, 'YYYY-MM')",
                "least": "LEAST", "greatest": "GREATEST"}
    raise NotImplementedError(f"incident tallies are not written for the {vendor} database")


def release_key_sql(vendor: str, incident: str, plus: str | None = None, minus: str | None = None) -> str:
    """SQL for an incident's releasability as ",3,7," ('' when empty), optionally with one organisation added
    (`plus`) or left out (`minus`): the list as it was before a releasability row was deleted or inserted."""
    where = f"incident_id = {incident}" + (f" AND organisation_id <> {minus}" if minus else "")
    rows = f"SELECT organisation_id AS o FROM {RELEASE} WHERE {where}"
    if plus:
        rows += f" UNION SELECT {plus}"
    if vendor == "sqlite":
        return (f"COALESCE((SELECT ',' || group_concat(o, ',') || ',' FROM ({rows} ORDER BY o)), '')")
    return f"COALESCE((SELECT ',' || string_agg(o::text, ',' ORDER BY o) || ',' FROM ({rows}) AS keys), '')"


def _keys(vendor: str, r: str, key: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(column, SQL) pairs keying incident `r` in the day tally and in the cell-month tally."""
    v = _vendor_sql(vendor)
    public = f"{r}.classification = 'PUBLIC'"
    visibility = [("mission_id", f"{r}.mission_id"), ("classification", f"{r}.classification"),
                  ("owner_id", f"CASE WHEN {public} THEN 0 ELSE {r}.owner_id END"),
                  ("release_key", f"CASE WHEN {public} THEN '' ELSE {key} END")]
    cell = parent_sql(f"{r}.h3_cell", TALLY_CELL_RESOLUTION)
    day = [("day", v["day"].format(r=r)), ("category_id", f"COALESCE({r}.category_id, 0)"), *visibility]
    month = [("month", v["month"].format(r=r)), ("cell", f"COALESCE({cell}, 0)"),
             ("admin1_id", f"COALESCE({r}.admin1_id, 0)"), ("admin2_id", f"COALESCE({r}.admin2_id, 0)"), *visibility]
    return day, month


def add_sql(vendor: str, r: str, sign: int, key: str, source: str) -> list[str]:
    """Statements adding (sign 1) or taking out (sign -1) the incident `r` (NEW, OLD or an alias of `source`)
    to or from both tallies, in visibility class `key`."""
    statements = []
    for table, keys in zip((DAY, CELL), _keys(vendor, r, key), strict=True):
        names = ", ".join(name for name, _ in keys)
        values = ", ".join(sql for _, sql in keys)
        sums = ", ".join(f"{sign} * {r}.{name}" for name in SUMS)
        update = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in ("count", *SUMS))
        statements.append(
            f"INSERT INTO {table} ({names}, count, {', '.join(SUMS)}) SELECT {values}, {sign}, {sums} {source} "
            f"ON CONFLICT ({names}) DO UPDATE SET {update}"
        )
    return statements


def fill_sql(vendor: str) -> list[str]:
    """Statements counting the incidents already stored into the (empty) tallies and extents."""
    return grouped_sql(vendor, "", 1)


def grouped_sql(vendor: str, where: str, sign: int) -> list[str]:
    """Statements adding (sign 1) or taking out (-1) the incidents matching `where` (SQL on alias r, may hold
    %s parameters; "" for all) to or from the tallies, grouped: one statement per table for many incidents."""
    statements = []
    condition = f"WHERE {where}" if where else ""
    for table, keys in zip((DAY, CELL), _keys(vendor, "r", release_key_sql(vendor, "r.id")), strict=True):
        names = ", ".join(name for name, _ in keys)
        columns = ", ".join(f"{sql} AS {name}" for name, sql in keys)
        sums = ", ".join(f"{sign} * SUM({name})" for name in SUMS)
        update = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in ("count", *SUMS))
        statements.append(
            f"INSERT INTO {table} ({names}, count, {', '.join(SUMS)}) "
            f"SELECT * FROM (SELECT {names}, {sign} * COUNT(*), {sums} FROM "
            f"(SELECT {columns}, {', '.join(f'r.{name} AS {name}' for name in SUMS)} FROM {INCIDENT} r {condition}) "
            f"AS incident_rows GROUP BY {names}) AS grouped WHERE true "
            f"ON CONFLICT ({names}) DO UPDATE SET {update}"
        )
    if sign > 0:
        v = _vendor_sql(vendor)
        statements.append(
            f"INSERT INTO {EXTENT} (mission_id, min_lon, min_lat, max_lon, max_lat) "
            f"SELECT * FROM (SELECT mission_id, MIN(lon), MIN(lat), MAX(lon), MAX(lat) FROM {INCIDENT} r "
            f"{condition} GROUP BY mission_id) AS grouped WHERE true ON CONFLICT (mission_id) DO UPDATE SET "
            f"min_lon = {v['least']}({EXTENT}.min_lon, excluded.min_lon), "
            f"min_lat = {v['least']}({EXTENT}.min_lat, excluded.min_lat), "
            f"max_lon = {v['greatest']}({EXTENT}.max_lon, excluded.max_lon), "
            f"max_lat = {v['greatest']}({EXTENT}.max_lat, excluded.max_lat)"
        )
    return statements


def extent_sql(vendor: str, r: str, source: str) -> str:
    """A statement growing the mission's extent to hold incident `r`."""
    v = _vendor_sql(vendor)
    return (f"INSERT INTO {EXTENT} (mission_id, min_lon, min_lat, max_lon, max_lat) "
            f"SELECT {r}.mission_id, {r}.lon, {r}.lat, {r}.lon, {r}.lat {source} "
            f"ON CONFLICT (mission_id) DO UPDATE SET "
            f"min_lon = {v['least']}({EXTENT}.min_lon, excluded.min_lon), "
            f"min_lat = {v['least']}({EXTENT}.min_lat, excluded.min_lat), "
            f"max_lon = {v['greatest']}({EXTENT}.max_lon, excluded.max_lon), "
            f"max_lat = {v['greatest']}({EXTENT}.max_lat, excluded.max_lat)")


def _sqlite_triggers() -> list[str]:
    vendor = "sqlite"
    own = "WHERE true"  # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT
    row = f"FROM {INCIDENT} r WHERE r.id = {{ref}}.incident_id"

    def body(statements):
        return " ".join(s + ";" for s in statements)

    watched = ", ".join(WATCHED)
    return [
        f"CREATE TRIGGER incident_tally_insert AFTER INSERT ON {INCIDENT} BEGIN "
        + body([*add_sql(vendor, "NEW", 1, release_key_sql(vendor, "NEW.id"), own),
                extent_sql(vendor, "NEW", own)]) + " END",
        f"CREATE TRIGGER incident_tally_update AFTER UPDATE OF {watched} ON {INCIDENT} BEGIN "
        + body([*add_sql(vendor, "OLD", -1, release_key_sql(vendor, "OLD.id"), own),
                *add_sql(vendor, "NEW", 1, release_key_sql(vendor, "NEW.id"), own),
                extent_sql(vendor, "NEW", own)]) + " END",
        f"CREATE TRIGGER incident_tally_delete AFTER DELETE ON {INCIDENT} BEGIN "
        + body(add_sql(vendor, "OLD", -1, release_key_sql(vendor, "OLD.id"), own)) + " END",
        f"CREATE TRIGGER incident_release_insert AFTER INSERT ON {RELEASE} BEGIN "
        + body([*add_sql(vendor, "r", -1, release_key_sql(vendor, "r.id", minus="NEW.organisation_id"),
                         row.format(ref="NEW")),
                *add_sql(vendor, "r", 1, release_key_sql(vendor, "r.id"), row.format(ref="NEW"))]) + " END",
        f"CREATE TRIGGER incident_release_delete AFTER DELETE ON {RELEASE} BEGIN "
        + body([*add_sql(vendor, "r", -1, release_key_sql(vendor, "r.id", plus="OLD.organisation_id"),
                         row.format(ref="OLD")),
                *add_sql(vendor, "r", 1, release_key_sql(vendor, "r.id"), row.format(ref="OLD"))]) + " END",
    ]


def _postgresql_triggers() -> list[str]:
    vendor = "postgresql"
    row = f"FROM {INCIDENT} r WHERE r.id = {{ref}}.incident_id"

    def block(statements):
        return " ".join(s + ";" for s in statements)

    watched = ", ".join(WATCHED)
    incident_function = (
        "CREATE OR REPLACE FUNCTION peaceops_incident_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF EXISTS (SELECT 1 FROM {PAUSE}) THEN RETURN NULL; END IF; "
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
        + block(add_sql(vendor, "OLD", -1, release_key_sql(vendor, "OLD.id"), "")) + " END IF; "
        "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        + block([*add_sql(vendor, "NEW", 1, release_key_sql(vendor, "NEW.id"), ""), extent_sql(vendor, "NEW", "")])
        + " END IF; RETURN NULL; END $$"
    )
    # BEFORE, not AFTER: PostgreSQL runs AFTER row triggers at the end of the statement, when every row of a
    # many-row insert is already visible; a BEFORE row trigger sees the list as it was before this very row.
    release_function = (
        "CREATE OR REPLACE FUNCTION peaceops_release_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF EXISTS (SELECT 1 FROM {PAUSE}) THEN IF TG_OP = 'INSERT' THEN RETURN NEW; END IF; RETURN OLD; END IF; "
        "IF TG_OP = 'INSERT' THEN "
        + block([*add_sql(vendor, "r", -1, release_key_sql(vendor, "r.id"), row.format(ref="NEW")),
                 *add_sql(vendor, "r", 1, release_key_sql(vendor, "r.id", plus="NEW.organisation_id"),
                          row.format(ref="NEW"))])
        + " RETURN NEW; ELSE "
        + block([*add_sql(vendor, "r", -1, release_key_sql(vendor, "r.id"), row.format(ref="OLD")),
                 *add_sql(vendor, "r", 1, release_key_sql(vendor, "r.id", minus="OLD.organisation_id"),
                          row.format(ref="OLD"))])
        + " RETURN OLD; END IF; END $$"
    )
    return [
        incident_function,
        release_function,
        f"CREATE TRIGGER incident_tally_insert AFTER INSERT ON {INCIDENT} FOR EACH ROW "
        "EXECUTE FUNCTION peaceops_incident_tally()",
        f"CREATE TRIGGER incident_tally_update AFTER UPDATE OF {watched} ON {INCIDENT} FOR EACH ROW "
        "EXECUTE FUNCTION peaceops_incident_tally()",
        f"CREATE TRIGGER incident_tally_delete AFTER DELETE ON {INCIDENT} FOR EACH ROW "
        "EXECUTE FUNCTION peaceops_incident_tally()",
        f"CREATE TRIGGER incident_release_change BEFORE INSERT OR DELETE ON {RELEASE} FOR EACH ROW "
        "EXECUTE FUNCTION peaceops_release_tally()",
    ]


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    triggers = _sqlite_triggers() if vendor == "sqlite" else _postgresql_triggers()
    for statement in [*fill_sql(vendor), *triggers]:
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for name in ("incident_tally_insert", "incident_tally_update", "incident_tally_delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if vendor == "sqlite" else f" ON {INCIDENT}"),
                              params=None)
    if vendor == "sqlite":
        for name in SQLITE_TRIGGERS[3:]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS incident_release_change ON {RELEASE}", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS peaceops_incident_tally()", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS peaceops_release_tally()", params=None)


@contextmanager
def paused():
    """Stand the per-row triggers aside inside the current transaction (the caller adjusts the tallies with
    `adjust`). Must be used inside transaction.atomic().

    SQLite: the triggers are dropped and created again inside the transaction (DDL is transactional there, and
    no other connection can write meanwhile). Merely skipping them would not do: a statement on a table with
    triggers keeps a statement journal, which costs more than the triggers themselves on the wide indexes.
    PostgreSQL: a TallyPause row, which only this transaction sees, makes the trigger functions return at once
    (DDL there would lock readers out of the table)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        yield
        with connection.cursor() as cursor:
            for statement in _sqlite_triggers():
                cursor.execute(statement)
        return
    from .tally_models import TallyPause

    pause = TallyPause.objects.create()
    yield
    # Not in a `finally`: on an error the surrounding atomic block rolls the pause row back with everything
    # else (and on PostgreSQL no statement may run in the failed transaction).
    pause.delete()


def adjust(incident_ids: list, sign: int, chunk: int = 2000) -> None:
    """Add (sign 1) or take out (-1) the stored incidents with these ids (database form) to or from the
    tallies, as they are now: call with -1 before changing them and with 1 after. Within `Deferred`,
    incidents inserted since it began are left out (they are added once, at its end)."""
    from django.db import connection

    left_out = Deferred.left_out()
    with connection.cursor() as cursor:
        for start in range(0, len(incident_ids), chunk):
            part = list(incident_ids[start:start + chunk])
            if connection.vendor == "postgresql":  # one array parameter: a query of 2,000 placeholders is
                where, params = "r.id = ANY(%s)", [part]  # composed and parsed anew each time there
            else:
                where, params = f"r.id IN ({', '.join(['%s'] * len(part))})", part
            for statement in grouped_sql(connection.vendor, where + left_out, sign):
                cursor.execute(statement, params)


class Deferred:
    """A bulk load's new incidents joining the tallies once, at its end (inside the load's one transaction):
    one grouped statement per tally over all of them instead of grouped statements per batch, each tally row
    then written once (on PostgreSQL, the same tally rows updated batch after batch in one transaction grew
    ever longer version chains: most of the server's time in a first load). While it runs, `adjust` leaves out
    the incidents inserted since it began, so an incident created and then changed by the same load is counted
    once, as it is at the end. Which incidents those are:

    SQLite: those with a rowid above the largest at the start (rowids grow; the load holds the database's one
    write lock). PostgreSQL: those whose ids the batches note (`new`) in a temporary table of this
    transaction; a batch rolled back to its savepoint takes its notes with it."""

    after_rowid: int | None = None  # SQLite: the largest rowid when the load began
    noting: bool = False  # PostgreSQL: the batches note their new incidents in TABLE
    TABLE = "peaceops_deferred_incidents"

    def __init__(self):
        self.started = False

    @classmethod
    def active(cls) -> bool:
        return cls.after_rowid is not None or cls.noting

    @classmethod
    def left_out(cls) -> str:
        """SQL (on alias r, starting with AND) leaving out the incidents deferred so far; '' when none are."""
        if cls.after_rowid is not None:
            return f" AND r.rowid <= {int(cls.after_rowid)}"
        if cls.noting:
            return f" AND NOT EXISTS (SELECT 1 FROM {cls.TABLE} d WHERE d.id = r.id)"
        return ""

    @classmethod
    def new(cls, incident_ids: list) -> list:
        """The ids of a batch's new incidents to add to the tallies now: none while deferred (on PostgreSQL
        they are noted for `finish`)."""
        if cls.after_rowid is not None:
            return []
        if not cls.noting:
            return list(incident_ids)
        if incident_ids:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {cls.TABLE} (id) SELECT unnest(%s::uuid[])",
                               [[str(i) for i in incident_ids]])
        return []

    def start(self) -> None:
        from django.db import connection

        if self.active() or not connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM {INCIDENT}")
                Deferred.after_rowid = cursor.fetchone()[0]
            elif connection.vendor == "postgresql":
                cursor.execute(f"CREATE TEMPORARY TABLE {self.TABLE} (id uuid PRIMARY KEY) ON COMMIT DROP")
                Deferred.noting = True
            else:
                return
        self.started = True

    def finish(self) -> None:
        """Add the incidents inserted since `start` to the tallies (also after an error: the load's batches
        that were written are committed)."""
        from django.db import connection

        if not self.started:
            return
        after, Deferred.after_rowid = Deferred.after_rowid, None
        Deferred.noting = False
        self.started = False
        if connection.needs_rollback:  # the load's transaction is rolled back whole, the table with it
            return
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for statement in grouped_sql(connection.vendor, "r.rowid > %s", 1):
                    cursor.execute(statement, [after])
                return
            cursor.execute(f"ANALYZE {self.TABLE}")  # the planner knows nothing of a temporary table's rows
            for statement in grouped_sql(connection.vendor, f"r.id IN (SELECT id FROM {self.TABLE})", 1):
                cursor.execute(statement)
            cursor.execute(f"DROP TABLE {self.TABLE}")
