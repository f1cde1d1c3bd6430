"""A map viewport (bbox) as the list of coarse H3 cells around it, so that aggregates read only the view.

The incident table's cell index (`incident_cell_idx`) is keyed by mission, the incident's H3 cell at
AREA_CELL_RESOLUTION (about 36 km2, derived from the stored resolution-12 cell by `ParentCell`) and time.
A query that filters on "area cell IN (the cells around the view)" and a time window seeks exactly the index
entries of those cells in that window, instead of every incident of the window; the exact lon/lat test is then
applied inside the index. (A point's resolution-12 cell sits under the coarse cell H3's hierarchy gives it,
which is the cell the point lies in or, near an edge, a neighbour of it.)

The list is complete: every point inside the bbox has its area cell in it (a tested property). The bbox is
widened by `MARGIN_DEGREES`, its outline is walked in steps shorter than a cell edge taking every cell met with
its ring of neighbours, and H3's polygon fill adds the cells inside.
"""

import math
from dataclasses import dataclass

import h3

from .models import AREA_CELL_RESOLUTION

#: Widening of the bbox before it is covered with cells, in degrees (about 100 m).
MARGIN_DEGREES = 0.001
#: A view needing more area cells than this is read through the mission/time index instead.
MAX_AREA_CELLS = 600
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


def area_cells(view: Viewport) -> list[int] | None:
    """The area cells (as integers) holding every point of the view, or None when there would be too many."""
    box = Viewport(max(-180.0, view.min_lon - MARGIN_DEGREES), max(-90.0, view.min_lat - MARGIN_DEGREES),
                   min(180.0, view.max_lon + MARGIN_DEGREES), min(90.0, view.max_lat + MARGIN_DEGREES))
    width_km, height_km = box.size_km()
    cell_km = math.sqrt(h3.average_hexagon_area(AREA_CELL_RESOLUTION, unit="km^2"))
    if box.max_lon - box.min_lon >= 180 or (width_km / cell_km + 4) * (height_km / cell_km + 4) > MAX_AREA_CELLS:
        return None
    cells = covering_cells(box, AREA_CELL_RESOLUTION)
    return sorted(cells) if len(cells) <= MAX_AREA_CELLS else None


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
