"""Names for hotspot cells: the nearest gazetteer place to each cell's centre and the admin area (municipality,
else region) it lies in, so that analysts read "near Mitrovica, Mitrovica North" rather than an H3 id.

Two queries whatever the number of cells: the populated places (GeoNames feature class P, else any place) in
the box around all the centres, and the mission's admin areas through the geo point-in-polygon index."""

import math

import h3

from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea, Place

#: How far (degrees of latitude, about 11 km per 0.1) a place may be from a cell's centre to name it.
NEAR_DEGREES = 0.15


def _nearest(places: list[tuple], lon: float, lat: float) -> str:
    """The name of the place within NEAR_DEGREES of (lon, lat): a populated place before any other, then the
    nearest."""
    scale = math.cos(math.radians(lat)) ** 2
    candidates = []
    for name, place_lon, place_lat, populated in places:
        distance = (place_lon - lon) ** 2 * scale + (place_lat - lat) ** 2
        if distance <= NEAR_DEGREES ** 2:
            candidates.append((not populated, distance, name))
    return min(candidates)[2] if candidates else ""


def name_cells(mission_id: int, spots: list[dict]) -> list[dict]:
    """Each hotspot (as hotspots.significant gives them, with `lon`, `lat` and `cell`) with `place` (the
    nearest place within NEAR_DEGREES, or ''), `area` (its municipality, else region, or ''), `label` (the two
    together, else the coordinates) and `boundary` (the cell's polygon ring, [lon, lat] pairs)."""
    if not spots:
        return []
    lons, lats = [s["lon"] for s in spots], [s["lat"] for s in spots]
    places = list(Place.objects.filter(
        lon__gte=min(lons) - NEAR_DEGREES * 2, lon__lte=max(lons) + NEAR_DEGREES * 2,
        lat__gte=min(lats) - NEAR_DEGREES, lat__lte=max(lats) + NEAR_DEGREES,
    ).order_by("-population", "pk").values_list("name", "lon", "lat", "feature_class")[:5000])
    places = [(name, lon, lat, feature == "P") for name, lon, lat, feature in places]
    admin1, admin2 = AdminIndex.for_mission(mission_id).assign(lons, lats)
    ids = {a for a in admin1 + admin2 if a}
    names = dict(AdminArea.objects.filter(pk__in=ids).values_list("id", "name")) if ids else {}
    named = []
    for spot, a1, a2 in zip(spots, admin1, admin2, strict=True):
        place = _nearest(places, spot["lon"], spot["lat"])
        area = names.get(a2) or names.get(a1) or ""
        parts = [p for p in (place, area) if p]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        label = ", ".join(parts) or f"{spot['lat']:.3f}, {spot['lon']:.3f}"
        ring = [[round(lng, 6), round(la, 6)] for la, lng in h3.cell_to_boundary(spot["cell"])]
        named.append({**spot, "place": place, "area": area, "label": label, "boundary": ring + ring[:1]})
    return named
