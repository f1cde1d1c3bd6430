"""Names for hotspot cells: the known place nearest each cell's centre (`geo.search.nearest_places`, the same
choice as a map click's nearest place: a populated place of the gazetteer, a named place or a deployment site
the analyst may see) and the admin area (municipality, else region) the centre lies in, so that analysts read
"near Mitrovica, Mitrovica North" rather than an H3 id. One batch lookup and one point-in-polygon pass whatever
the number of cells."""

import h3

from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea
from peaceops.geo.search import nearest_places

#: How far a known place may be from a cell's centre to name it.
NEAR_KM = 16.0


def name_cells(mission, spots: list[dict], *, user, language: str = "en") -> list[dict]:
    """Each hotspot (as hotspots.significant gives them, with `lon`, `lat` and `cell`) with `place` (the
    nearest known place within NEAR_KM the user may see, in their language, or ''), `area` (its municipality,
    else region, or ''), `label` (the two together, else the coordinates) and `boundary` (the cell's polygon
    ring, [lon, lat] pairs)."""
    if not spots:
        return []
    lons, lats = [s["lon"] for s in spots], [s["lat"] for s in spots]
    hits = nearest_places(list(zip(lons, lats, strict=True)), user=user, missions=[mission], language=language,
                          radius_km=NEAR_KM)
    admin1, admin2 = AdminIndex.for_mission(mission.pk).assign(lons, lats)
    areas = AdminArea.objects.defer("geometry").in_bulk({a for a in admin1 + admin2 if a})
    named = []
    for spot, hit, a1, a2 in zip(spots, hits, admin1, admin2, strict=True):
        place = hit.name if hit else ""
        area_row = areas.get(a2) or areas.get(a1)
        area = area_row.name_in(language) if area_row else ""
        parts = [p for p in (place, area) if p]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        label = ", ".join(parts) or f"{spot['lat']:.3f}, {spot['lon']:.3f}"
        ring = [[round(lng, 6), round(la, 6)] for la, lng in h3.cell_to_boundary(spot["cell"])]
        named.append({**spot, "place": place, "area": area, "label": label, "boundary": ring + ring[:1]})
    return named
