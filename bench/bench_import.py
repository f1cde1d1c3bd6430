"""Benchmark: import rate (incidents/s) and peak memory, for UCDP GED and a synthetic PeaceOps CSV.

    python bench/bench_import.py [--n 1000000] [--skip-ged]

Writes into a fresh SQLite database under var/bench/ (or PEACEOPS_BENCH_DATABASE_URL). Baseline in the same
process: DuckDB reading the same CSV (parse only), so the ratio says how far PeaceOps' validated, enriched,
change-logged import is from raw columnar parsing on this machine.
"""

import argparse
import time
from pathlib import Path

from common import ROOT, peak_rss_mb, report, setup_django

VAR = ROOT / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic rows (default 1M)")
    parser.add_argument("--skip-ged", action="store_true")
    parser.add_argument("--db", default=str(VAR / "import.sqlite3"))
    args = parser.parse_args()

    setup_django(Path(args.db), fresh=True)
    from bench_world import make_world
    from synthetic import write_csv

    from peaceops.interop.importer import import_incidents

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

    start = time.perf_counter()
    duck_rows = duckdb.connect().execute(f"select count(*) from read_csv('{csv_path}', header=true)").fetchone()[0]
    duck_seconds = time.perf_counter() - start

    rss_before = peak_rss_mb()
    result = import_incidents(csv_path, format="csv", mission=world.mission, acting_user=None,
                              owner=world.owner, progress=True, batch_size=2000)
    rate = result.created / result.seconds
    rows += [
        (f"synthetic CSV, {args.n:,} rows", f"{result.created:,} created, {result.rejected} rejected in "
         f"{result.seconds:.1f} s = {rate:,.0f} incidents/s"),
        ("peak RSS during import", f"{peak_rss_mb():.0f} MB (before: {rss_before:.0f} MB)"),
        ("baseline DuckDB parse of the same CSV", f"{duck_rows:,} rows in {duck_seconds:.2f} s = "
         f"{duck_rows / duck_seconds:,.0f} rows/s; PeaceOps import is {duck_seconds and (result.seconds / duck_seconds):.0f}x slower"),
    ]
    start = time.perf_counter()
    again = import_incidents(csv_path, format="csv", mission=world.mission, acting_user=None,
                             owner=world.owner, progress=False)
    rows.append(("re-import of the same file (idempotent)",
                 f"{again.unchanged:,} unchanged, {again.created} created, {again.updated} updated in "
                 f"{time.perf_counter() - start:.1f} s = {again.read / again.seconds:,.0f} rows/s"))
    report("Import", rows)


if __name__ == "__main__":
    main()
