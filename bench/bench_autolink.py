"""Auto-linking: propose related incidents for every patrol of a mission against its incidents.

    python bench/bench_autolink.py [--incidents 1000000] [--patrols 10000] [--points 100] [--db ...]

Writes mission AUTOLINK straight into the tables (raw inserts, as bench/fill.py does; no admin areas or H3 cells,
which auto-linking does not read): N incidents over Kosovo's bounding box (70% in 40 clusters, times uniform over
two years), P completed patrols of 2 to 8 hours in those two years, each a random walk of `--points` positions
(about 150 m apart) starting near a cluster, with its PatrolTrack summary. Then times `linking.propose_all`
(read the incidents once, read every track, compute and store the proposals) with the defaults (2,000 m, 6 h),
twice: the first run writes every proposal, the second finds them stored (the worker's case).

The issue's scale is 10,000 patrols of 1,000 points (10M positions); auto-linking's cost is dominated by the
incidents in each patrol's window and box, not by the points, so the default here is 100 points a patrol (1M
positions, written in a minute instead of ten); `--points 1000` measures the full size.
"""

import argparse
import datetime as dt
import time
import uuid
from pathlib import Path

import numpy as np
from common import ROOT, peak_rss_mb, report, setup_django

BBOX = (20.0, 41.85, 21.8, 43.25)
END = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
SPAN_S = 2 * 365 * 86400
CHUNK = 50_000


def _clustered(rng, n, centres):
    lon = rng.uniform(BBOX[0], BBOX[2], n)
    lat = rng.uniform(BBOX[1], BBOX[3], n)
    clustered = rng.random(n) < 0.7
    which = rng.integers(0, len(centres), n)
    lon[clustered] = centres[which[clustered], 0] + rng.normal(0, 0.03, clustered.sum())
    lat[clustered] = centres[which[clustered], 1] + rng.normal(0, 0.03, clustered.sum())
    return np.clip(lon, BBOX[0], BBOX[2]), np.clip(lat, BBOX[1], BBOX[3])


def _stamp(seconds_before_end) -> str:
    return (END - dt.timedelta(seconds=int(seconds_before_end))).strftime("%Y-%m-%d %H:%M:%S")


def write_incidents(mission, owner, n, rng, centres) -> None:
    from django.db import connection, transaction

    columns = ["id", "mission_id", "owner_id", "classification", "created_at", "updated_at", "title", "description",
               "occurred_start", "occurred_end", "time_precision", "reported_at", "lon", "lat",
               "location_precision", "location_name", "status", "fatalities_low", "fatalities_best",
               "fatalities_high", "injured_low", "injured_best", "injured_high"]
    insert = (f"INSERT INTO incidents_incident ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})")
    now = END.strftime("%Y-%m-%d %H:%M:%S")
    seconds = rng.integers(0, SPAN_S, n)
    for first in range(0, n, CHUNK):
        count = min(CHUNK, n - first)
        lon, lat = _clustered(rng, count, centres)
        rows = []
        for i in range(count):
            when = _stamp(seconds[first + i])
            rows.append((uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | first + i).hex, mission.pk, owner.pk,
                         "PUBLIC", now, now, f"Synthetic incident {first + i}", "", when, when, "hour", when,
                         float(lon[i]), float(lat[i]), "exact", "", "reported", 0, 0, 0, 0, 0, 0))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        print(f"\rincidents {first + count:,} / {n:,}", end="", flush=True)
    print()


def write_patrols(mission, owner, n, points, rng, centres) -> int:
    from django.db import connection, transaction

    from peaceops.operations.models import Patrol, PatrolTrack

    insert = "INSERT INTO operations_trackpoint (patrol_id, t, lon, lat, source) VALUES (%s, %s, %s, %s, 'api')"
    written = 0
    for first in range(0, n, 500):
        count = min(500, n - first)
        patrols, tracks, rows = [], [], []
        for _ in range(count):
            start = END - dt.timedelta(seconds=int(rng.integers(0, SPAN_S)))
            hours = float(rng.uniform(2, 8))
            end = start + dt.timedelta(hours=hours)
            centre = centres[rng.integers(0, len(centres))]
            steps = rng.normal(0, 0.0015, (points, 2)).cumsum(axis=0) + centre + rng.normal(0, 0.02, 2)
            patrol = Patrol(mission=mission, owner=owner, classification="PUBLIC", created_at=END, updated_at=END,
                            name=f"Patrol {first}", planned_start=start, planned_end=end, started_at=start,
                            ended_at=end, status="completed", path=[])
            patrols.append(patrol)
            step_s = hours * 3600 / max(1, points - 1)
            times = [start + dt.timedelta(seconds=i * step_s) for i in range(points)]
            rows.append((patrol, times, steps))
        with transaction.atomic():
            Patrol.objects.bulk_create(patrols)
            values = []
            for patrol, times, steps in rows:
                pk = patrol.pk.hex if connection.vendor == "sqlite" else patrol.pk
                values.extend((pk, t.strftime("%Y-%m-%d %H:%M:%S.%f"), float(x), float(y))
                              for t, (x, y) in zip(times, steps, strict=True))
                tracks.append(PatrolTrack(patrol=patrol, points=len(times), first_at=times[0], last_at=times[-1]))
            with connection.cursor() as cursor:
                cursor.executemany(insert, values)
            PatrolTrack.objects.bulk_create(tracks)
        written += count * points
        print(f"\rpatrols {first + count:,} / {n:,}", end="", flush=True)
    print()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--patrols", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=100, help="positions per patrol")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "autolink.sqlite3"))
    parser.add_argument("--keep", action="store_true", help="reuse the database a previous run filled")
    args = parser.parse_args()
    setup_django(Path(args.db), fresh=not args.keep)

    from peaceops.core.choices import OrganisationType
    from peaceops.core.services import create_mission, create_organisation
    from peaceops.incidents.models import Incident
    from peaceops.operations import linking
    from peaceops.operations.models import IncidentProposal

    mission = create_mission(code="AUTOLINK", name="Auto-linking benchmark")
    owner = create_organisation(code="UNMIK", name="UNMIK", type=OrganisationType.UN_COMPONENT)
    rng = np.random.default_rng(15)
    centres = np.column_stack([rng.uniform(BBOX[0] + 0.1, BBOX[2] - 0.1, 40),
                               rng.uniform(BBOX[1] + 0.1, BBOX[3] - 0.1, 40)])
    fill_s, positions = 0.0, 0
    if not args.keep or not Incident.objects.filter(mission=mission).exists():
        started = time.perf_counter()
        write_incidents(mission, owner, args.incidents, rng, centres)
        positions = write_patrols(mission, owner, args.patrols, args.points, rng, centres)
        fill_s = time.perf_counter() - started

    started = time.perf_counter()
    points = linking.IncidentPoints.of_mission(mission.pk)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    first = linking.propose_all(mission)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    second = linking.propose_all(mission)
    second_s = time.perf_counter() - started
    stored = IncidentProposal.objects.filter(patrol__mission=mission).count()
    report("Auto-linking (propose_all)", [
        ("data", f"{len(points.t):,} incidents, {first['patrols']:,} patrols, {args.points} positions each"
                 + (f" ({positions:,} written; fill {fill_s:.0f} s)" if fill_s else "")),
        ("read the incidents once", f"{load_s:.1f} s"),
        ("propose_all, first run (writes the proposals)", f"{first_s:.1f} s: {first['found']:,} proposals"),
        ("propose_all, again (all stored)", f"{second_s:.1f} s: {second['found']:,} found, {stored:,} stored"),
        ("per patrol", f"{1000 * second_s / max(1, second['patrols']):.2f} ms"),
        ("peak memory", f"{peak_rss_mb():.0f} MB"),
        ("target", "under 60 s against 1M incidents"),
    ])


if __name__ == "__main__":
    main()
