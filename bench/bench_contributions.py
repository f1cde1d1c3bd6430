"""Benchmark: importing the UN's yearly contributions table (47,057 rows, 2010-2019) with the `un-contributions`
format of `force.contribution`, then again (nothing changes), and the January 2021 ranking.

    python bench/bench_contributions.py [--file PATH] [--batch-size 500] [--profile]

Writes into a fresh SQLite database under var/bench/ (or PEACEOPS_BENCH_DATABASE_URL), as a system import
owned by UNMIK in mission BENCH. Prints rows read, created, unchanged, rejected, skipped, seconds (wall and CPU
of this process: the machines are shared), peak memory and the machine. Baseline: reading the same file with
the csv module alone (parse only).
"""

import argparse
import csv
import time
from pathlib import Path

from common import ROOT, peak_rss_mb, report, setup_django

SHARED = Path("/work/shared/data/un_pk_contributions")
YEARLY = SHARED / "contributions_country_mission_year_2010_2019.csv"
RANK = SHARED / "rank_uniformed_personnel_snapshot_2021-01-31.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", default=str(YEARLY))
    parser.add_argument("--rank", default=str(RANK))
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "contributions.sqlite3"))
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="print the 25 most costly functions of the import")
    args = parser.parse_args()

    setup_django(Path(args.db), fresh=True)
    from peaceops.core.choices import OrganisationType
    from peaceops.core.services import create_mission, create_organisation, enrol_organisation
    from peaceops.force.services import ContributionService
    from peaceops.interop.records import import_records

    mission = create_mission(code="BENCH", name="Benchmark mission")
    owner = create_organisation(code="UNMIK", name="UNMIK", type=OrganisationType.UN_COMPONENT)
    enrol_organisation(mission=mission, organisation=owner)

    def load(path, fmt):
        started, cpu = time.perf_counter(), time.process_time()
        result = import_records(ContributionService(), path, format=fmt, mission=mission, acting_user=None,
                                owner=owner, system=True, batch_size=args.batch_size)
        return result, time.perf_counter() - started, time.process_time() - cpu

    started = time.perf_counter()
    with open(args.file, encoding="utf-8-sig", newline="") as handle:
        parsed = sum(1 for _ in csv.DictReader(handle))
    parse_s = time.perf_counter() - started

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        first, wall, cpu = profiler.runcall(load, args.file, "un-contributions")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        first, wall, cpu = load(args.file, "un-contributions")
    again, wall2, cpu2 = load(args.file, "un-contributions")
    rank, wall3, cpu3 = load(args.rank, "un-contributions-snapshot")

    def line(r, w, c):
        return (f"read {r.read}, created {r.created}, updated {r.updated}, unchanged {r.unchanged}, rejected "
                f"{r.rejected}, skipped {r.skipped}; {w:.1f} s wall, {c:.1f} s CPU; "
                f"{r.created / w if r.created else r.unchanged / w:.0f} records/s")

    report(f"UN contributions import ({Path(args.file).name}, batch {args.batch_size})", [
        ("csv module alone (parse)", f"{parsed} rows in {parse_s:.2f} s"),
        ("first import", line(first, wall, cpu)),
        ("again (idempotent)", line(again, wall2, cpu2)),
        ("ranking snapshot", line(rank, wall3, cpu3)),
        ("peak memory", f"{peak_rss_mb():.0f} MB"),
    ])


if __name__ == "__main__":
    main()
