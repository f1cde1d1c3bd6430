"""The database side of the ledger, per vendor: triggers that refuse UPDATE and DELETE of ledger entries, and
(PostgreSQL) the ledger lock every change-log writer takes.

PostgreSQL draws change-log ids from a sequence outside transactions; so that the ledger can cover "every
change-log entry this transaction wrote" by id (`services.record_changes`), a statement trigger on the change
log takes the ledger's advisory lock before any change-log row is inserted, and holds it to the end of the
transaction. Change-log writers are thereby serialised exactly as on SQLite, where the one writer lock does it.
"""

#: The PostgreSQL advisory lock (transaction scope) every ledger append and change-log insert takes.
LOCK_KEY = int.from_bytes(b"POLEDGER", "big")

_SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS ledger_entry_no_update BEFORE UPDATE ON ledger_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS ledger_entry_no_delete BEFORE DELETE ON ledger_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: DELETE refused'); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_update",
    "DROP TRIGGER IF EXISTS ledger_entry_no_delete",
]

_POSTGRESQL_INSTALL = [
    "CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION USING MESSAGE = 'ledger entries are append-only: ' || TG_OP || ' refused', "
    "ERRCODE = '23000'; END $$",
    "CREATE OR REPLACE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_ledgerentry "
    "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
    "CREATE OR REPLACE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_ledgerentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()",
    "CREATE OR REPLACE FUNCTION ledger_lock_for_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER ledger_changelog_lock BEFORE INSERT ON core_changelogentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_lock_for_changes()",
]
_POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_ledgerentry",
    "DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON ledger_ledgerentry",
]
_POSTGRESQL_UNINSTALL = [
    *_POSTGRESQL_DROP,
    "DROP TRIGGER IF EXISTS ledger_changelog_lock ON core_changelogentry",
    "DROP FUNCTION IF EXISTS ledger_lock_for_changes()",
    "DROP FUNCTION IF EXISTS ledger_refuse_change()",
]


def install_sql(vendor: str) -> list[str]:
    """Statements that install the ledger's triggers."""
    return {"sqlite": _SQLITE_INSTALL, "postgresql": _POSTGRESQL_INSTALL}.get(vendor, [])


def guard_drop_sql(vendor: str) -> list[str]:
    """Statements that drop only the append-only guards (what a database owner could do; tests use it)."""
    return {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRESQL_DROP}.get(vendor, [])


def uninstall_sql(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRESQL_UNINSTALL}.get(vendor, [])


def install(apps=None, schema_editor=None) -> None:
    """Migration step: install the triggers on the migrated database."""
    for sql in install_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def uninstall(apps=None, schema_editor=None) -> None:
    for sql in uninstall_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)
