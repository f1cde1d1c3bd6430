"""How deep the tests' sweeps go, per database: the full sweep on SQLite (the default run), a sample on
PostgreSQL (whose run must stay under ten minutes on two cores); both runs say which in pytest's header.

- `examples(full)`: hypothesis/schemathesis examples per test: `full` on SQLite, a third of it on PostgreSQL;
  `PEACEOPS_FUZZ_EXAMPLES` sets it on both (a deeper run).
- `sweep(values, key, keep)`: the values a parameter is tried with: all of them on SQLite; on PostgreSQL the
  `keep` values (those a test asserts about) and every third other value, starting at an offset taken from
  `key` (the parameter's name), so that, across parameters, every value is still tried.
- `own_database`: a pytest mark for a test that runs `peaceops` in processes of its own on an embedded SQLite
  database of their own, whatever the run's database: the PostgreSQL run would only repeat it, so it runs in
  the SQLite run (and on PostgreSQL with PEACEOPS_FULL_SWEEPS=1).
The code paths under test are the same on both databases; the SQLite run is the exhaustive one.
"""

import os
import zlib

SAMPLE_EVERY = 3


def sampled() -> bool:
    """Whether this run samples (PostgreSQL, unless PEACEOPS_FULL_SWEEPS=1)."""
    from django.conf import settings

    if os.environ.get("PEACEOPS_FULL_SWEEPS") == "1":
        return False
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def examples(full: int) -> int:
    given = os.environ.get("PEACEOPS_FUZZ_EXAMPLES")
    if given:
        return int(given)
    return max(1, full // SAMPLE_EVERY) if sampled() else full


def sweep(values, key: str = "", keep=()) -> list:
    values = list(values)
    if not sampled():
        return values
    offset = zlib.crc32(key.encode()) % SAMPLE_EVERY
    others = [v for v in values if v not in keep]
    return [v for v in values if v in keep] + others[offset::SAMPLE_EVERY]


def own_database():
    """The mark of a test on a SQLite database of its own (see the module's docstring)."""
    import pytest

    return pytest.mark.skipif(sampled(), reason="runs on a SQLite database of its own: run in the SQLite run "
                                                "(PEACEOPS_FULL_SWEEPS=1 runs it here too)")


def describe() -> str:
    """The line pytest prints in its header."""
    if sampled():
        return (f"sweeps: sampled on PostgreSQL (1 value in {SAMPLE_EVERY}, {examples(25)} fuzz examples per "
                f"test); PEACEOPS_FULL_SWEEPS=1 for the full sweep")
    return f"sweeps: full ({examples(25)} fuzz examples per test)"
