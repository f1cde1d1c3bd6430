"""Running `peaceops worker` in processes of its own against the test's database, as an operator runs it.

The test database is shared with the worker processes: on PostgreSQL the test database itself (the test is
transactional, so what it writes is committed); on SQLite (in memory for tests) a copy in a file, made after
the test has written what the worker needs (`SharedDatabase.open`). The test reads what the workers did with
plain SQL on that database. Every wait polls with a generous deadline (a busy 2-core machine), never sleeps a
fixed time.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
#: Seconds a wait may take before the test fails (start-up of a Django process on a loaded machine included).
DEADLINE = 120.0


def wait_for(condition, what: str, deadline: float = DEADLINE, every: float = 0.1):
    """Poll `condition()` until it returns something true; fail naming `what` after `deadline` seconds."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline:.0f}s waiting for {what}")
        time.sleep(every)


class SharedDatabase:
    """The database the test and its worker processes share: its URL for the workers, and `rows(sql)`."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        self.file = tmp_path / "worker.sqlite3"

    def open(self) -> "SharedDatabase":
        """Make what the test wrote so far visible to worker processes (SQLite: copy it to a file)."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()
        return self

    @property
    def url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def rows(self, sql: str, params=()) -> list[tuple]:
        """The rows of a query (with %s placeholders) as the workers see them now."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.file, timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def value(self, sql: str, params=()):
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None


class WorkerProcess:
    """One `peaceops worker` process, its output in a log file."""

    def __init__(self, database: SharedDatabase, log: Path, *options: str):
        env = {**os.environ, "PEACEOPS_DATABASE_URL": database.url, "PEACEOPS_TASKS_BACKEND": "database",
               "PYTHONPATH": str(ROOT), "PEACEOPS_FORECAST_THREADS": "1"}
        self.log = log
        self._out = log.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "peaceops.cli", "worker", *options], cwd=ROOT,
                                        env=env, stdout=self._out, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text()

    def kill(self) -> None:
        """kill -9: no chance to finish anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=DEADLINE)

    def stop(self) -> int:
        """SIGTERM, as systemd stops it; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=DEADLINE)
        finally:
            self._out.close()
