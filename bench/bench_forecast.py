"""Benchmark: `peaceops forecast run`'s model part at scale, and `forecast evaluate` on the CAR GED fixture.

1. A synthetic mission of N incidents (default 1M) over C PRIO-GRID-like cells (default 10,000: a 100 x 100
   block), generated directly as numpy arrays (no database): a few hot cells take most events, 5% of events
   span two or three months, fatalities are negative-binomial with most events non-lethal. Timed: the panel
   build, the model fit, and the 12-month forecast with the stored summaries (services.forecast_rows, the
   same code the command runs after reading the incidents). Target: under 5 minutes and 4 GB on 2 cores.
2. `forecast evaluate` (load + rolling-origin evaluation, no report) on
   tests/fixtures/ucdp/ged231_car_1991_2020.csv.gz at adm1 level, the last 60 months scored.

    cd bench && ../.venv/bin/python bench_forecast.py [--incidents 1000000] [--cells 10000] [--months 48]
"""

import argparse
import os
import statistics
import time

from common import ROOT, machine, peak_rss_mb

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from peaceops.analytics.forecasting import evaluate as evaluation  # noqa: E402
from peaceops.analytics.forecasting.panel import build_panel  # noqa: E402
from peaceops.analytics.forecasting.units import priogrid_neighbours  # noqa: E402
from peaceops.analytics.services import MissionPanel, forecast_rows  # noqa: E402

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=48, help="months of history before the origin")
    parser.add_argument("--trees", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-evaluate", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
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
