"""Forecasting units: months numbered the ViEWS way, and PRIO-GRID cells.

- `month_id`: 1 is January 1980, as in ViEWS, so external forecasts in the ViEWS layout line up.
- PRIO-GRID (Tollefsen, Strand & Buhaug 2012) divides the world into 0.5 x 0.5 degree cells numbered row by
  row from the south-west corner: gid = row * 720 + col + 1, row = floor((lat + 90) / 0.5),
  col = floor((lon + 180) / 0.5). UCDP GED's `priogrid_gid` column uses the same numbering.
"""

import datetime as dt
import math

import numpy as np
from shapely.geometry import box

CELL_DEGREES = 0.5
COLUMNS = 720


def month_id(year, month):
    """ViEWS month id (1 = 1980-01); works on scalars and numpy arrays."""
    return (np.asarray(year) - 1980) * 12 + np.asarray(month)


def month_of(date: dt.date) -> int:
    return int(month_id(date.year, date.month))


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
