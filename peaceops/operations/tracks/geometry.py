"""What a sequence of positions (sorted by time) gives: its length (haversine), box, simplified line for maps,
and the time spent per H3 cell and week (presence), computed with numpy on whole arrays.

Presence: each segment between two consecutive positions gives half its duration to the cell (and week) of
each end. A segment longer than `GAP_SECONDS` in time or `GAP_METRES` in distance counts nothing: a gap in the
positions (phone off, no signal) is not presence.
"""

import datetime as dt

import h3.api.basic_int as h3
import numpy as np
import shapely

from ..presence import RESOLUTION

#: Earth's mean radius (m), the haversine's.
EARTH_RADIUS_M = 6_371_008.8
#: A segment longer than this in time (s) or distance (m) is a gap: no presence (the length still counts it).
GAP_SECONDS = 600
GAP_METRES = 2_000
#: Tolerance of the map line's simplification (degrees, about 10 m).
SIMPLIFY_TOLERANCE = 0.0001
#: Seconds from the epoch to the Monday before it (1969-12-29), to cut time into weeks.
_MONDAY_OFFSET = 3 * 86_400
_WEEK = 7 * 86_400


def segment_metres(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The haversine length (m) of each segment between consecutive positions (one fewer than positions)."""
    if len(lon) < 2:
        return np.zeros(0)
    lam, phi = np.radians(lon), np.radians(lat)
    dphi, dlam = np.diff(phi), np.diff(lam)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def bbox(lon: np.ndarray, lat: np.ndarray, before: list | None = None) -> list:
    """[west, south, east, north] of the positions, widened to hold `before` (a box already known)."""
    box = [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]
    if before:
        box = [min(box[0], before[0]), min(box[1], before[1]), max(box[2], before[2]), max(box[3], before[3])]
    return box


def simplified(coords) -> list:
    """The line [[lon, lat], ...] (a list or an (n, 2) array) simplified for maps (shapely, Douglas-Peucker); a
    single point stays one."""
    if len(coords) < 3:
        return [list(map(float, c)) for c in coords]
    coords = np.asarray(coords, dtype=float)
    line = shapely.simplify(shapely.linestrings(coords), SIMPLIFY_TOLERANCE, preserve_topology=False)
    return np.round(shapely.get_coordinates(line), 6).tolist()


def presence(ts: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> dict:
    """{(monday, cell): seconds} for positions sorted by time (`ts`: epoch seconds). To add positions to a
    track, pass its last stored position first and then the new ones: only the new segments count (the stored
    position's earlier segment was counted before)."""
    if len(ts) < 2:
        return {}
    seconds = np.diff(ts)
    metres = segment_metres(lon, lat)
    seconds = np.where((seconds > GAP_SECONDS) | (metres > GAP_METRES), 0.0, seconds)
    weight = np.zeros(len(ts))
    weight[:-1] += seconds / 2
    weight[1:] += seconds / 2
    keep = weight > 0
    if not keep.any():
        return {}
    cells = np.fromiter((h3.latlng_to_cell(y, x, RESOLUTION) for x, y in zip(lon[keep].tolist(), lat[keep].tolist(), strict=True)),
                        dtype=np.int64, count=int(keep.sum()))
    weeks = np.floor((ts[keep] + _MONDAY_OFFSET) / _WEEK).astype(np.int64)
    pairs = np.stack([weeks, cells], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=weight[keep])
    epoch = dt.date(1970, 1, 1)
    return {(epoch + dt.timedelta(seconds=int(w) * _WEEK - _MONDAY_OFFSET), int(c)): float(s)
            for (w, c), s in zip(unique, sums, strict=True) if s > 0}
