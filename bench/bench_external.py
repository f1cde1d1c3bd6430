"""Benchmark: reading an external forecast file in the ViEWS layout, and scoring its samples.

A synthetic long-samples Parquet file (C cells x M months x D draws, Poisson(1) outcomes; 10% of the cells lie
outside the "mission", as in a file cut to a region) is read by `layout.read_forecast` in chunks (the parse, checks,
duplicate and draw-count checks, grouping into unit-months, writing the rejects file of the outside rows),
and the sample scores of `score-external` are computed on the unit-months (numpy; no database).

    cd bench && ../.venv/bin/python bench_external.py [--cells 100] [--months 36] [--draws 1000] [--csv]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from common import machine, peak_rss_mb

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from peaceops.analytics.external.layout import read_forecast  # noqa: E402
from peaceops.analytics.external.scoring import _row_scores  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--csv", action="store_true", help="read a gzipped CSV instead of Parquet")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    rng = np.random.default_rng(0)
    cells = 190000 + np.arange(args.cells)
    month, cell, draw = np.meshgrid(541 + np.arange(args.months), cells, np.arange(args.draws), indexing="ij")
    frame = pl.DataFrame({"month_id": month.ravel(), "priogrid_gid": cell.ravel(), "draw": draw.ravel(),
                          "outcome": rng.poisson(1.0, month.size).astype(float)})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "samples.parquet"
        frame.write_parquet(path)
        if args.csv:
            path = Path(tmp) / "samples.csv.gz"
            _write_gz(frame, path)
        t0 = time.perf_counter()
        result = read_forecast(path, "priogrid", cells[: int(args.cells * 0.9)],
                               rejects_path=Path(tmp) / "rejects.csv")
        t1 = time.perf_counter()
    samples = np.array(list(result.values.values()))
    observed = rng.poisson(1.0, samples.shape[0]).astype(float)
    t3 = time.perf_counter()
    _row_scores("samples", samples, observed)
    t4 = time.perf_counter()
    print(f"{frame.height:,} rows ({args.cells} cells x {args.months} months x {args.draws} draws): read "
          f"{t1 - t0:.1f} s with the rejects file ({len(result.values):,} unit-months kept, {result.outside:,} rows "
          f"outside), sample scores {t4 - t3:.1f} s; peak RSS {peak_rss_mb():.0f} MB")


def _write_gz(frame, path):
    import gzip

    with gzip.open(path, "wb", compresslevel=1) as handle:
        frame.write_csv(handle)


if __name__ == "__main__":
    main()
