"""Benchmark: latency of the incident list and aggregate endpoints at 1M incidents, against DuckDB.

    python bench/bench_api.py [--db var/bench/import.sqlite3] [--repeat 40]

Uses the database the import benchmark filled (mission BENCH, 1M synthetic incidents over Kosovo); run
bench_import.py first. Requests go through Django's full stack in-process (middleware, auth, visible_to,
filters, JSON), as a signed-in watch officer. Baseline in the same process: DuckDB running the same aggregation
(same rows, same filters) over an in-memory copy of the incident columns.
"""

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from common import ROOT, report, setup_django, summary, timed

API = "/api/v1/incidents"
BBOX_KOSOVO = (20.0, 41.85, 21.8, 43.25)


def viewports(n: int, seed: int = 11, days: int = 90):
    """n random (bbox, since, until) windows: a district-sized viewport and a `days` window in the last 2 years."""
    rng = random.Random(seed)
    end = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    out = []
    for _ in range(n):
        lon = rng.uniform(BBOX_KOSOVO[0], BBOX_KOSOVO[2] - 0.4)
        lat = rng.uniform(BBOX_KOSOVO[1], BBOX_KOSOVO[3] - 0.3)
        until = end - dt.timedelta(days=rng.uniform(0, 730 - days))
        since = until - dt.timedelta(days=days)
        out.append(((lon, lat, lon + 0.4, lat + 0.3), since, until))
    return out


def duckdb_copy(mission_id: int):
    """An in-memory DuckDB table holding the columns the aggregation reads, copied from the incident table."""
    import duckdb
    from django.db import connection

    tmp = Path(tempfile.mkdtemp()) / "incidents.csv"
    with connection.cursor() as cur, open(tmp, "w", newline="") as fh:
        cur.execute("SELECT lon, lat, occurred_start, h3_cell, admin2_id, category_id, fatalities_low, "
                    "fatalities_best, fatalities_high, injured_best FROM incidents_incident WHERE mission_id = %s",
                    [mission_id])
        writer = csv.writer(fh)
        writer.writerow(["lon", "lat", "occurred_start", "h3_cell", "admin2_id", "category_id", "fatalities_low",
                         "fatalities_best", "fatalities_high", "injured_best"])
        while rows := cur.fetchmany(50_000):
            writer.writerows(rows)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE incidents AS SELECT * FROM read_csv('{tmp}', header=true, "
                "types={'occurred_start': 'TIMESTAMP', 'h3_cell': 'BIGINT'})")
    tmp.unlink()
    return con


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "import.sqlite3"))
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    setup_django(Path(args.db))

    from bench_world import make_world, watch_officer_client

    from peaceops.geo.h3cells import parent_sql
    from peaceops.incidents.models import Incident

    world = make_world()
    n_incidents = Incident.objects.filter(mission=world.mission).count()
    client = watch_officer_client(world)

    duck_start = time.perf_counter()
    duck = duckdb_copy(world.mission.pk)
    duck_load = time.perf_counter() - duck_start

    rows = [("incidents in mission BENCH", f"{n_incidents:,}"),
            ("DuckDB copy of the incident columns", f"{duck_load:.1f} s (not part of any timing)")]

    def run(label, windows, make_url, duck_sql=None):
        it = iter(windows * 3)

        def one():
            bbox, since, until = next(it)
            response = client.get(make_url(bbox, since, until))
            assert response.status_code == 200, response.content[:300]

        timed(one, 3)  # warm-up
        stats = summary(timed(one, args.repeat))
        line = f"median {stats['median_ms']:.1f} ms, p95 {stats['p95_ms']:.1f} ms (n={stats['n']})"
        if duck_sql:
            dit = iter(windows * 3)

            def duck_one():
                bbox, since, until = next(dit)
                # DuckDB holds naive UTC timestamps, as SQLite stores them
                duck.execute(duck_sql, [*bbox, since.replace(tzinfo=None), until.replace(tzinfo=None)]).fetchall()

            timed(duck_one, 3)
            dstats = summary(timed(duck_one, args.repeat))
            line += (f"; DuckDB same aggregation median {dstats['median_ms']:.1f} ms, p95 {dstats['p95_ms']:.1f} ms; "
                     f"ratio PeaceOps/DuckDB (median) {stats['median_ms'] / dstats['median_ms']:.1f}x")
        rows.append((label, line))

    def q(bbox, since, until):
        return (f"mission=BENCH&bbox={','.join(f'{v:.4f}' for v in bbox)}"
                f"&since={since:%Y-%m-%dT%H:%M:%SZ}&until={until:%Y-%m-%dT%H:%M:%SZ}")

    where = "WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND occurred_start >= ? AND occurred_start < ?"
    sums = ("count(*), sum(fatalities_low), sum(fatalities_best), sum(fatalities_high), sum(injured_best)")

    def duck_where(sql):
        # the bbox parameters come as (min_lon, min_lat, max_lon, max_lat): reorder in SQL
        return sql.replace("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?",
                           "lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4").replace(
                               "occurred_start >= ? AND occurred_start < ?",
                               "occurred_start >= $5 AND occurred_start < $6")

    for days in (90, 365):
        windows = viewports(args.repeat + 3, days=days)
        run(f"list first page (50), viewport + {days} days", windows,
            lambda b, s, u: f"{API}?{q(b, s, u)}&limit=50")
        run(f"aggregate by=h3 res 7, viewport + {days} days", windows,
            lambda b, s, u: f"{API}/aggregate?by=h3&resolution=7&{q(b, s, u)}",
            duck_where(f"SELECT {parent_sql('h3_cell', 7)} AS k, {sums} FROM incidents {where} GROUP BY k"))
        run(f"aggregate by=admin2, viewport + {days} days", windows,
            lambda b, s, u: f"{API}/aggregate?by=admin2&{q(b, s, u)}",
            duck_where(f"SELECT admin2_id, {sums} FROM incidents {where} GROUP BY admin2_id"))
        run(f"aggregate by=day, viewport + {days} days", windows,
            lambda b, s, u: f"{API}/aggregate?by=day&{q(b, s, u)}",
            duck_where(f"SELECT date_trunc('day', occurred_start) AS k, {sums} FROM incidents {where} GROUP BY k"))
    whole = viewports(args.repeat + 3, days=30)
    whole = [((BBOX_KOSOVO), s, u) for _, s, u in whole]
    run("aggregate by=h3 res 6, whole mission + 30 days", whole,
        lambda b, s, u: f"{API}/aggregate?by=h3&resolution=6&{q(b, s, u)}",
        duck_where(f"SELECT {parent_sql('h3_cell', 6)} AS k, {sums} FROM incidents {where} GROUP BY k"))
    report("API latency at scale (SQLite)", rows)


if __name__ == "__main__":
    main()
