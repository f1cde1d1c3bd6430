"""Finding an area's parent: the area one level up containing its representative point (and most of the
area), else the one it overlaps most — for boundaries that do not nest exactly, as simplified global
datasets often do not."""

import numpy as np
import shapely
from shapely import STRtree

from ..models import AdminArea

#: Share of a child's area its parent must hold to be chosen by the representative point alone.
MOSTLY = 0.5


class ParentFinder:
    """The areas of one level of a mission, ready to answer "which of you contains this area?"."""

    def __init__(self, ids: list[int], geometries: list):
        self.ids = np.array(ids, dtype=np.int64)
        self.geometries = geometries
        self.tree = STRtree(geometries) if geometries else None

    @classmethod
    def for_level(cls, mission_id: int, level: int) -> "ParentFinder":
        rows = list(AdminArea.objects.filter(mission_id=mission_id, level=level).values_list("id", "geometry"))
        geometries = [shapely.from_geojson(text) for _, text in rows]
        shapely.prepare(geometries)
        return cls([pk for pk, _ in rows], geometries)

    def parent_of(self, lon: float, lat: float, geometry) -> int | None:
        """The id of the area containing (lon, lat) — the child's representative point — provided it also
        holds at least half of the child; otherwise (boundaries that do not nest exactly) the id of the area
        overlapping `geometry` (shapely or GeoJSON text) the most. None if nothing overlaps."""
        if self.tree is None:
            return None
        if isinstance(geometry, str):
            geometry = shapely.from_geojson(geometry)
        candidates = self.tree.query(shapely.Point(lon, lat), predicate="intersects").tolist()
        if len(candidates) == 1:
            if self._overlap(candidates[0], geometry) >= MOSTLY * geometry.area:
                return int(self.ids[candidates[0]])
        best, best_area = None, 0.0
        for index in sorted(self.tree.query(geometry, predicate="intersects").tolist()):
            overlap = self._overlap(index, geometry)
            if overlap > best_area:
                best, best_area = index, overlap
        return int(self.ids[best]) if best is not None else None

    def _overlap(self, index: int, geometry) -> float:
        return shapely.intersection(self.geometries[index], geometry).area
