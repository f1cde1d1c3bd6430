"""Placing located records of any record type (the kit's `Located` mixin): admin areas from the mission's
boundaries, as far as the location precision allows, and the H3 cell. Installed into the kit by
`GeoConfig.ready()`."""

from peaceops.core.kit.choices import LocationPrecision

from .h3cells import cell_of
from .index import AdminIndex


def locate_records(records) -> None:
    """Derive admin areas (as far as the location precision allows) and the H3 cell of located records, for
    many at once (one point-in-polygon query per mission)."""
    by_mission: dict[int, list] = {}
    for record in records:
        by_mission.setdefault(record.mission_id, []).append(record)
    for mission_id, group in by_mission.items():
        admin1, admin2 = AdminIndex.for_mission(mission_id).assign([r.lon for r in group], [r.lat for r in group])
        for record, a1, a2 in zip(group, admin1, admin2, strict=True):
            precision = record.location_precision
            record.admin1_id = None if precision == LocationPrecision.COUNTRY else a1
            record.admin2_id = a2 if precision in (LocationPrecision.EXACT, LocationPrecision.NEAR,
                                                   LocationPrecision.ADMIN2) else None
            record.h3_cell = cell_of(record.lon, record.lat)
