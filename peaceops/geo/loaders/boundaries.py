"""Loading admin-area boundaries (GeoJSON) into a mission: created, updated or left alone by (level, code).

The loader is the one door for boundary changes: it writes a change-log entry for every area it creates or
changes (geometry recorded by its SHA-256, not its text), links each area to the area one level up that
contains it, re-links the level below, and invalidates the point-in-polygon index.
"""

import hashlib
from dataclasses import dataclass, field

import shapely
from django.db import transaction

from peaceops.core.changelog import change_entry_fields, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.models import ChangeLogEntry, Mission
from peaceops.core.progress import progress_bar
from peaceops.ledger.services import record_changes

from ..index import AdminIndex
from ..models import AdminArea
from ..names import clean_names
from ..placeindex import index_areas
from .features import AreaFeature, read_area_features
from .files import GeoDataError
from .parents import ParentFinder

MAX_LEVEL = 5
_VALUE_FIELDS = ["name", "names", "geometry", "min_lon", "min_lat", "max_lon", "max_lat", "centroid_lon",
                 "centroid_lat", "parent_id"]


@dataclass
class BoundaryLoadResult:
    """What a boundary load did: areas created, updated, left unchanged; geometries repaired; features
    skipped (no usable polygon); areas of the level below whose parent changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0
    skipped: int = 0
    relinked: int = 0
    warnings: list[str] = field(default_factory=list)


def area_snapshot(area: AdminArea) -> dict:
    """The change-log form of an area: its fields, with the geometry as a digest."""
    data = snapshot(area)
    data["geometry"] = "sha256:" + hashlib.sha256(area.geometry.encode()).hexdigest()
    return data


def _mission_of(mission) -> Mission:
    if isinstance(mission, Mission):
        return mission
    found = Mission.objects.filter(code=str(mission)).first()
    if found is None:
        raise GeoDataError(f"mission: no mission with code '{mission}'")
    return found


def _names_mapping(names) -> dict[str, dict[str, str]]:
    if names is None:
        return {}
    if not isinstance(names, dict):
        raise GeoDataError('names: expected a JSON object mapping area code or name to {"sq": ..., "sr": ...}')
    try:
        return {str(key): clean_names(value) for key, value in names.items()}
    except ValueError as exc:
        raise GeoDataError(f"names: {exc}") from exc


def _values(feature: AreaFeature, names_map: dict, parents: ParentFinder | None) -> dict:
    geometry = feature.geometry
    point = geometry.representative_point()
    names = dict(feature.names)
    names.update(names_map.get(feature.name, {}))
    names.update(names_map.get(feature.code, {}))
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return dict(
        name=feature.name, names=names, geometry=shapely.to_geojson(geometry),
        min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat,
        centroid_lon=point.x, centroid_lat=point.y,
        parent_id=parents.parent_of(point.x, point.y, geometry) if parents else None,
    )


def load_boundaries(path, *, mission, level: int, acting_user=None, names: dict | None = None,
                    progress: bool = False) -> BoundaryLoadResult:
    """Load the admin areas of one level from a GeoJSON FeatureCollection (plain or gzipped) into a mission.

    Idempotent by (mission, level, code): loading the same file again changes nothing. Areas of the level
    that the file does not mention are kept. Raises GeoDataError for an unreadable file or unknown mission.
    """
    mission = _mission_of(mission)
    if not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
        raise GeoDataError(f"level: must be a whole number from 0 to {MAX_LEVEL}, not {level!r}")
    names_map = _names_mapping(names)
    reading = read_area_features(path, level=level)
    if not reading.areas:
        raise GeoDataError(f"{path}: no feature with a polygon geometry")
    result = BoundaryLoadResult(repaired=reading.repaired, skipped=len(reading.warnings),
                                warnings=list(reading.warnings))
    with transaction.atomic():
        existing = {a.code: a for a in AdminArea.objects.filter(mission=mission, level=level)}
        parents = ParentFinder.for_level(mission.pk, level - 1) if level > 0 else None
        created, updated, entries = [], [], []
        with progress_bar(f"Level {level} areas", len(reading.areas), enabled=progress) as bar:
            for feature in reading.areas:
                values = _values(feature, names_map, parents)
                area = existing.get(feature.code)
                if area is None:
                    created.append(AdminArea(mission=mission, level=level, code=feature.code, **values))
                elif any(getattr(area, k) != v for k, v in values.items()):
                    before = area_snapshot(area)
                    for key, value in values.items():
                        setattr(area, key, value)
                    updated.append(area)
                    entries.append(change_entry_fields(action=ChangeAction.UPDATE, obj=area, acting_user=acting_user,
                                                       before=before, after=area_snapshot(area),
                                                       reason=f"boundary load {path}"))
                else:
                    result.unchanged += 1
                bar.advance()
        AdminArea.objects.bulk_create(created, batch_size=500)
        AdminArea.objects.bulk_update(updated, _VALUE_FIELDS, batch_size=500)
        entries += [change_entry_fields(action=ChangeAction.CREATE, obj=area, acting_user=acting_user, before=None,
                                        after=area_snapshot(area), reason=f"boundary load {path}")
                    for area in created]
        result.created, result.updated = len(created), len(updated)
        result.relinked = relink_children(mission, level, acting_user=acting_user, entries=entries)
        ChangeLogEntry.objects.bulk_create([ChangeLogEntry(**e) for e in entries], batch_size=1000)
        index_areas(mission.pk)
        record_changes()
        transaction.on_commit(lambda: AdminIndex.invalidate(mission.pk))
    AdminIndex.invalidate(mission.pk)
    return result


def relink_children(mission, level: int, *, acting_user, entries: list[dict]) -> int:
    """Give each area one level below `level` the parent that now contains it; returns how many changed.
    Change-log entries for the changes are appended to `entries`."""
    children = list(AdminArea.objects.filter(mission=mission, level=level + 1))
    if not children:
        return 0
    parents = ParentFinder.for_level(mission.pk, level)
    changed = []
    for child in children:
        parent_id = parents.parent_of(child.centroid_lon, child.centroid_lat, child.geometry)
        if parent_id != child.parent_id:
            before = area_snapshot(child)
            child.parent_id = parent_id
            changed.append(child)
            entries.append(change_entry_fields(action=ChangeAction.UPDATE, obj=child, acting_user=acting_user,
                                               before=before, after=area_snapshot(child),
                                               reason=f"parent re-linked after loading level {level}"))
    AdminArea.objects.bulk_update(changed, ["parent_id"], batch_size=500)
    return len(changed)
