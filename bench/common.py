"""Shared helpers for benchmarks: an isolated database, the machine description, timing statistics.

Benchmarks are scripts, not tests: `python bench/<name>.py [--n N]`. Each prints its figures and the machine.
"""

import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path: Path | None = None, fresh: bool = False) -> None:
    """Point Django at a benchmark SQLite file (or PEACEOPS_BENCH_DATABASE_URL) and migrate it."""
    if db_path is not None and "PEACEOPS_BENCH_DATABASE_URL" not in os.environ:
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["PEACEOPS_DATABASE_URL"] = f"sqlite:///{db_path}"
    elif "PEACEOPS_BENCH_DATABASE_URL" in os.environ:
        os.environ["PEACEOPS_DATABASE_URL"] = os.environ["PEACEOPS_BENCH_DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def machine() -> str:
    """One line describing the machine: CPU model, cores, memory, Python, SQLite."""
    import sqlite3

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}; {os.cpu_count()} cores; {mem_gb:.0f} GiB; Python {platform.python_version()}; "
            f"SQLite {sqlite3.sqlite_version}")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, repeat: int) -> list[float]:
    """Run fn `repeat` times; the wall times in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times_ms: list[float]) -> dict:
    """Median and p95 of a list of timings."""
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median_ms": statistics.median(ordered), "p95_ms": p95, "n": len(ordered)}


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n## {title}")
    print(f"machine: {machine()}")
    for name, value in rows:
        print(f"- {name}: {value}")
