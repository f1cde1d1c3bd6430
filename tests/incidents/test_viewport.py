"""The area cells around a map viewport: every point inside the bbox must have its area cell (the coarse H3
ancestor of its stored cell) in the list, whatever the size, shape or place of the bbox; otherwise an aggregate
would silently miss incidents."""

import random

import pytest

from peaceops.geo.h3cells import cell_of, parent_of
from peaceops.incidents.models import AREA_CELL_RESOLUTION
from peaceops.incidents.viewport import MAX_AREA_CELLS, Viewport, area_cells


def _area_cell(lon: float, lat: float) -> int:
    return parent_of(cell_of(lon, lat), AREA_CELL_RESOLUTION)


@pytest.mark.parametrize("seed", range(4))
def test_every_point_of_a_random_bbox_has_its_area_cell_listed(seed):
    rng = random.Random(seed)
    checked = 0
    for _ in range(80):
        x, y = rng.uniform(-179, 170), rng.uniform(-80, 75)
        width, height = 10 ** rng.uniform(-5, 0.3), 10 ** rng.uniform(-5, 0)
        view = Viewport(x, y, min(180, x + width), y + height)
        cells = area_cells(view)
        if cells is None:
            continue
        cells = set(cells)
        for _ in range(60):
            lon = rng.choice([view.min_lon, view.max_lon, rng.uniform(view.min_lon, view.max_lon)])
            lat = rng.choice([view.min_lat, view.max_lat, rng.uniform(view.min_lat, view.max_lat)])
            assert _area_cell(lon, lat) in cells, (view, lon, lat)
            checked += 1
    assert checked > 2000  # most random views were small enough to be covered


def test_a_district_is_a_few_dozen_cells_and_not_its_neighbours():
    district = Viewport(20.5, 42.3, 20.9, 42.6)
    cells = area_cells(district)
    assert cells is not None and 10 <= len(cells) <= 120
    assert _area_cell(20.7, 42.45) in cells
    assert _area_cell(21.6, 43.1) not in cells  # 70 km away


def test_a_view_too_wide_for_the_cell_index_is_not_covered():
    assert area_cells(Viewport(-170, -60, 170, 60)) is None
    assert area_cells(Viewport(10, 40, 25, 50)) is None  # the Balkans: thousands of cells
    assert len(area_cells(Viewport(20.0, 41.85, 21.8, 43.25)) or []) <= MAX_AREA_CELLS  # Kosovo
