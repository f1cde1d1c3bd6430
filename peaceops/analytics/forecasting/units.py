"""Forecasting units: months numbered the ViEWS way, PRIO-GRID cells and H3 cells.

- `month_id`: 1 is January 1980, as in ViEWS, so external forecasts in the ViEWS layout line up.
- PRIO-GRID (Tollefsen, Strand & Buhaug 2012) divides the world into 0.5 x 0.5 degree cells numbered row by
  row from the south-west corner: gid = row * 720 + col + 1, row = floor((lat + 90) / 0.5),
  col = floor((lon + 180) / 0.5). UCDP GED's `priogrid_gid` column uses the same numbering.
- H3 (Uber's hexagonal grid) cells at one resolution, as 64-bit integers (the form incidents store theirs in,
  at resolution 12; a coarser cell is its parent). The default, resolution 4 (average cell 1,770 km2, edge
  about 22 km), is the H3 resolution nearest a PRIO-GRID cell (about 3,100 km2 at the equator, 2,700 km2 at
  30 degrees): resolution 3 (12,400 km2) would merge four to seven PRIO-GRID cells, resolution 5 (250 km2) split
  one into a dozen, multiplying the units (and the model's work) by seven for the same events. Neighbours are
  the cells of grid ring 1 (six; five around the twelve pentagons).
"""

import datetime as dt
import math

import h3
import numpy as np
from shapely.geometry import box

CELL_DEGREES = 0.5
COLUMNS = 720
#: The H3 resolution of H3 units unless one is given (see the module docstring).
DEFAULT_H3_RESOLUTION = 4
#: H3 resolutions accepted for forecasting units (0: 4.4M km2 cells ... 9: 0.1 km2).
H3_RESOLUTIONS = range(0, 10)


def month_id(year, month):
    """ViEWS month id (1 = 1980-01); works on scalars and numpy arrays."""
    return (np.asarray(year) - 1980) * 12 + np.asarray(month)


def month_of(date: dt.date) -> int:
    return int(month_id(date.year, date.month))


def parse_month(text: str) -> int:
    """The ViEWS month id of "YYYY-MM" (e.g. "2026-03"); ValueError for anything else."""
    try:
        year, month = (int(part) for part in str(text).strip().split("-"))
    except ValueError:
        raise ValueError(f"expected YYYY-MM, e.g. 2026-03, got {text!r}") from None
    if not 1 <= month <= 12 or not 1980 <= year <= 9999:
        raise ValueError(f"expected YYYY-MM, e.g. 2026-03, got {text!r}")
    return int(month_id(year, month))


def month_start(mid: int) -> dt.date:
    """The first day of a ViEWS month id."""
    year, month0 = divmod(int(mid) - 1, 12)
    return dt.date(1980 + year, month0 + 1, 1)


def priogrid_gid(lat, lon):
    """PRIO-GRID cell id of each point (scalars or arrays, WGS84 degrees)."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    row = np.floor((np.clip(lat, -90, 89.999999) + 90) / CELL_DEGREES).astype(np.int64)
    col = np.floor((np.clip(lon, -180, 179.999999) + 180) / CELL_DEGREES).astype(np.int64)
    return row * COLUMNS + col + 1


def priogrid_row_col(gid) -> tuple[np.ndarray, np.ndarray]:
    row, col = np.divmod(np.asarray(gid, dtype=np.int64) - 1, COLUMNS)
    return row, col


def priogrid_cell(gid: int):
    """The cell of a gid as a shapely box (lon/lat)."""
    row, col = divmod(int(gid) - 1, COLUMNS)
    west, south = col * CELL_DEGREES - 180, row * CELL_DEGREES - 90
    return box(west, south, west + CELL_DEGREES, south + CELL_DEGREES)


def priogrid_cells_covering(geometry) -> list[int]:
    """Every PRIO-GRID cell that intersects a (multi)polygon: the cells of a country or mission area."""
    west, south, east, north = geometry.bounds
    first_row, last_row = (math.floor((v + 90) / CELL_DEGREES) for v in (south, north))
    first_col, last_col = (math.floor((v + 180) / CELL_DEGREES) for v in (west, east))
    cells = []
    for row in range(first_row, last_row + 1):
        for col in range(first_col, last_col + 1):
            gid = row * COLUMNS + col + 1
            if geometry.intersects(priogrid_cell(gid)):
                cells.append(gid)
    return cells


def priogrid_neighbours(gids) -> list[list[int]]:
    """For each cell, the positions (in `gids`) of its up to eight neighbours that are also in `gids`."""
    position = {int(g): i for i, g in enumerate(gids)}
    result = []
    for gid in gids:
        row, col = divmod(int(gid) - 1, COLUMNS)
        near = []
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr or dc:
                    other = position.get((row + dr) * COLUMNS + (col + dc) % COLUMNS + 1)
                    if other is not None:
                        near.append(other)
        result.append(near)
    return result


def priogrid_with_neighbours(gids) -> np.ndarray:
    """The distinct cells of `gids` and their eight neighbours each, sorted."""
    cells = np.unique(np.asarray(gids, dtype=np.int64))
    rows, cols = np.divmod(cells - 1, COLUMNS)
    around = [(rows + dr) * COLUMNS + (cols + dc) % COLUMNS + 1 for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
    return np.unique(np.concatenate(around))


# --- H3 ------------------------------------------------------------------------------------------------------

def check_h3_resolution(resolution) -> int:
    """The resolution as an int, or ValueError naming the accepted range."""
    try:
        value = int(resolution)
    except (TypeError, ValueError):
        value = -1
    if value not in H3_RESOLUTIONS:
        raise ValueError(f"h3 resolution must be an integer from {H3_RESOLUTIONS[0]} to {H3_RESOLUTIONS[-1]}")
    return value


def h3_cells(lat, lon, resolution: int) -> np.ndarray:
    """The H3 cell (integer) of each point at `resolution`."""
    lat = np.asarray(lat, dtype=float).ravel()
    lon = np.asarray(lon, dtype=float).ravel()
    cells = [h3.str_to_int(h3.latlng_to_cell(a, o, resolution)) for a, o in zip(lat, lon, strict=True)]
    return np.array(cells, dtype=np.int64)


def h3_parents(cells, resolution: int) -> np.ndarray:
    """The ancestors at `resolution` of finer integer H3 cells (bit arithmetic, as geo.h3cells.parent_of)."""
    cells = np.asarray(cells, dtype=np.int64)
    res_mask = np.int64(0xF << 52)
    unused = np.int64((1 << (3 * (15 - resolution))) - 1)
    return (cells & ~res_mask) | np.int64(resolution << 52) | unused


def h3_ring(cell: int) -> list[int]:
    """The cells next to `cell` (grid ring 1: six, five for a pentagon), as integers."""
    return [h3.str_to_int(c) for c in h3.grid_disk(h3.int_to_str(int(cell)), 1) if h3.str_to_int(c) != int(cell)]


def h3_with_neighbours(cells) -> np.ndarray:
    """The distinct cells given and the cells of their ring 1, sorted."""
    found = set()
    for cell in np.unique(np.asarray(cells, dtype=np.int64)):
        found.add(int(cell))
        found.update(h3_ring(int(cell)))
    return np.array(sorted(found), dtype=np.int64)


def h3_cells_covering(geometry, resolution: int) -> list[int]:
    """Every H3 cell at `resolution` that overlaps a (multi)polygon (not only those whose centre is inside, so
    border cells holding events are units too)."""
    shape = h3.geo_to_h3shape(geometry.__geo_interface__)
    cells = h3.h3shape_to_cells_experimental(shape, resolution, contain="overlap")
    return sorted(h3.str_to_int(c) for c in cells)


def h3_neighbours(cells) -> list[list[int]]:
    """For each cell, the positions (in `cells`) of its ring-1 neighbours that are also in `cells`."""
    position = {int(c): i for i, c in enumerate(cells)}
    return [[position[n] for n in h3_ring(int(c)) if n in position] for c in cells]


def h3_label(cell: int) -> str:
    """The usual hexadecimal form of an integer H3 cell."""
    return h3.int_to_str(int(cell))
