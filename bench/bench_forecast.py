"""Benchmark: `peaceops forecast run` at scale (its model part, and the whole command with the database), and
`forecast evaluate` on the CAR GED fixture.

1. A synthetic mission of N incidents (default 1M) over C PRIO-GRID-like cells (default 10,000: a 100 x 100
   block), generated directly as numpy arrays (no database): a few hot cells take most events, 5% of events
   span two or three months, fatalities are negative-binomial with most events non-lethal. Timed: the panel
   build, the model fit, and the 12-month forecast with the stored summaries (services.forecast_rows, the
   same code the command runs after reading the incidents). Target: under 5 minutes and 4 GB on 2 cores.
2. With --full: the same events written as incidents (and casualty rows for the lethal ones) of mission BENCH
   in a fresh benchmark database (var/bench/forecast.sqlite3, or PEACEOPS_BENCH_DATABASE_URL), then the
   whole `peaceops forecast run` timed as an operator runs it: reading the incidents through `visible_to`
   (with the casualty sum for fatalities), the panel, the fit, the forecast, and storing the RiskForecast
   rows with the change-log entry. The read alone (services.mission_panel) is timed too.
3. `forecast evaluate` (load + rolling-origin evaluation, no report) on
   tests/fixtures/ucdp/ged231_car_1991_2020.csv.gz at adm1 level, the last 60 months scored.

    cd bench && ../.venv/bin/python bench_forecast.py [--incidents 1000000] [--cells 10000] [--months 48]
    cd bench && ../.venv/bin/python bench_forecast.py --full [--level priogrid|h3] [--target fatalities|incidents]
"""

import argparse
import os
import statistics
import time

import numpy as np
from common import ROOT, machine, peak_rss_mb, setup_django

CAR = ROOT / "tests" / "fixtures" / "ucdp" / "ged231_car_1991_2020.csv.gz"


def synthetic_events(n: int, cells: int, months: int, seed: int = 0):
    """(cell gid, start month, end month, fatalities) arrays and the unit gids."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(cells)))
    rows, cols = np.divmod(np.arange(cells), side)
    units = (200 + rows) * 720 + (380 + cols) + 1
    weight = rng.pareto(1.2, cells) + 0.01
    cell = units[rng.choice(cells, size=n, p=weight / weight.sum())]
    first_month = 500
    start = first_month + rng.integers(0, months, n)
    end = np.minimum(start + np.where(rng.random(n) < 0.05, rng.integers(1, 3, n), 0), first_month + months - 1)
    killed = np.where(rng.random(n) < 0.3, rng.negative_binomial(1, 0.2, n) + 1, 0).astype(float)
    return np.sort(units), cell, start, end, killed, first_month


def run_once(args) -> dict:
    from peaceops.analytics.forecasting.panel import build_panel
    from peaceops.analytics.forecasting.units import priogrid_neighbours
    from peaceops.analytics.services import MissionPanel, forecast_rows

    units, cell, start, end, killed, first = synthetic_events(args.incidents, args.cells, args.months)
    t0 = time.perf_counter()
    panel = build_panel(cell, start, end, killed, units, first, first + args.months - 1)
    neighbours = priogrid_neighbours(units)
    t1 = time.perf_counter()
    data = MissionPanel(panel, [f"PRIO-GRID {g}" for g in units], neighbours, args.incidents)
    rows = forecast_rows(data, max_iter=args.trees)
    t2 = time.perf_counter()
    assert len(rows) == len(units) * 12
    return {"panel": t1 - t0, "fit_forecast": t2 - t1, "total": t2 - t0}


def fill_mission(args):
    """Write the synthetic events as incidents of mission BENCH (points uniform inside their PRIO-GRID cell,
    times inside their months, casualty rows for the lethal ones); returns (mission, user, origin month)."""
    import datetime as dt
    import uuid

    from bench_world import make_world
    from django.db import connection, transaction

    from peaceops.analytics.forecasting.units import month_start
    from peaceops.core.choices import Role
    from peaceops.core.services import create_user, grant_role
    from peaceops.geo.h3cells import cell_of
    from peaceops.incidents.models import Category

    world = make_world()
    user = create_user(username="bench-forecaster", password=None)
    grant_role(user=user, mission=world.mission, organisation=world.owner, role=Role.VIEWER)
    category = Category.objects.get(mission=world.mission, path="mission/crime").pk
    units, cell, start, end, killed, first = synthetic_events(args.incidents, args.cells, args.months)
    rng = np.random.default_rng(1)
    rows_, cols = np.divmod(cell - 1, 720)
    lat = rows_ * 0.5 - 90 + rng.uniform(0.01, 0.49, len(cell))
    lon = cols * 0.5 - 180 + rng.uniform(0.01, 0.49, len(cell))
    day = rng.integers(1, 28, len(cell))
    columns = ["id", "mission_id", "owner_id", "classification", "created_at", "updated_at", "title", "description",
               "occurred_start", "occurred_end", "time_precision", "reported_at", "lon", "lat",
               "location_precision", "location_name", "h3_cell", "category_id", "status",
               "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high",
               "external_id"]
    insert = (f"INSERT INTO incidents_incident ({', '.join(columns)}) "
              f"VALUES ({', '.join(['%s'] * len(columns))})")
    casualty = ("INSERT INTO incidents_casualty (incident_id, \"group\", killed_low, killed_best, killed_high, "
                "injured_low, injured_best, injured_high) VALUES (%s, 'civilians', %s, %s, %s, 0, 0, 0)")
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    t0 = time.perf_counter()
    for chunk in range(0, len(cell), 50_000):
        rows, casualties = [], []
        for i in range(chunk, min(chunk + 50_000, len(cell))):
            pk = uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | i).hex
            begin = month_start(int(start[i])).replace(day=int(day[i])).strftime("%Y-%m-%d 12:00:00")
            finish = month_start(int(end[i])).replace(day=int(day[i])).strftime("%Y-%m-%d 13:00:00")
            k = int(killed[i])
            rows.append((pk, world.mission.pk, world.owner.pk, "PUBLIC", now, now, f"Synthetic incident {i}", "",
                         begin, finish, "day" if end[i] == start[i] else "month", finish, float(lon[i]),
                         float(lat[i]), "exact", "", cell_of(float(lon[i]), float(lat[i])), category, "reported",
                         k, k, k, 0, 0, 0, f"bench-forecast-{i}"))
            if k:
                casualties.append((pk, k, k, k))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
            cursor.executemany(casualty, casualties)
        print(f"\rfilled {chunk + len(rows):,} / {len(cell):,}", end="", flush=True)
    print(f" in {time.perf_counter() - t0:.0f} s")
    return world.mission, user, first + args.months - 1


def run_full(args) -> None:
    """The whole `peaceops forecast run` on a database mission (see the module docstring, 2)."""
    from django.core.management import call_command

    from peaceops.analytics import services
    from peaceops.analytics.forecasting.units import month_start
    from peaceops.analytics.models import RiskForecast

    mission, user, origin = fill_mission(args)
    t0 = time.perf_counter()
    data = services.mission_panel(mission, user, args.level, origin, target=args.target)
    read = time.perf_counter() - t0
    rss_read = peak_rss_mb()
    t1 = time.perf_counter()
    call_command("forecast", "run", "--mission", mission.code, "--user", user.username, "--level", args.level,
                 "--target", args.target, "--origin", month_start(origin).strftime("%Y-%m"), "--trees",
                 str(args.trees), verbosity=0)
    total = time.perf_counter() - t1
    stored = RiskForecast.objects.filter(mission=mission, level=args.level, target=args.target).count()
    print(f"forecast run (whole command, database {os_db()}), {args.incidents:,} incidents, "
          f"{len(data.panel.units):,} {args.level} units ({args.cells:,} event cells), {args.months} months, "
          f"target {args.target}, {args.trees} trees: read + panel {read:.1f} s (peak RSS so far "
          f"{rss_read:.0f} MB); whole command {total:.1f} s storing {stored:,} rows; peak RSS {peak_rss_mb():.0f} MB")


def os_db() -> str:
    from django.db import connection

    return connection.vendor


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=48, help="months of history before the origin")
    parser.add_argument("--trees", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-evaluate", action="store_true")
    parser.add_argument("--full", action="store_true",
                        help="time the whole `forecast run` command on a database mission (fills it first)")
    parser.add_argument("--level", default="priogrid", choices=("priogrid", "h3"), help="with --full")
    parser.add_argument("--target", default="fatalities", choices=("fatalities", "incidents"), help="with --full")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "forecast.sqlite3"), help="with --full")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.full:
        from pathlib import Path

        setup_django(Path(args.db), fresh=True)
        run_full(args)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
    import django

    django.setup()
    from peaceops.analytics.forecasting import evaluate as evaluation

    runs = [run_once(args) for _ in range(args.repeat)]
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"forecast run, {args.incidents:,} incidents, {args.cells:,} cells, {args.months} months, "
          f"{args.trees} trees: panel {median['panel']:.1f} s, fit + 12-month forecast "
          f"{median['fit_forecast']:.1f} s, total {median['total']:.1f} s (median of {args.repeat}); "
          f"peak RSS {peak_rss_mb():.0f} MB")
    if not args.skip_evaluate:
        t0 = time.perf_counter()
        data = evaluation.load_ged(CAR, "adm1")
        evaluation.evaluate(data, scored_months=60)
        print(f"forecast evaluate, CAR GED 1991-2020, adm1 ({len(data.panel.units)} units), 60 months scored: "
              f"{time.perf_counter() - t0:.1f} s; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
