"""Benchmark: the COP layer "Where we are not looking" (/cop/layers/coverage.geojson) for one week.

    python bench/bench_coverage.py [--incidents 1000000] [--patrols 10000] [--cells 30] [--repeat 20]
                                   [--db var/bench/coverage.sqlite3] [--reuse]

Data: bench/fill.py's synthetic incidents (1M over the two years before 2026-11-01, raw inserts), then
`--patrols` patrols (copies of one made through the service, raw inserts) each with `--cells` CellPresence rows
(H3 resolution 7 cells around 40 cluster centres over Kosovo), written straight into the table. Two spreads of
the patrols are measured: over 52 weeks (a year of patrolling, about 190 patrols in the week measured) and all
in the one week measured (the worst case: 300,000 presence rows in that week). The layer is fetched by the
mission's watch officer for the week of 2026-10-19 (incidents of the 4 weeks before: about 38,000), warm,
`--repeat` times; median and p95 are printed with the machine.
"""

import argparse
import datetime as dt
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
from common import ROOT, report, setup_django, summary, timed

WEEK = dt.date(2026, 10, 19)
CHUNK = 50_000


def make_patrols(world, n: int, watch) -> list[str]:
    """`n` patrols of the mission (one through the service, the others copies of its row); their ids."""
    from django.db import connection, transaction

    from peaceops.operations.models import Patrol
    from peaceops.operations.services import PatrolService

    template = PatrolService().create(acting_user=watch, mission=world.mission, owner=world.owner, data={
        "name": "Bench patrol 0", "patrol_type": "mobile", "time_of_day": "day",
        "path": [[20.86, 42.89], [20.87, 42.90]], "planned_start": "2026-10-20T08:00:00Z",
        "planned_end": "2026-10-20T16:00:00Z"})
    columns = [f.column for f in Patrol._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM operations_patrol WHERE id = %s", [template.pk.hex])
        row = list(cursor.fetchone())
    ids = [template.pk.hex]
    insert = f"INSERT INTO operations_patrol ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    rows = []
    for i in range(1, n):
        copy = list(row)
        pk = uuid.uuid4().hex
        copy[columns.index("id")] = pk
        copy[columns.index("name")] = f"Bench patrol {i}"
        if "source_id" in columns:
            copy[columns.index("source_id")] = f"bench-patrol-{i}"
        rows.append(copy)
        ids.append(pk)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
    return ids


def cells_pool(rng, size: int = 4000) -> np.ndarray:
    """Resolution-7 cells around 40 cluster centres over Kosovo (patrols keep to a few areas)."""
    from fill import points

    from peaceops.geo.h3cells import cell_of
    from peaceops.operations.presence import RESOLUTION

    lon, lat = points(rng, size * 3)
    return np.array(sorted({cell_of(float(x), float(y), RESOLUTION) for x, y in zip(lon, lat, strict=True)}))[:size]


def write_presence(world, patrol_ids: list[str], cells: int, spread_weeks: int, rng) -> int:
    """CellPresence rows: each patrol in `cells` cells of one week (chosen among `spread_weeks` weeks ending with
    WEEK); the rows written."""
    from django.db import connection, transaction

    from peaceops.operations.models import CellPresence

    CellPresence.objects.filter(mission=world.mission).delete()
    pool = cells_pool(rng)
    insert = "INSERT INTO operations_cellpresence (mission_id, patrol_id, week, cell, seconds) VALUES (%s, %s, %s, %s, %s)"
    rows, written = [], 0
    for pk in patrol_ids:
        week = WEEK - dt.timedelta(days=7 * int(rng.integers(0, spread_weeks)))
        start = int(rng.integers(0, len(pool) - cells))
        for cell in pool[start:start + cells]:
            rows.append((world.mission.pk, pk, week.isoformat(), int(cell), float(rng.uniform(60, 3600))))
        if len(rows) >= CHUNK:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(insert, rows)
            written, rows = written + len(rows), []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return written + len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--patrols", type=int, default=10_000)
    parser.add_argument("--cells", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "coverage.sqlite3"))
    parser.add_argument("--reuse", action="store_true", help="keep the incidents of an earlier run's database")
    args = parser.parse_args()
    if not args.reuse:
        subprocess.run([sys.executable, str(Path(__file__).with_name("fill.py")), "--n", str(args.incidents),
                        "--db", args.db], check=True)
    setup_django(Path(args.db))

    from bench_world import make_world, watch_officer_client
    from django.contrib.auth import get_user_model

    from peaceops.core.models import Mission
    from peaceops.incidents.models import Incident
    from peaceops.operations.models import Patrol

    world = make_world()
    client = watch_officer_client(world)
    # the watch officer belongs to BENCH alone: it is their current mission
    watch = get_user_model().objects.get(username="bench-watch")
    Patrol.objects.filter(mission=world.mission).delete()
    start = time.perf_counter()
    patrol_ids = make_patrols(world, args.patrols, watch)
    made = time.perf_counter() - start
    rng = np.random.default_rng(11)
    url = "/cop/layers/coverage.geojson"
    window = {"since": WEEK.isoformat(), "until": (WEEK + dt.timedelta(days=7)).isoformat()}
    rows = [("incidents in the mission", f"{Incident.objects.filter(mission=world.mission).count():,}"),
            ("patrols", f"{len(patrol_ids):,} (written in {made:.1f} s)")]
    for label, spread in (("patrols over 52 weeks", 52), ("all patrols in the week", 1)):
        written = write_presence(world, patrol_ids, args.cells, spread, rng)
        answer = client.get(url, window)
        assert answer.status_code == 200, answer.content[:500]
        features = answer.json()["features"]
        assert features, "the layer is empty: is the watch officer's current mission BENCH?"
        times = summary(timed(lambda: client.get(url, window), args.repeat))
        rows.append((f"coverage layer, {label}",
                     f"{written:,} presence rows; {len(features):,} cells; median {times['median_ms']:.0f} ms, "
                     f"p95 {times['p95_ms']:.0f} ms (n={times['n']}; target < 300 ms)"))
    assert Mission.objects.filter(code="BENCH").exists()
    report("Coverage layer (one week)", rows)


if __name__ == "__main__":
    main()
