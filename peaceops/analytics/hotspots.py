"""Hotspots: Getis-Ord Gi* z-scores of incident counts over H3 cells.

The study area is every cell with at least one incident plus its ring-1 neighbours (h3 grid_disk k=1), the
neighbours counting 0 unless they have incidents of their own. Weights are binary: w_ij = 1 when j is in the
grid disk of i (i itself included, as Gi* does) and j is in the study area. With n cells, mean X and
S = sqrt(sum(x^2)/n - X^2):

    Gi* = (sum_j w_ij x_j - X W_i) / (S sqrt((n sum_j w_ij^2 - W_i^2) / (n - 1))),   W_i = sum_j w_ij

which is a z-score under the null hypothesis of no spatial association. A cell is a hotspot at 95% when
z > 1.96 and at 99% when z > 2.58 (one test per cell, no correction for the many tests: read it as a map of
where to look, not as proof). Small samples: the z-score is left out (None) when it is undefined, i.e. fewer
than 2 cells, all counts equal (S = 0), or a cell whose disk covers the whole study area (one isolated cluster
has nothing to stand out from).
"""

import math

import h3
from django.utils.translation import gettext_lazy as _

from peaceops.geo import h3cells
from peaceops.incidents.aggregates import aggregate
from peaceops.incidents.filters import FilterError

DEFAULT_RESOLUTION = 7
MIN_RESOLUTION = 4
MAX_RESOLUTION = 10
Z95 = 1.96
Z99 = 2.58


def check_resolution(resolution: int | None) -> int:
    resolution = DEFAULT_RESOLUTION if resolution is None else resolution
    if not MIN_RESOLUTION <= resolution <= MAX_RESOLUTION:
        raise FilterError("resolution", _("must be between %(low)s and %(high)s (not %(value)s)"), low=MIN_RESOLUTION,
                          high=MAX_RESOLUTION, value=resolution)
    return resolution


def study_area(counts: dict[str, int]) -> dict[str, int]:
    """The cells with incidents and their ring-1 neighbours, with their counts (0 for the neighbours)."""
    area = {}
    for cell in counts:
        for neighbour in h3.grid_disk(cell, 1):
            area.setdefault(neighbour, 0)
    area.update(counts)
    return area


def gi_star(counts: dict[str, int]) -> dict[str, float | None]:
    """Gi* z-score of every cell of the study area built from `counts` (H3 cell string -> incidents)."""
    area = study_area({c: n for c, n in counts.items() if n})
    n = len(area)
    if n < 2:
        return dict.fromkeys(area)
    mean = sum(area.values()) / n
    s = math.sqrt(max(sum(x * x for x in area.values()) / n - mean * mean, 0.0))
    scores: dict[str, float | None] = {}
    for cell in area:
        disk = [j for j in h3.grid_disk(cell, 1) if j in area]
        weight = len(disk)  # binary weights: sum w = sum w^2
        spread = (n * weight - weight * weight) / (n - 1)
        if s == 0 or spread <= 0:
            scores[cell] = None
            continue
        local = sum(area[j] for j in disk)
        scores[cell] = (local - mean * weight) / (s * math.sqrt(spread))
    return scores


def confidence(z: float | None) -> int | None:
    if z is None:
        return None
    return 99 if z > Z99 else 95 if z > Z95 else None


def significant(counts: dict[str, int], top: int | None = None, occupied: bool = False) -> list[dict]:
    """The hotspot cells (z > 1.96), strongest first: cell, count, z, confidence, centre lon/lat.

    Gi* also flags cells without incidents next to heavy ones (their neighbourhood is hot); `occupied` keeps
    only the cells with incidents of their own."""
    scores = gi_star(counts)
    found = []
    for cell, z in scores.items():
        level = confidence(z)
        if level is None or (occupied and not counts.get(cell)):
            continue
        lat, lon = h3.cell_to_latlng(cell)
        found.append({"cell": cell, "count": counts.get(cell, 0), "z": round(z, 4), "confidence": level,
                      "lon": round(lon, 6), "lat": round(lat, 6)})
    found.sort(key=lambda h: (-h["z"], h["cell"]))
    return found[:top] if top else found


def cell_counts(queryset, resolution: int) -> dict[str, int]:
    """Incidents per H3 cell at `resolution` of a visible, filtered queryset (one grouped query)."""
    buckets = aggregate(queryset, "h3", resolution=resolution)["buckets"]
    return {b["key"]: b["count"] for b in buckets}


def counts_of_cells(stored_cells, resolution: int) -> dict[str, int]:
    """Incidents per H3 cell at `resolution`, from stored (resolution 12) integer cells."""
    counts: dict[str, int] = {}
    for stored in stored_cells:
        if stored is None:
            continue
        cell = h3cells.to_string(h3cells.parent_of(int(stored), resolution))
        counts[cell] = counts.get(cell, 0) + 1
    return counts


def hotspots(queryset, resolution: int, top: int | None = None, occupied: bool = False) -> dict:
    """The hotspots of a visible, filtered queryset, with the size of the study area and the incidents in it."""
    counts = cell_counts(queryset, resolution)
    return {"resolution": resolution, "study_cells": len(study_area(counts)) if counts else 0,
            "total": sum(counts.values()), "hotspots": significant(counts, top, occupied)}
