"""What the COP page needs besides incidents: the category tree and admin areas for the filter panel and the
map labels, and the mission's extent for the first view. Reference data of the user's current mission."""

from dataclasses import dataclass

from django.db.models import Max, Min

from peaceops.geo.models import AdminArea
from peaceops.incidents.models import Category

from .legend import localised

#: The admin levels drawn as the base map and offered in the area filter.
BASE_MAP_LEVELS = (1, 2)


@dataclass(frozen=True)
class Choice:
    """One option of a filter select: its value, its label, and how deep in its tree it sits."""

    value: str
    label: str
    depth: int = 0

    @property
    def indented(self) -> str:
        """The label indented by its depth (the CSP forbids inline styles, so spaces do it)."""
        return "\u00a0\u00a0" * self.depth + self.label


def category_choices(mission, language: str) -> list[Choice]:
    """The mission's taxonomy in tree order (path), labelled in the user's language."""
    rows = Category.objects.filter(mission=mission).order_by("path").values_list("path", "name", "names")
    return [Choice(path, localised(names, name, language), path.count("/")) for path, name, names in rows]


def admin_areas(mission, language: str) -> list[dict]:
    """Regions and municipalities with their name in the user's language, a label point and a bounding box
    (the map shows an area chosen in the filter whole), no geometry."""
    rows = (
        AdminArea.objects.filter(mission=mission, level__in=BASE_MAP_LEVELS)
        .order_by("level", "name")
        .values("id", "level", "name", "names", "parent_id", "centroid_lon", "centroid_lat", "min_lon", "min_lat",
                "max_lon", "max_lat")
    )
    return [
        {"id": r["id"], "level": r["level"], "parent": r["parent_id"],
         "name": localised(r["names"], r["name"], language),
         "lon": round(r["centroid_lon"], 5), "lat": round(r["centroid_lat"], 5),
         "bbox": [round(r[k], 5) for k in ("min_lon", "min_lat", "max_lon", "max_lat")]}
        for r in rows
    ]


def admin_area_choices(mission, language: str) -> list[dict]:
    """Admin areas for the filter select: each region followed by its municipalities."""
    areas = admin_areas(mission, language)
    children: dict[int | None, list[dict]] = {}
    for area in areas:
        if area["level"] == 2:
            children.setdefault(area["parent"], []).append(area)
    ordered = []
    regions = [a for a in areas if a["level"] == 1]
    for region in regions:
        ordered.append({**region, "depth": 0})
        ordered += [{**child, "depth": 1} for child in children.pop(region["id"], [])]
    ordered += [{**child, "depth": 0} for rest in children.values() for child in rest]
    for area in ordered:
        area["indented"] = "\u00a0\u00a0" * area["depth"] + area["name"]
    return ordered


def mission_extent(mission) -> list[float] | None:
    """[min_lon, min_lat, max_lon, max_lat] of the mission's admin areas, or None before boundaries are loaded."""
    box = AdminArea.objects.filter(mission=mission).aggregate(
        a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat")
    )
    return None if box["a"] is None else [box["a"], box["b"], box["c"], box["d"]]
