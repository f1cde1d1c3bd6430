"""Benchmark: a patrol's positions: intake (points/s) through the service and through the HTTP API, and the
latency of reading positions and tracks with the whole table filled.

    python bench/bench_positions.py [--patrols 10000] [--points 1000] [--api-patrols 300] [--reads 300]
                                    [--db var/bench/positions.sqlite3]

`--patrols` patrols (bulk-created: the fill, not what is measured) each get a `--points`-point track (a walk of
30-s steps around Mitrovica), generated here, sent as one batch of `--points` positions ({t, lon, lat,
accuracy_m} with ISO times, as a phone sends them): the first `--patrols - --api-patrols` patrols through
`store_positions` (validation, the insert, the track's summary and presence), the rest through
`POST /api/v1/patrols/{id}/positions` with Django's test client signed in as a watch officer (the whole stack
in-process: middleware, session, JSON parsing, the schema). Then `--reads` random patrols are read:
`GET .../positions?limit=1000` and `GET .../track`, p95 over them. PEACEOPS_BENCH_DATABASE_URL points it at
PostgreSQL.
"""

import argparse
import datetime as dt
import json
import random
import time
from pathlib import Path

from common import ROOT, report, setup_django, summary

START = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)


def walk(i: int, points: int) -> list[dict]:
    """Patrol i's positions: a random walk of ~100-m, 30-s steps, starting on patrol i's day."""
    rng = random.Random(i)
    lon, lat = 20.7 + rng.random() * 0.4, 42.7 + rng.random() * 0.4
    start = START + dt.timedelta(hours=i % 5000)
    out = []
    for n in range(points):
        lon += rng.uniform(-0.0012, 0.0012)
        lat += rng.uniform(-0.0009, 0.0009)
        out.append({"t": (start + dt.timedelta(seconds=30 * n)).isoformat(), "lon": round(lon, 6),
                    "lat": round(lat, 6), "accuracy_m": 5.0})
    return out


def make_patrols(world, n: int) -> list:
    from peaceops.operations.models import Patrol

    Patrol.objects.filter(mission=world.mission).delete()
    now = dt.datetime.now(dt.UTC)
    patrols = [Patrol(mission=world.mission, owner=world.owner, name=f"Patrol {i}", created_at=now, updated_at=now,
                      planned_start=START + dt.timedelta(hours=i % 5000),
                      planned_end=START + dt.timedelta(hours=i % 5000 + 10)) for i in range(n)]
    for k in range(0, n, 2000):
        Patrol.objects.bulk_create(patrols[k:k + 2000])
    return patrols


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patrols", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=1_000)
    parser.add_argument("--api-patrols", type=int, default=300)
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench" / "positions.sqlite3")
    args = parser.parse_args()
    setup_django(args.db, fresh=True)
    from bench_world import make_world, watch_officer_client
    from django.contrib.auth import get_user_model

    from peaceops.operations.models import TrackPoint
    from peaceops.operations.tracks.store import store_positions

    world = make_world()
    client = watch_officer_client(world)
    user = get_user_model().objects.get(username="bench-watch")  # made by watch_officer_client
    patrols = make_patrols(world, args.patrols)
    api_count = min(args.api_patrols, args.patrols)
    service_part, api_part = patrols[:args.patrols - api_count], patrols[args.patrols - api_count:]
    rows = []

    generated, stored, elapsed = 0.0, 0, 0.0
    for i, patrol in enumerate(service_part):
        g = time.perf_counter()
        batch = walk(i, args.points)
        t0 = time.perf_counter()
        generated += t0 - g
        stored += store_positions(patrol, batch, acting_user=user).stored
        elapsed += time.perf_counter() - t0
        if i and i % 1000 == 0:
            print(f"  {i} patrols, {stored:,} positions, {stored / elapsed:,.0f} points/s", flush=True)
    if service_part:
        rows.append(("intake through store_positions", f"{stored / elapsed:,.0f} points/s ({stored:,} positions "
                                                       f"in {elapsed:.1f} s, batches of {args.points})"))

    api_stored, api_elapsed, api_times = 0, 0.0, []
    for j, patrol in enumerate(api_part):
        body = json.dumps({"positions": walk(len(service_part) + j, args.points)})
        t0 = time.perf_counter()
        response = client.post(f"/api/v1/patrols/{patrol.pk}/positions", body, content_type="application/json")
        api_elapsed += (took := time.perf_counter() - t0)
        api_times.append(took * 1000)
        assert response.status_code == 200, response.content
        api_stored += response.json()["stored"]
    if api_part:
        rows.append(("intake through POST /api/v1/patrols/{id}/positions",
                     f"{api_stored / api_elapsed:,.0f} points/s ({api_stored:,} positions in {api_elapsed:.1f} s, "
                     f"batches of {args.points}, one client, in-process)"))
        s = summary(api_times)
        rows.append(("POST positions (one batch)", f"median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms "
                                                   f"(n={s['n']}, batches of {args.points})"))

    total = TrackPoint.objects.count()
    rng = random.Random(5)
    reads = {"GET positions (limit 1000)": [], "GET track": []}
    for _ in range(args.reads):
        patrol = rng.choice(patrols)
        for name, url in (("GET positions (limit 1000)", f"/api/v1/patrols/{patrol.pk}/positions?limit=1000"),
                          ("GET track", f"/api/v1/patrols/{patrol.pk}/track")):
            t0 = time.perf_counter()
            response = client.get(url)
            reads[name].append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.content
    for name, times in reads.items():
        s = summary(times)
        rows.append((name, f"median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms (n={s['n']}, "
                           f"{total:,} positions in the table)"))
    rows.append(("positions generated in the benchmark (not timed)", f"{generated:.1f} s"))
    report(f"Patrol positions: {args.patrols:,} patrols x {args.points:,} points", rows)


if __name__ == "__main__":
    main()
