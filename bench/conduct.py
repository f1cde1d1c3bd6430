"""Benchmark: the conduct app's heavy paths.

    python bench/conduct.py [--rows 10000] [--cases 100000] [--repeat 5] [--people 200] [--profile]
                            [--skip import,statistics,reveal] [--baseline old/statistics.py]

- The UN allegations table (`un-sea-allegations`): a synthetic table of `--rows` rows made from the real
  2015-2022 table's rows (tests/fixtures) with their cells varied (month and year reported, mission, personnel
  count, victims' counts), imported by a conduct officer, then imported again (nothing changes): rows/s.
  Baseline in the same process: the generic CSV import of a plain record type (force.contingent) of as many rows.
- Statistics (`conduct.statistics.table`) on `--cases` cases bulk-written into another mission: the time of one
  page's computation for each `by` and a two-way table, median (and p95) of `--repeat` runs; with `--baseline
  PATH`, also the statistics module at PATH (e.g. main's before a change), run alternately in the same process.
- The people reveal (`conduct.identities.reveal`: unseal, IdentityRead, change log and ledger): reveals/s.

Writes into a fresh SQLite database under var/bench/ (or PEACEOPS_BENCH_DATABASE_URL). Prints wall and CPU
seconds (these machines are shared) and the machine.
"""

import argparse
import csv
import datetime as dt
import os
import random
import time
from pathlib import Path
from statistics import median as statistics_median

from common import ROOT, report, setup_django, summary

TABLE = ROOT / "tests" / "fixtures" / "un_sea_allegations" / "allegations_reported_2015_2022.csv"
MISSIONS = ["MONUSCO", "MINUSCA", "MINUSMA", "UNMISS", "UNMIL", "MINUSTAH", "UNIFIL", "UNMIK"]


def synthetic_table(path: Path, rows: int, seed: int = 16) -> None:
    """`rows` rows of the table, each a real row with its reported cells varied."""
    rng = random.Random(seed)
    with TABLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, real = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, header)
        writer.writeheader()
        for i in range(rows):
            row = dict(real[i % len(real)])
            row["Date"] = f"{rng.randint(1, 12)}/{rng.randint(2015, 2025)}"
            row["Mission"] = rng.choice(MISSIONS)
            kind = row["Personnel Type"].split(",")[0]
            row["Personnel Type"] = f"{kind},{rng.randint(1, 9)}"
            row["Victim"] = "\n\n".join(
                f"{group} ({rng.randint(1, 6)})"
                for group in rng.sample(["Child", "Adult", "Unknown"], rng.randint(1, 2))
            )
            writer.writerow(row)


def contingents(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "country", "kind", "notes", "source_id"])
        for i in range(rows):
            writer.writerow(
                [f"Contingent {i}", "POL", "military" if i % 3 else "police", f"row {i}", f"c-{i}"]
            )


def clocked(fn):
    started, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - started, time.process_time() - cpu


def bench_import(args, mission, cdo, owner) -> list[tuple[str, str]]:
    from peaceops.interop.records import import_records, service_for

    work = ROOT / "var" / "bench"
    table, plain = work / "conduct_table.csv", work / "conduct_contingents.csv"
    synthetic_table(table, args.rows)
    contingents(plain, args.rows)
    cases = service_for("conduct.case")

    def load(path=table, fmt="un-sea-allegations"):
        return import_records(cases, path, format=fmt, mission=mission, acting_user=cdo)

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        first, wall, cpu = clocked(lambda: profiler.runcall(load))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    else:
        first, wall, cpu = clocked(load)
    again, wall2, cpu2 = clocked(load)
    base, wall3, cpu3 = clocked(
        lambda: import_records(
            service_for("force.contingent"),
            plain,
            format="csv",
            mission=mission,
            acting_user=None,
            owner=owner,
            system=True,
        )
    )
    n = args.rows
    return [
        (
            "table rows",
            f"{n:,} ({first.created} created, {first.rejected} rejected; again {again.unchanged} "
            f"unchanged, {again.updated} updated)",
        ),
        ("import", f"{n / wall:,.0f} rows/s ({wall:.1f} s wall, {cpu:.1f} s CPU)"),
        ("re-import (nothing changes)", f"{n / wall2:,.0f} rows/s ({wall2:.1f} s wall, {cpu2:.1f} s CPU)"),
        (
            "baseline: generic CSV import of force.contingent (system)",
            f"{n / wall3:,.0f} rows/s ({wall3:.1f} s wall, {cpu3:.1f} s CPU; {base.created} created)",
        ),
        ("import / baseline (CPU)", f"{cpu / cpu3:.2f}x"),
    ]


def fill_cases(mission, owner, count: int, seed: int = 7) -> None:
    """`count` cases with an allegation and a victim group each, bulk-written (no change log: reads only)."""
    from django.utils import timezone

    from peaceops.conduct.choices import AgeGroup, AllegationKind, Outcome, PersonnelCategory
    from peaceops.conduct.models import Case, CaseAllegation, VictimGroup

    rng, now = random.Random(seed), timezone.now()
    kinds, outcomes, categories = (
        list(AllegationKind.values),
        list(Outcome.values),
        list(PersonnelCategory.values),
    )
    ages = list(AgeGroup.values)
    for start in range(0, count, 5000):
        batch = [
            Case(
                mission=mission,
                owner=owner,
                created_at=now,
                updated_at=now,
                reference=f"STAT-CDT-{start + i:07d}",
                un_mission=rng.choice(MISSIONS),
                summary="synthetic",
                reported_on=dt.date(rng.randint(2010, 2025), rng.randint(1, 12), 1),
                personnel_category=rng.choice(categories),
                outcome=rng.choice(outcomes),
                subjects=1,
            )
            for i in range(min(5000, count - start))
        ]
        Case.objects.bulk_create(batch)
        CaseAllegation.objects.bulk_create(
            [CaseAllegation(case=c, position=0, kind=rng.choice(kinds)) for c in batch]
        )
        VictimGroup.objects.bulk_create(
            [VictimGroup(case=c, age_group=rng.choice(ages), count=rng.randint(1, 3)) for c in batch]
        )


def bench_statistics(args, owner) -> list[tuple[str, str]]:
    from peaceops.conduct import statistics
    from peaceops.testing import world

    stats_mission = world.mission("STATS", "Statistics mission")
    _, wall, _cpu = clocked(lambda: fill_cases(stats_mission, owner, args.cases))
    out = [("cases written (bulk, not timed in the figures)", f"{args.cases:,} in {wall:.0f} s")]
    ways = [(d,) for d in statistics.DIMENSIONS] + [
        ("year", "personnel_category"),
        ("un_mission", "allegation"),
    ]
    baseline = baseline_module(args.baseline) if args.baseline else None
    for by in ways:
        runs = {"": [], "baseline ": []}
        for _run in range(args.repeat):  # alternately, when there is a baseline: the same load for both
            for label, module in [("", statistics), ("baseline ", baseline)]:
                if module is not None:
                    runs[label].append(clocked(lambda m=module, by=by: m.table(stats_mission, by))[1:])
        for label, clocks in runs.items():
            if clocks:
                times = summary([1000 * wall for wall, _cpu in clocks])
                cpu = 1000 * statistics_median([cpu for _wall, cpu in clocks])
                out.append(
                    (
                        f"{label}table by {' x '.join(by)}",
                        f"median {times['median_ms']:.0f} ms (CPU {cpu:.0f} ms), p95 {times['p95_ms']:.0f} ms "
                        f"({times['n']} runs)",
                    )
                )
    return out


def baseline_module(path: str):
    """The statistics module at `path` (e.g. main's `peaceops/conduct/statistics.py` copied aside), loaded
    beside the current one (its relative imports: the current conduct app)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("peaceops.conduct.statistics_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_reveal(args, mission, cdo) -> list[tuple[str, str]]:
    from peaceops.conduct.identities import add_person, reveal
    from peaceops.conduct.services import CaseService

    case = CaseService().create(
        acting_user=cdo,
        mission=mission,
        data={
            "summary": "bench",
            "reported_on": dt.date(2026, 11, 3),
            "personnel_category": "military_contingent",
            "subjects": 1,
            "nationality": "POL",
            "victims": [{"age_group": "adult", "count": 1}],
            "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}],
        },
    )
    people, added, _ = clocked(
        lambda: [
            add_person(
                case,
                acting_user=cdo,
                role="victim",
                name=f"Person {i}",
                contact=f"+000 {i:06d}",
                reason="bench",
            )
            for i in range(args.people)
        ]
    )
    _, wall, cpu = clocked(lambda: [reveal(p, acting_user=cdo, reason="bench") for p in people])
    n = args.people
    return [
        ("add a person (seal 3 fields, change log, ledger)", f"{n / added:,.0f}/s"),
        (
            "reveal (unseal, IdentityRead, change log, ledger)",
            f"{n / wall:,.0f}/s ({wall:.2f} s wall, {cpu:.2f} s CPU for {n})",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument(
        "--baseline", help="a statistics.py to time as well, alternately (e.g. main's, copied aside)"
    )
    parser.add_argument("--skip", default="", help="comma-separated: import, statistics, reveal")
    parser.add_argument("--profile", action="store_true", help="profile the first import (cProfile)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    os.environ.setdefault("PEACEOPS_IDENTITY_KEY_FILE", str(ROOT / "var" / "bench" / "conduct-identity.key"))
    setup_django(ROOT / "var" / "bench" / "conduct.sqlite3", fresh=True)
    from peaceops.testing import world

    mission, cdo, owner = world.mission("UNMIK"), world.person("cdo"), world.organisation("UNMIK")
    if "import" not in skip:
        report(
            f"UN allegations table, {args.rows:,} rows (load {os.getloadavg()[0]:.1f})",
            bench_import(args, mission, cdo, owner),
        )
    if "statistics" not in skip:
        report(f"Statistics on {args.cases:,} cases", bench_statistics(args, owner))
    if "reveal" not in skip:
        report(f"People: {args.people} reveals", bench_reveal(args, mission, cdo))


if __name__ == "__main__":
    main()
