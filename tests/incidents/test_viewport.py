"""Cell ranges covering a map viewport: every point inside the bbox must fall in one of the ranges, whatever the
size, shape or place of the bbox (otherwise an aggregate would silently miss incidents)."""

import random

import pytest

from peaceops.geo.h3cells import cell_of
from peaceops.incidents.viewport import MAX_COVER_CELLS, Viewport, cell_ranges, cover_resolution


def _inside(cell: int, ranges) -> bool:
    return any(low <= cell <= high for low, high in ranges)


@pytest.mark.parametrize("seed", range(4))
def test_every_point_of_a_random_bbox_lies_in_its_cell_ranges(seed):
    rng = random.Random(seed)
    for _ in range(60):
        x, y = rng.uniform(-179, 150), rng.uniform(-80, 75)
        width, height = 10 ** rng.uniform(-5, 1.4), 10 ** rng.uniform(-5, 1)
        view = Viewport(x, y, x + width, y + height)
        ranges = cell_ranges(view)
        for _ in range(60):
            lon = rng.choice([x, x + width, rng.uniform(x, x + width)])
            lat = rng.choice([y, y + height, rng.uniform(y, y + height)])
            assert _inside(cell_of(lon, lat), ranges), (view, lon, lat)


def test_a_district_is_read_as_a_few_ranges_and_not_its_neighbours():
    district = Viewport(20.5, 42.3, 20.9, 42.6)
    ranges = cell_ranges(district)
    assert 1 <= len(ranges) <= MAX_COVER_CELLS
    assert _inside(cell_of(20.7, 42.45), ranges)
    assert not _inside(cell_of(21.6, 43.1), ranges)  # 70 km away
    assert cover_resolution(district) >= 4


def test_a_view_wider_than_a_hemisphere_is_the_whole_range():
    assert cell_ranges(Viewport(-170, -60, 170, 60)) == [(0, 2**63 - 1)]
