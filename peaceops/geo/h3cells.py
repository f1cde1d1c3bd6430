"""H3 helpers: the cell an incident is stored under, and its parents at coarser resolutions, in Python and SQL.

Incidents keep the H3 cell of their point at STORED_RESOLUTION as a 64-bit integer. Any coarser cell is
derived from it by bit arithmetic (H3's index layout: resolution in bits 52-55, one 3-bit digit per
resolution, unused digits set to 7), so aggregation at any resolution needs no extra column.
"""

import h3
from django.db import models
from django.db.models import Func

STORED_RESOLUTION = 12
MAX_AGGREGATE_RESOLUTION = STORED_RESOLUTION
_RES_SHIFT = 52
_RES_MASK = 0xF << _RES_SHIFT


def cell_of(lon: float, lat: float, resolution: int = STORED_RESOLUTION) -> int:
    """The H3 cell (as an integer) containing a WGS84 point."""
    return h3.str_to_int(h3.latlng_to_cell(lat, lon, resolution))


def parent_of(cell: int, resolution: int) -> int:
    """The cell's ancestor at a coarser resolution (pure bit arithmetic, same as h3.cell_to_parent)."""
    unused_digits = (1 << (3 * (15 - resolution))) - 1
    return (cell & ~_RES_MASK) | (resolution << _RES_SHIFT) | unused_digits


def parent_sql(column: str, resolution: int) -> str:
    """An SQL expression (SQLite and PostgreSQL) giving the parent cell of an integer H3 column."""
    if not 0 <= resolution <= MAX_AGGREGATE_RESOLUTION:
        raise ValueError(f"resolution must be between 0 and {MAX_AGGREGATE_RESOLUTION}")
    keep_mask = ~_RES_MASK & ~((1 << (3 * (15 - resolution))) - 1) & 0x7FFFFFFFFFFFFFFF
    set_bits = (resolution << _RES_SHIFT) | ((1 << (3 * (15 - resolution))) - 1)
    return f"(({column} & {keep_mask}) | {set_bits})"


def to_string(cell: int) -> str:
    return h3.int_to_str(cell)


def boundary_lonlat(cell: int) -> list[list[float]]:
    """The cell's outline as a closed GeoJSON ring of [lon, lat]."""
    ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(h3.int_to_str(cell))]
    return ring + [ring[0]]


class ParentCell(Func):
    """The ancestor of an integer H3 column at a coarser resolution, as a database expression.

    The bit masks are written into the SQL as literals (not parameters), so that the same expression in a query
    and in an index definition are recognised as one by SQLite and PostgreSQL: a query filtering on
    `ParentCell(F("h3_cell"), resolution=6)` can then seek the index built on it.
    """

    arity = 1
    output_field = models.BigIntegerField()

    def __init__(self, expression, *, resolution: int):
        if not 0 <= resolution <= MAX_AGGREGATE_RESOLUTION:
            raise ValueError(f"resolution must be between 0 and {MAX_AGGREGATE_RESOLUTION}")
        self.resolution = resolution
        super().__init__(expression, template=parent_sql("%(expressions)s", resolution))

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("template", None)
        return path, args, {**kwargs, "resolution": self.resolution}
