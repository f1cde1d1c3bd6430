"""One writing transaction at a time per process on SQLite, queued in Python rather than in SQLite's lock.

SQLite lets one connection write at a time; the others wait in its busy handler, which sleeps and polls (up to
100 ms between tries), so under a burst of concurrent posts a waiting request may sleep many times while new
arrivals take the lock: long, unfair waits (seconds at the 95th percentile, docs/benchmarks.md). Threads that
queue on a lock here instead are woken as soon as the writer before them is done, and do not take CPU from it
while they wait. Other processes (the worker, a second server process) still meet SQLite's own lock.

    with one_writer(), transaction.atomic():
        ...

On other databases (PostgreSQL: row locks, many writers) it does nothing.
"""

import threading
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

_gate = threading.RLock()


@contextmanager
def one_writer(using: str = DEFAULT_DB_ALIAS):
    """Hold the process's SQLite writer gate for the block (re-entrant; nothing on other databases)."""
    if connections[using].vendor != "sqlite":
        yield
        return
    with _gate:
        yield
