"""Finding an area's parent: the area one level up containing its representative point, else the one it
overlaps most (for boundaries that do not nest exactly)."""

import numpy as np
import shapely
from shapely import STRtree

from ..models import AdminArea


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
        """The id of the area containing (lon, lat) — the child's representative point — or, if none does,
        of the area overlapping `geometry` (shapely or GeoJSON text) the most; None if nothing overlaps."""
        if self.tree is None:
            return None
        candidates = self.tree.query(shapely.Point(lon, lat), predicate="intersects").tolist()
        if len(candidates) == 1:
            return int(self.ids[candidates[0]])
        if isinstance(geometry, str):
            geometry = shapely.from_geojson(geometry)
        if not candidates:
            candidates = self.tree.query(geometry, predicate="intersects").tolist()
        best, best_area = None, 0.0
        for index in sorted(candidates):
            overlap = shapely.intersection(self.geometries[index], geometry).area
            if overlap > best_area:
                best, best_area = index, overlap
        return int(self.ids[best]) if best is not None else None
