"""Benchmark: import rate (incidents/s) and peak memory, for UCDP GED and a synthetic PeaceOps CSV.

    python bench/bench_import.py [--n 1000000] [--skip-ged] [--repeat 3] [--bulk] [--compare-old 100000]
                                 [--every 100000]

With --repeat, the synthetic file is imported that many times, each into a fresh mission of the same database
(so later runs write into larger tables), alternating with the DuckDB parse; medians are reported, with the
CPU seconds of the importing process (the machines are shared) and the bytes it wrote. A --bulk load drops
indexes only while the tables are small: use --repeat 1 (and a fresh --db) for --bulk figures.

Writes into a fresh SQLite database under var/bench/ (or PEACEOPS_BENCH_DATABASE_URL). Baseline in the same
process: DuckDB reading the same CSV (parse only), so the ratio says how far PeaceOps' validated, enriched,
change-logged import is from raw columnar parsing on this machine.

--compare-old N: afterwards, import an N-row synthetic file alternately with the old path (creation entries
with their snapshot) and the new (without; docs/decisions/creation-entries-without-snapshot.md), each into a
fresh mission, --compare-runs times each; medians and the ratio. PostgreSQL: set PEACEOPS_BENCH_DATABASE_URL
to an empty database (the inserts go in with COPY).
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

from common import ROOT, peak_rss_mb, report, setup_django

VAR = ROOT / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic rows (default 1M)")
    parser.add_argument("--skip-ged", action="store_true")
    parser.add_argument("--db", default=str(VAR / "import.sqlite3"))
    parser.add_argument("--bulk", action="store_true", help="load the synthetic file in bulk mode (--bulk)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="import the synthetic file this many times, each into a fresh mission, alternating "
                             "with the DuckDB parse; report medians (the machine is shared)")
    parser.add_argument("--compare-old", type=int, default=0, metavar="N",
                        help="then import N rows alternately with the old path (creation snapshots) and the new")
    parser.add_argument("--compare-runs", type=int, default=2, help="runs of each path for --compare-old")
    parser.add_argument("--skip-reimport", action="store_true", help="skip the re-import of the main file")
    parser.add_argument("--every", type=int, default=0, metavar="ROWS",
                        help="print rows/s (wall and per CPU s) and resident memory every ROWS rows of each import")
    parser.add_argument("--compare-tallies", action="store_true",
                        help="also import the file with the tally triggers removed, to measure their cost")
    args = parser.parse_args()

    setup_django(Path(args.db), fresh=True)
    from bench_world import make_world
    from synthetic import write_csv

    from peaceops.incidents.importing import import_incidents

    world = make_world()
    rows = []
    if not args.skip_ged:
        for name in ("ged231_car_1991_2020.csv.gz", "ged_syria_2016_2018.csv.gz"):
            path = ROOT / "tests" / "fixtures" / "ucdp" / name
            result = import_incidents(path, format="ucdp-ged", mission=world.ged_mission, acting_user=None,
                                      owner=world.owner, progress=False)
            rows.append((f"UCDP GED {name}", f"{result.read} rows, {result.created} created, "
                         f"{result.rejected} rejected in {result.seconds:.2f} s = "
                         f"{result.created / result.seconds:,.0f} incidents/s"))

    VAR.mkdir(parents=True, exist_ok=True)
    csv_path = VAR / f"synthetic_{args.n}.csv"
    if not csv_path.exists():
        start = time.perf_counter()
        write_csv(csv_path, args.n)
        rows.append(("synthetic file written", f"{time.perf_counter() - start:.1f} s ({csv_path.stat().st_size / 1e6:.0f} MB)"))

    import duckdb

    runs = []  # (import seconds, CPU seconds, created, DuckDB seconds, bytes written)
    rss_before = peak_rss_mb()
    checkpoints = _Checkpoints(args.every)
    for i in range(args.repeat):
        start = time.perf_counter()
        duck_rows = duckdb.connect().execute(f"select count(*) from read_csv('{csv_path}', header=true)").fetchone()[0]
        duck_seconds = time.perf_counter() - start
        mission = world.mission if i == 0 else _fresh_mission(f"BENCH{i}")
        cpu, written = time.process_time(), _bytes_written()
        with checkpoints:
            result = import_incidents(csv_path, format="csv", mission=mission, acting_user=None,
                                      owner=world.owner, progress=args.repeat == 1 and not args.every,
                                      batch_size=2000, bulk=args.bulk)
        runs.append((result.seconds, time.process_time() - cpu, result.created, duck_seconds,
                     _bytes_written() - written))
        print(f"run {i + 1}: {result.created:,} created, {result.rejected} rejected in {result.seconds:.1f} s = "
              f"{result.created / result.seconds:,.0f} incidents/s; CPU {runs[-1][1]:.1f} s; DuckDB "
              f"{duck_seconds:.2f} s; load average {os.getloadavg()[0]:.1f}", flush=True)
    seconds = statistics.median(r[0] for r in runs)
    rate = statistics.median(r[2] / r[0] for r in runs)
    cpu_rate = statistics.median(r[2] / r[1] for r in runs)
    duck = statistics.median(r[3] for r in runs)
    rows += [
        (f"synthetic CSV, {args.n:,} rows{' (--bulk)' if args.bulk else ''}, median of {len(runs)}",
         f"{rate:,.0f} incidents/s ({seconds:.1f} s); {cpu_rate:,.0f} incidents per CPU second; "
         f"{statistics.median(r[4] for r in runs) / max(args.n, 1) / 1000:.1f} KB written per row"),
        ("peak RSS during import", f"{peak_rss_mb():.0f} MB (before: {rss_before:.0f} MB)"),
        ("baseline DuckDB parse of the same CSV (median, alternating with the imports)",
         f"{duck_rows:,} rows in {duck:.2f} s = {duck_rows / duck:,.0f} rows/s; PeaceOps import is "
         f"{seconds / duck:.0f}x slower"),
        ("load average (1, 5, 15 min) at the end", ", ".join(f"{x:.1f}" for x in os.getloadavg())),
    ]
    if not args.skip_reimport:
        start = time.perf_counter()
        again = import_incidents(csv_path, format="csv", mission=world.mission, acting_user=None,
                                 owner=world.owner, progress=False)
        rows.append(("re-import of the same file (idempotent)",
                     f"{again.unchanged:,} unchanged, {again.created} created, {again.updated} updated in "
                     f"{time.perf_counter() - start:.1f} s = {again.read / again.seconds:,.0f} rows/s"))
    if args.compare_old:
        rows += _old_against_new(args.compare_old, args.compare_runs, world, bulk=args.bulk)
    if args.compare_tallies:
        rows.append(_without_tallies(csv_path, world, rate))
    report("Import", rows)


def _old_against_new(n: int, runs: int, world, *, bulk: bool) -> list[tuple[str, str]]:
    """The same n-row file imported alternately by the old path (creation entries with their snapshot) and the
    new, each into a fresh mission: medians of incidents/s (wall and CPU) and the ratio."""
    from dataclasses import replace

    from synthetic import write_csv

    from peaceops.incidents import batch
    from peaceops.incidents.importing import import_incidents

    modes = {True: replace(batch.IMPORT, creation_snapshots=True), False: batch.IMPORT}

    path = VAR / f"synthetic_{n}.csv"
    if not path.exists():
        write_csv(path, n)
    rates: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for i in range(runs * 2):
        old = i % 4 in (0, 3)  # old, new, new, old, ...
        batch.IMPORT = modes[old]
        mission = _fresh_mission(f"CMP{i}")
        cpu = time.process_time()
        result = import_incidents(path, format="csv", mission=mission, acting_user=None, owner=world.owner,
                                  progress=False, batch_size=2000, bulk=bulk)
        cpu = time.process_time() - cpu
        rates[old].append((result.created / result.seconds, result.created / cpu))
        print(f"compare run {i + 1} ({'old' if old else 'new'}): {result.created:,} in {result.seconds:.1f} s = "
              f"{result.created / result.seconds:,.0f}/s, {result.created / cpu:,.0f} per CPU s; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
    batch.IMPORT = modes[False]
    old_wall = statistics.median(r[0] for r in rates[True])
    new_wall = statistics.median(r[0] for r in rates[False])
    old_cpu = statistics.median(r[1] for r in rates[True])
    new_cpu = statistics.median(r[1] for r in rates[False])
    return [(f"old path (creation snapshots) against new, {n:,} rows, alternating, {runs} runs each (medians)",
             f"old {old_wall:,.0f}/s ({old_cpu:,.0f} per CPU s), new {new_wall:,.0f}/s ({new_cpu:,.0f} per CPU s):"
             f" ratio {new_wall / old_wall:.2f} wall, {new_cpu / old_cpu:.2f} CPU")]


class _Checkpoints:
    """Every `every` rows an import hands its writer: the rate of those rows (wall and per CPU second of this
    process), the current and peak resident memory, the blocks Python has allocated (a flat stream keeps
    them level; the resident memory also holds SQLite's page cache and memory-mapped pages, which grow with
    the database up to PEACEOPS_SQLITE_CACHE_MB and PEACEOPS_SQLITE_MMAP_MB), and the load average."""

    def __init__(self, every: int):
        self.every = every

    def __enter__(self) -> "_Checkpoints":
        if not self.every:
            return self
        from peaceops.incidents import importing as importer

        self.module, self.original = importer, importer.import_batch
        self.rows, self.next = 0, self.every
        self.mark = (time.perf_counter(), time.process_time(), 0)

        def counted(rows, **kwargs):
            result = self.original(rows, **kwargs)
            self.rows += len(rows)
            if self.rows >= self.next:
                self._print()
                self.next += self.every
            return result

        importer.import_batch = counted
        return self

    def _print(self) -> None:
        wall, cpu, rows = time.perf_counter(), time.process_time(), self.rows
        done = rows - self.mark[2]
        print(f"  {rows:>9,} rows: last {done:,} at {done / (wall - self.mark[0]):,.0f}/s wall, "
              f"{done / (cpu - self.mark[1]):,.0f} per CPU s; RSS {_rss_mb():.0f} MB (peak {peak_rss_mb():.0f} MB), "
              f"Python objects {sys.getallocatedblocks() / 1e6:.2f}M; load average {os.getloadavg()[0]:.1f}",
              flush=True)
        self.mark = (wall, cpu, rows)

    def __exit__(self, *exc) -> None:
        if self.every:
            self.module.import_batch = self.original


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux), else 0."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _fresh_mission(code: str):
    """Another mission with the benchmark mission's boundaries (for repeated runs)."""
    from bench_world import ROOT as _root

    from peaceops.core.services import create_mission
    from peaceops.geo.loaders import load_boundaries

    mission = create_mission(code=code, name=f"Benchmark mission {code}")
    boundaries = _root / "peaceops" / "demo" / "data" / "boundaries"
    for level in (0, 1, 2):
        load_boundaries(next(boundaries.glob(f"cgaz_XKX_ADM{level}.geojson*")), mission=mission, level=level)
    from bench_world import take_part

    from peaceops.core.models import Organisation

    take_part(mission, *Organisation.objects.filter(code__in=["UNMIK", "KFOR"]))
    return mission


def _bytes_written() -> int:
    """Bytes this process has caused to be written to disk so far (Linux), else 0."""
    try:
        for line in open("/proc/self/io"):
            if line.startswith("write_bytes"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _without_tallies(csv_path, world, rate_with: float) -> tuple[str, str]:
    """The same file into a fresh mission with no tally upkeep (triggers removed, the batch's grouped update
    skipped), then put back and recounted: what keeping the tallies costs the import."""
    from django.db import connection

    from peaceops.core.services import create_mission
    from peaceops.incidents import tally_sql
    from peaceops.incidents.importing import import_incidents
    from peaceops.incidents.models import CellMonthTally, DayTally, IncidentExtent

    other = create_mission(code="BENCH2", name="Benchmark mission without tallies")
    with connection.schema_editor() as editor:
        tally_sql.uninstall(editor)
    adjust, paused = tally_sql.adjust, tally_sql.paused  # the batch's grouped update, too
    tally_sql.adjust, tally_sql.paused = (lambda ids, sign: None), contextlib.nullcontext
    try:
        result = import_incidents(csv_path, format="csv", mission=other, acting_user=None, owner=world.owner,
                                  progress=False, batch_size=2000)
    finally:
        tally_sql.adjust, tally_sql.paused = adjust, paused
        for model in (DayTally, CellMonthTally, IncidentExtent):
            model.objects.all().delete()
        with connection.schema_editor() as editor:
            tally_sql.install(editor)
    rate = result.created / result.seconds
    return ("same file, tally triggers removed (fresh mission)",
            f"{rate:,.0f} incidents/s: the triggers cost {100 * (1 - rate_with / rate):.0f}% of the import rate")


if __name__ == "__main__":
    main()
