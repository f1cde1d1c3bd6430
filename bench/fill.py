"""Fill mission BENCH with N synthetic incidents written straight into the tables, for the read benchmarks.

    python bench/fill.py [--n 1000000] [--db var/bench/read.sqlite3] [--time-order]

The import benchmark (bench_import.py) measures the import path; the read benchmarks (bench_api.py,
bench_pages.py) only need the same data in the tables, so this script writes it with a few large `executemany`
statements instead (about a minute for 1M). The data follows bench/synthetic.py: points over Kosovo's bounding
box, 70% in 40 clusters; times uniform over the two years before 2026-11-01, in random row order unless
--time-order; ten categories; 10% CONFIDENTIAL, half of those released to KFOR. Admin areas come from the same
point-in-polygon index the import uses and H3 cells from the same helper, so every derived column is what the
import would have written.
"""

import argparse
import datetime as dt
import time
import uuid
from pathlib import Path

import numpy as np
from common import ROOT, report, setup_django

BBOX = (20.0, 41.85, 21.8, 43.25)
END = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
CATEGORIES = [
    "mission/inter-ethnic", "mission/demonstration", "mission/freedom-of-movement", "mission/crime",
    "mission/arrest", "mission/explosive-hazard", "mission/attack-on-un", "acled/battles/armed-clash",
    "acled/riots/mob-violence", "organised-violence/one-sided",
]
CHUNK = 50_000


def points(rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    min_lon, min_lat, max_lon, max_lat = BBOX
    centres = rng.uniform([min_lon, min_lat], [max_lon, max_lat], size=(40, 2))
    clustered = rng.random(n) < 0.7
    pick = centres[rng.integers(0, 40, n)]
    lon = np.where(clustered, rng.normal(pick[:, 0], 0.05), rng.uniform(min_lon, max_lon, n))
    lat = np.where(clustered, rng.normal(pick[:, 1], 0.05), rng.uniform(min_lat, max_lat, n))
    return np.clip(lon, min_lon, max_lon).round(5), np.clip(lat, min_lat, max_lat).round(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "read.sqlite3"))
    parser.add_argument("--time-order", action="store_true", help="write rows in time order (a live mission)")
    args = parser.parse_args()
    setup_django(Path(args.db), fresh=True)

    from bench_world import make_world
    from django.db import connection, transaction

    from peaceops.geo.h3cells import cell_of
    from peaceops.geo.index import AdminIndex
    from peaceops.incidents.models import Category

    world = make_world()
    start = time.perf_counter()
    rng = np.random.default_rng(7)
    categories = dict(Category.objects.filter(mission=world.mission).values_list("path", "id"))
    category_ids = np.array([categories[p] for p in CATEGORIES])
    index = AdminIndex.for_mission(world.mission.pk)
    seconds = rng.integers(0, 2 * 365 * 86400, args.n)
    if args.time_order:
        seconds = np.sort(seconds)[::-1]
    columns = ["id", "mission_id", "owner_id", "classification", "created_at", "updated_at", "title", "description",
               "occurred_start", "occurred_end", "time_precision", "reported_at", "lon", "lat",
               "location_precision", "location_name", "admin1_id", "admin2_id", "h3_cell", "category_id", "status",
               "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high",
               "external_id"]
    insert = (f"INSERT INTO incidents_incident ({', '.join(columns)}) "
              f"VALUES ({', '.join(['%s'] * len(columns))})")
    release = "INSERT INTO incidents_incident_releasable_to (incident_id, organisation_id) VALUES (%s, %s)"
    now = END.strftime("%Y-%m-%d %H:%M:%S")
    for first in range(0, args.n, CHUNK):
        count = min(CHUNK, args.n - first)
        lon, lat = points(rng, count)
        admin1, admin2 = index.assign(lon, lat)
        killed = rng.choice([0, 0, 0, 0, 0, 0, 0, 1, 2], count)
        injured = rng.choice([0, 0, 0, 1, 1, 3], count)
        confidential = rng.random(count) < 0.1
        released = confidential & (rng.random(count) < 0.5)
        category = category_ids[rng.integers(0, len(category_ids), count)]
        rows, releases = [], []
        for i in range(count):
            pk = uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | first + i).hex
            when = (END - dt.timedelta(seconds=int(seconds[first + i]))).strftime("%Y-%m-%d %H:%M:%S")
            rows.append((
                pk, world.mission.pk, world.owner.pk, "CONFIDENTIAL" if confidential[i] else "PUBLIC", now, now,
                f"Synthetic incident {first + i}", "", when, when, "hour", when, float(lon[i]), float(lat[i]),
                "exact", "", admin1[i], admin2[i], cell_of(float(lon[i]), float(lat[i])), int(category[i]),
                "reported", int(killed[i]), int(killed[i]), int(killed[i]), int(injured[i]), int(injured[i]),
                int(injured[i]), f"bench-{first + i}",
            ))
            if released[i]:
                releases.append((pk, world.kfor.pk))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
            cursor.executemany(release, releases)
        print(f"\r{first + count:,} / {args.n:,}", end="", flush=True)
    print()
    report("Fill (read benchmarks' data)", [
        ("incidents written", f"{args.n:,} in {time.perf_counter() - start:.0f} s"
                              f"{' (time order)' if args.time_order else ' (random order)'}"),
    ])


if __name__ == "__main__":
    main()
