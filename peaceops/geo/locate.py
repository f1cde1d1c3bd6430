"""Placing located records of any record type (the kit's `Located` mixin): admin areas from the mission's
boundaries, as far as the location precision allows, and the H3 cell. Installed into the kit by
`GeoConfig.ready()`; `place` is the one enrichment both a record service and a batch writer (incidents'
import) call."""

from h3.api.basic_int import latlng_to_cell

from peaceops.core.kit.choices import LocationPrecision

from .h3cells import STORED_RESOLUTION
from .index import AdminIndex

#: The precisions at which a point's admin area of level 2 is known (level 1: every one but COUNTRY).
_ADMIN2_PRECISIONS = frozenset({LocationPrecision.EXACT, LocationPrecision.NEAR, LocationPrecision.ADMIN2})


def place(mission_id: int, lons: list[float], lats: list[float], precisions: list[str]) -> list[tuple]:
    """(admin1 id, admin2 id, H3 cell) of each point of the mission: the admin areas as far as its location
    precision allows (one point-in-polygon pass for all), the cell at the stored resolution (`h3cells.cell_of`)."""
    admin1, admin2 = AdminIndex.for_mission(mission_id).assign(lons, lats)
    country, admin2_precisions, resolution = LocationPrecision.COUNTRY, _ADMIN2_PRECISIONS, STORED_RESOLUTION
    return [(None if precision == country else a1, a2 if precision in admin2_precisions else None,
             latlng_to_cell(lat, lon, resolution))
            for lon, lat, precision, a1, a2 in zip(lons, lats, precisions, admin1, admin2, strict=True)]


def locate_records(records) -> None:
    """Derive admin areas (as far as the location precision allows) and the H3 cell of located records, for
    many at once (one `place` per mission)."""
    by_mission: dict[int, list] = {}
    for record in records:
        if record.lon is None or record.lat is None:  # a record type whose position may be unknown
            record.admin1_id = record.admin2_id = record.h3_cell = None
            continue
        by_mission.setdefault(record.mission_id, []).append(record)
    for mission_id, group in by_mission.items():
        places = place(mission_id, [r.lon for r in group], [r.lat for r in group],
                       [r.location_precision for r in group])
        for record, (admin1, admin2, cell) in zip(group, places, strict=True):
            record.admin1_id, record.admin2_id, record.h3_cell = admin1, admin2, cell
