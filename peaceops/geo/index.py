"""Point-in-polygon assignment of admin areas, with a shapely STRtree per mission, cached in the process.

`AdminIndex.for_mission(mission_id).assign(lons, lats)` returns, for each point, the ids of the level-1 and
level-2 areas containing it (None where none does). Loading boundaries calls `AdminIndex.invalidate()`;
other processes (web workers) notice a load because the mission's boundary fingerprint (one small aggregate
over its areas) no longer matches the cached index's.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree


@dataclass
class _LevelIndex:
    tree: STRtree
    ids: np.ndarray
    geoms: list


def boundary_fingerprint(mission_id: int) -> tuple:
    """What changes when a mission's boundaries do: area count, highest id, and a sum over every area's
    bounding box and representative point (a new geometry moves at least one of them)."""
    from django.db.models import Count, F, Max, Sum

    from .models import AdminArea

    row = AdminArea.objects.filter(mission_id=mission_id).aggregate(
        n=Count("id"), last=Max("id"),
        shape=Sum(F("min_lon") + F("min_lat") + F("max_lon") + F("max_lat") + F("centroid_lon") + F("centroid_lat")),
    )
    return row["n"], row["last"], round(row["shape"] or 0.0, 9)


class AdminIndex:
    """The admin areas of one mission, ready for vectorised point-in-polygon queries."""

    _cache: dict[int, "AdminIndex"] = {}

    def __init__(self, mission_id: int):
        from .models import AdminArea

        self.mission_id = mission_id
        self.fingerprint = boundary_fingerprint(mission_id)
        self.levels: dict[int, _LevelIndex] = {}
        rows: dict[int, tuple[list, list]] = {}
        for area_id, level, geometry in AdminArea.objects.filter(mission_id=mission_id).values_list(
            "id", "level", "geometry"
        ):
            ids, geoms = rows.setdefault(level, ([], []))
            ids.append(area_id)
            geoms.append(shapely.from_geojson(geometry))
        for level, (ids, geoms) in rows.items():
            shapely.prepare(geoms)
            self.levels[level] = _LevelIndex(tree=STRtree(geoms), ids=np.array(ids), geoms=geoms)

    @classmethod
    def for_mission(cls, mission_id: int) -> "AdminIndex":
        index = cls._cache.get(mission_id)
        if index is not None and boundary_fingerprint(mission_id) != index.fingerprint:
            index = None
        if index is None:
            index = cls._cache[mission_id] = cls(mission_id)
        return index

    @classmethod
    def invalidate(cls, mission_id: int | None = None) -> None:
        if mission_id is None:
            cls._cache.clear()
        else:
            cls._cache.pop(mission_id, None)

    def assign_level(self, level: int, lons, lats) -> list[int | None]:
        """For each point, the id of the area of `level` that contains it (first by id on shared borders)."""
        n = len(lons)
        result: list[int | None] = [None] * n
        index = self.levels.get(level)
        if index is None or n == 0:
            return result
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, geom_idx = index.tree.query(points, predicate="intersects")
        for p, g in zip(point_idx.tolist(), geom_idx.tolist(), strict=True):
            if result[p] is None:
                result[p] = int(index.ids[g])
        return result

    def assign(self, lons, lats) -> tuple[list[int | None], list[int | None]]:
        """Level-1 and level-2 area ids for each point."""
        return self.assign_level(1, lons, lats), self.assign_level(2, lons, lats)
