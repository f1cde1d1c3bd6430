"""A map viewport (bbox) as a few ranges of stored H3 cell numbers, so that aggregates read only the view.

An incident stores the H3 cell of its point at resolution 12 as an integer. All resolution-12 descendants of a
coarser cell form one contiguous range of integers (the coarser cell fixes the high bits; the finer digits vary
below them), so the H3 cells overlapping a bbox at a coarse resolution become a handful of integer ranges. The
incident table's cell index (`incident_cell_idx`, leading on `h3_cell`) answers each range with one index
seek, and the exact lon/lat test is still applied inside the index. This turns "every incident of the time
window, then keep those in the view" into "the incidents near the view, then keep those in the window".

The covering is complete: every point inside the bbox lies in one of the ranges (a tested property). The bbox
is widened by `MARGIN_DEGREES` before covering, for points exactly on an edge and for the small difference
between a cell's true (geodesic) outline and the straight-edged polygon H3 tests overlap with.
"""

import math
from dataclasses import dataclass

import h3

from peaceops.geo.h3cells import STORED_RESOLUTION

#: Widening of the bbox before it is covered with cells, in degrees (about 100 m).
MARGIN_DEGREES = 0.001
#: The finest resolution used to cover a view (cells of about 5 km2); finer ones only add ranges.
FINEST_COVER_RESOLUTION = 7
#: At most this many cells are used to cover a view: the resolution is chosen to stay under it.
MAX_COVER_CELLS = 48
_RES_SHIFT = 52
_RES_MASK = 0xF << _RES_SHIFT
_EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Viewport:
    """A bbox in WGS84 degrees: min_lon, min_lat, max_lon, max_lat."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def area_km2(self) -> float:
        """The area of the bbox on the sphere."""
        width = math.radians(self.max_lon - self.min_lon)
        band = abs(math.sin(math.radians(self.max_lat)) - math.sin(math.radians(self.min_lat)))
        return _EARTH_RADIUS_KM**2 * width * band

    def size_km(self) -> tuple[float, float]:
        """Width (along its widest parallel) and height of the bbox."""
        lats = [self.min_lat, self.max_lat] + ([0.0] if self.min_lat < 0 < self.max_lat else [])
        widest = max(math.cos(math.radians(lat)) for lat in lats)
        width = math.radians(self.max_lon - self.min_lon) * _EARTH_RADIUS_KM * widest
        return width, math.radians(self.max_lat - self.min_lat) * _EARTH_RADIUS_KM


def descendant_range(cell: int, resolution: int) -> tuple[int, int]:
    """The first and last stored (resolution-12) cell numbers under a cell of the given resolution."""
    high_bits = cell & ~_RES_MASK & ~((1 << (3 * (15 - resolution))) - 1)
    stored = high_bits | (STORED_RESOLUTION << _RES_SHIFT)
    unused_below_stored = (1 << (3 * (15 - STORED_RESOLUTION))) - 1
    return stored | unused_below_stored, stored | ((1 << (3 * (15 - resolution))) - 1)


def cover_resolution(view: Viewport) -> int:
    """The finest resolution (at most FINEST_COVER_RESOLUTION) at which some MAX_COVER_CELLS cells cover the view."""
    width_km, height_km = view.size_km()
    for resolution in range(FINEST_COVER_RESOLUTION, -1, -1):
        # Overlapping cells: the view's worth of cells plus a ring of border cells around it.
        cell_km = math.sqrt(h3.average_hexagon_area(resolution, unit="km^2"))
        if (width_km / cell_km + 2) * (height_km / cell_km + 2) <= MAX_COVER_CELLS:
            return resolution
    return 0


def cell_ranges(view: Viewport) -> list[tuple[int, int]]:
    """Sorted, merged ranges of stored cell numbers that hold every point of the view."""
    resolution = cover_resolution(view)
    box = Viewport(max(-180.0, view.min_lon - MARGIN_DEGREES), max(-90.0, view.min_lat - MARGIN_DEGREES),
                   min(180.0, view.max_lon + MARGIN_DEGREES), min(90.0, view.max_lat + MARGIN_DEGREES))
    if box.max_lon - box.min_lon >= 180 or resolution == 0:
        # H3 polygons must be narrower than a hemisphere; so wide a view is simply the whole range.
        return [(0, 2**63 - 1)]
    merged: list[tuple[int, int]] = []
    for low, high in sorted(descendant_range(c, resolution) for c in covering_cells(box, resolution)):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def covering_cells(box: Viewport, resolution: int) -> set[int]:
    """Every cell of the resolution that overlaps the box.

    A cell overlapping the box either lies wholly inside it (its centre is inside: H3's polygon fill finds it)
    or crosses its outline. The outline is walked in steps shorter than a cell edge, and each cell met is taken
    with its ring of neighbours, so that a cell clipped between two steps is not missed.
    """
    shape = h3.LatLngPoly([(box.min_lat, box.min_lon), (box.min_lat, box.max_lon),
                           (box.max_lat, box.max_lon), (box.max_lat, box.min_lon)])
    cells = {h3.str_to_int(c) for c in h3.h3shape_to_cells(shape, resolution)}
    step_km = h3.average_hexagon_edge_length(resolution, unit="km") / 2
    lat_step = math.degrees(step_km / _EARTH_RADIUS_KM)
    widest = max(math.cos(math.radians(box.min_lat)), math.cos(math.radians(box.max_lat)), 1e-6)
    if box.min_lat < 0 < box.max_lat:
        widest = 1.0
    lon_step = lat_step / widest
    outline = set()
    for lon in _steps(box.min_lon, box.max_lon, lon_step):
        outline.add(h3.latlng_to_cell(box.min_lat, lon, resolution))
        outline.add(h3.latlng_to_cell(box.max_lat, lon, resolution))
    for lat in _steps(box.min_lat, box.max_lat, lat_step):
        outline.add(h3.latlng_to_cell(lat, box.min_lon, resolution))
        outline.add(h3.latlng_to_cell(lat, box.max_lon, resolution))
    for cell in outline:
        cells.update(h3.str_to_int(c) for c in h3.grid_disk(cell, 1))
    return cells


def _steps(start: float, stop: float, step: float):
    """start, start + step, ..., and stop itself."""
    count = max(1, math.ceil((stop - start) / step))
    return [start + (stop - start) * i / count for i in range(count + 1)]


def viewport_of(params) -> Viewport | None:
    """The `bbox` filter parameter of a dict or QueryDict as a Viewport (None when absent; FilterError if bad)."""
    from .filters import parse_bbox

    value = (params.get("bbox") or "").strip()
    return Viewport(*parse_bbox(value)) if value else None


def extent_of(missions) -> Viewport | None:
    """The bbox of the missions' admin areas (a Mission queryset or list of ids), None before any is loaded."""
    from django.db.models import Max, Min

    from peaceops.geo.models import AdminArea

    box = AdminArea.objects.filter(mission__in=missions).aggregate(
        a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat")
    )
    return None if box["a"] is None else Viewport(box["a"], box["b"], box["c"], box["d"])
