"""Benchmark: reading an external forecast file in the ViEWS layout, and scoring its samples.

A synthetic long-samples file (C cells x M months x D draws, Poisson(1) outcomes; Parquet, or gzipped CSV with
--csv) is written by a child process, so that the peak memory reported is the reading's alone. Of its cells,
--inside lie in the "mission" (default 90%, as in a file cut to a region; a few, as in a global grid file
imported for a small mission). `layout.read_forecast` reads it in chunks (the parse, checks, duplicate and
draw-count checks, grouping into unit-months, and the rejects file of the outside rows), then the sample
scores of `score-external` are computed on the kept unit-months (numpy; no database).

    cd bench && ../.venv/bin/python bench_external.py [--cells 100] [--months 36] [--draws 1000] [--csv]
        [--inside N]
"""

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

from common import machine, peak_rss_mb

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from peaceops.analytics.external.layout import read_forecast  # noqa: E402
from peaceops.analytics.external.scoring import _row_scores  # noqa: E402

FIRST_CELL = 190000


def write_file(path: Path, cells: int, months: int, draws: int) -> None:
    """The synthetic file (run in a child process)."""
    import gzip

    import polars as pl

    rng = np.random.default_rng(0)
    month, cell, draw = np.meshgrid(541 + np.arange(months), FIRST_CELL + np.arange(cells), np.arange(draws),
                                    indexing="ij")
    frame = pl.DataFrame({"month_id": month.ravel(), "priogrid_gid": cell.ravel(), "draw": draw.ravel(),
                          "outcome": rng.poisson(1.0, month.size).astype(float)})
    if path.suffix == ".gz":
        with gzip.open(path, "wb", compresslevel=1) as handle:
            frame.write_csv(handle)
    else:
        frame.write_parquet(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--csv", action="store_true", help="a gzipped CSV file instead of Parquet")
    parser.add_argument("--inside", type=int, default=None, help="cells in the mission (default: 90%%)")
    args = parser.parse_args()
    inside = args.inside if args.inside is not None else int(args.cells * 0.9)
    rows = args.cells * args.months * args.draws
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("samples.csv.gz" if args.csv else "samples.parquet")
        child = multiprocessing.get_context("spawn").Process(
            target=write_file, args=(path, args.cells, args.months, args.draws))
        child.start()
        child.join()
        size = path.stat().st_size / 2**20
        t0 = time.perf_counter()
        result = read_forecast(path, "priogrid", FIRST_CELL + np.arange(inside),
                               rejects_path=Path(tmp) / "rejects.csv")
        t1 = time.perf_counter()
    samples = np.array(list(result.values.values()))
    observed = np.random.default_rng(1).poisson(1.0, samples.shape[0]).astype(float)
    t2 = time.perf_counter()
    _row_scores("samples", samples, observed)
    t3 = time.perf_counter()
    print(f"{rows:,} rows ({args.cells} cells x {args.months} months x {args.draws} draws, {path.name} "
          f"{size:.0f} MiB): read with the rejects file {t1 - t0:.1f} s ({len(result.values):,} unit-months kept, "
          f"{result.outside:,} rows outside), sample scores {t3 - t2:.1f} s; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
