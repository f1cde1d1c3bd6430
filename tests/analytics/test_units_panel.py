"""PRIO-GRID ids as UCDP computes them, ViEWS month ids, and panels that keep every fatality."""

import csv
import datetime as dt
import gzip

import numpy as np
import pytest
from shapely.geometry import box

from peaceops.analytics.forecasting import benchmarks, units
from peaceops.analytics.forecasting.panel import build_panel


def test_priogrid_ids_equal_ucdp_ged_priogrid_gid(fixtures_dir):
    with gzip.open(fixtures_dir / "ucdp" / "ged_syria_2016_2018.csv.gz", "rt", newline="") as f:
        rows = [(float(r["latitude"]), float(r["longitude"]), int(r["priogrid_gid"])) for r in csv.DictReader(f)]
    lat, lon, expected = (np.array(c) for c in zip(*rows, strict=True))
    assert len(rows) > 10_000
    np.testing.assert_array_equal(units.priogrid_gid(lat, lon), expected)


def test_priogrid_cell_box_contains_its_points_and_corner_ids():
    assert units.priogrid_gid(-90, -180) == 1
    assert units.priogrid_gid(-89.9, 179.9) == 720
    assert units.priogrid_gid(89.9, 179.9) == 360 * 720
    gid = int(units.priogrid_gid(42.66, 21.17))  # Pristina
    assert units.priogrid_cell(gid).bounds == (21.0, 42.5, 21.5, 43.0)


def test_cells_covering_a_polygon_and_their_neighbours():
    area = box(20.1, 42.1, 20.9, 42.4)  # spans two columns, one row
    cells = units.priogrid_cells_covering(area)
    assert len(cells) == 2 and cells[1] == cells[0] + 1
    assert units.priogrid_neighbours(cells) == [[1], [0]]


def test_month_ids_follow_views():
    assert units.month_of(dt.date(1980, 1, 15)) == 1
    assert units.month_of(dt.date(2020, 12, 31)) == 492
    assert units.month_start(492) == dt.date(2020, 12, 1)


def test_panel_splits_events_spanning_months_and_keeps_the_total():
    # Event 0: 7 fatalities over months 10-12 -> 3, 2, 2. Event 1: 4 in month 11 of unit "b".
    # Event 2 is in an unknown unit and event 3 outside the months: both left out.
    panel = build_panel(["a", "b", "zz", "a"], [10, 11, 10, 30], [12, 11, 10, 30], [7, 4, 9, 5],
                        units=["a", "b"], first_month=10, last_month=12)
    np.testing.assert_array_equal(panel.values, [[3, 2, 2], [0, 4, 0]])
    counts = build_panel(["a"], [10], [11], [1], units=["a"], first_month=10, last_month=12, whole=False)
    np.testing.assert_allclose(counts.values, [[0.5, 0.5, 0]])
    assert panel.column(12) == 2
    with pytest.raises(IndexError):
        panel.column(13)


def test_benchmarks_reproduce_their_definitions_on_a_hand_panel():
    history = np.array([[0, 0, 5, 1], [2, 2, 2, 0]], dtype=float)
    np.testing.assert_array_equal(benchmarks.benchmark("zero", history, 4), np.zeros((2, 4)))
    np.testing.assert_array_equal(benchmarks.benchmark("persistence", history, 3), [[1, 1, 1], [0, 0, 0]])
    # conflictology over 2 months with 4 samples is exactly the last two months, twice.
    c2 = benchmarks.conflictology(history, 4, months=2)
    np.testing.assert_array_equal(np.sort(c2, axis=1), [[1, 1, 5, 5], [0, 0, 2, 2]])
    # conflictology_12 on 4 months of history uses what there is.
    c12 = benchmarks.benchmark("conflictology_12", history, 400)
    assert set(np.unique(c12[0])) <= {0, 1, 5} and set(np.unique(c12[1])) <= {0, 2}
    poisson = benchmarks.benchmark("poisson_last", history, 20_000, np.random.default_rng(1))
    assert poisson[0].mean() == pytest.approx(1, abs=0.05) and (poisson[1] == 0).all()
    with pytest.raises(ValueError, match="unknown benchmark"):
        benchmarks.benchmark("oracle", history, 4)
