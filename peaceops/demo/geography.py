"""The Kosovo scenario's geography: the gazetteer's populated places, weighted by where UNMIK's incidents
gather.

Incidents concentrate in the north (North Mitrovica and its bridge over the Ibar, Zvečan, Leposavić,
Zubin Potok), in Mitrovica, along the administrative boundary line (ABL) with Serbia and in the Kosovo Serb
areas south of the Ibar. Places are read from the loaded gazetteer and admin areas of the mission; only
places inside the mission's country polygon are kept, so every generated point falls inside Kosovo.
"""

import math
from dataclasses import dataclass, field

import shapely

from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea, Place
from peaceops.geo.names import search_key

#: Zones by municipality name fragments (search keys: lower case, no accents), first match wins.
ZONE_KEYS: list[tuple[str, tuple[str, ...]]] = [
    ("north-mitrovica", ("north mitrovica", "mitrovice e veriut", "mitrovica e veriut", "severna mitrovica")),
    ("north", ("zvecan", "leposavic", "leposaviq", "zubin potok")),
    ("mitrovica", ("mitrovica", "mitrovice")),
    ("abl", ("podujev", "kamenic", "ranilug", "ranillug")),
    (
        "enclave",
        (
            "gracanic",
            "graqanic",
            "shterpc",
            "strpc",
            "partesh",
            "partes",
            "kllokot",
            "klokot",
            "novoberd",
            "novo brdo",
        ),
    ),
    ("capital", ("prishtin", "pristin")),
]

#: The share of all incidents each zone gets (before a category's own bias); a zone's municipalities split
#: it by their size in the gazetteer.
ZONE_SHARE = {
    "north-mitrovica": 0.13,
    "north": 0.25,
    "mitrovica": 0.08,
    "abl": 0.09,
    "enclave": 0.08,
    "capital": 0.08,
    "other": 0.29,
}

#: Places within this distance (degrees, about 6 km) of the country's edge in the north and along the ABL
#: count as boundary-line places.
ABL_DISTANCE = 0.06
ABL_WEIGHT = 2.0

#: The main bridge over the Ibar between north and south Mitrovica (WGS84 lon, lat).
IBAR_BRIDGE = (
    "Main bridge over the Ibar, Mitrovica",
    "the main bridge over the Ibar in Mitrovica",
    20.8667,
    42.8914,
)

#: Crossing points on the ABL, by the gazetteer name of the place they are at.
CROSSINGS = [
    ("Jarinje crossing point", "jarinje"),
    ("Brnjak crossing point", "brnjak"),
    ("Merdare crossing point", "turske merdare"),
]

#: Keep generated points this far (degrees, about 200 m) inside the country polygon.
INNER_MARGIN = 0.002


@dataclass(frozen=True)
class ScenarioPlace:
    """A place incidents can happen at: its name, point, zone, how attractive it is, and how spread out."""

    name: str
    lon: float
    lat: float
    zone: str
    weight: float
    rural: bool
    spread: float
    abl: bool = False
    phrase: str = ""  # how a title names it, e.g. "the main bridge over the Ibar in Mitrovica"


@dataclass(frozen=True)
class Municipality:
    """A municipality of the scenario: its zone, its places and its size (square root of their weights)."""

    name: str
    zone: str
    places: tuple[ScenarioPlace, ...]

    @property
    def size(self) -> float:
        return math.sqrt(sum(p.weight for p in self.places))


@dataclass
class Geography:
    """The municipalities and places of the scenario, and the polygon every point must fall in."""

    municipalities: list[Municipality]
    country: shapely.Geometry
    bridge: ScenarioPlace | None = None
    crossings: list[ScenarioPlace] = field(default_factory=list)

    def __post_init__(self):
        self.inner = self.country.buffer(-INNER_MARGIN)
        shapely.prepare(self.inner)

    @property
    def places(self) -> list[ScenarioPlace]:
        return [p for m in self.municipalities for p in m.places]

    def contains(self, lon: float, lat: float) -> bool:
        return bool(self.inner.contains(shapely.Point(lon, lat)))


class GeographyError(RuntimeError):
    """The mission lacks the boundaries or gazetteer places the scenario needs."""


def zone_of(names: list[str]) -> str:
    """The scenario zone of a municipality known by these names (any language)."""
    keys = [search_key(n) for n in names if n]
    for zone, fragments in ZONE_KEYS:
        if any(fragment in key for key in keys for fragment in fragments):
            return zone
    return "other"


def place_weight(population: int, feature_code: str) -> float:
    """A place's attraction: towns more than villages, admin seats more than hamlets."""
    weight = 1.0 + min(math.sqrt(max(population, 0) / 1000.0), 25.0)
    if feature_code in ("PPLA", "PPLA2", "PPLC"):
        weight *= 3.0
    elif feature_code == "PPLL":
        weight *= 0.6
    return weight


def _country_geometry(mission) -> shapely.Geometry:
    """Where the scenario's points may fall: the country as its boundary files draw it, and where it has
    municipalities, only inside them (the levels' files do not match to the metre: a point in a sliver between
    municipalities would have no municipality)."""
    found = []
    for level in (0, 1, 2):
        geometries = [
            shapely.from_geojson(g)
            for g in AdminArea.objects.filter(mission=mission, level=level)
            .order_by("code")
            .values_list("geometry", flat=True)
        ]
        if geometries:
            found.append(shapely.union_all(geometries))
    if not found:
        raise GeographyError(f"mission {mission.code} has no admin areas: load its boundaries first")
    country = found[0]
    if len(found) > 1:
        inside = country.intersection(found[-1])
        country = inside if not inside.is_empty else country
    return country


def _populated_places(country: shapely.Geometry, inner: shapely.Geometry) -> list[tuple]:
    """(name, lon, lat, feature code, population) of the gazetteer's populated places inside the country."""
    min_lon, min_lat, max_lon, max_lat = country.bounds
    rows = (
        Place.objects.filter(
            feature_class="P",
            lon__gte=min_lon,
            lon__lte=max_lon,
            lat__gte=min_lat,
            lat__lte=max_lat,
        )
        .order_by("geonames_id", "pk")
        .values_list("name", "lon", "lat", "feature_code", "population")
    )
    return [row for row in rows.iterator() if inner.contains(shapely.Point(row[1], row[2]))]


def _place(row: tuple, zone: str, edge: shapely.Geometry) -> ScenarioPlace:
    name, lon, lat, code, population = row
    near_edge = (
        zone in ("north", "north-mitrovica", "abl") and edge.distance(shapely.Point(lon, lat)) < ABL_DISTANCE
    )
    town = (population or 0) >= 10000 or code in ("PPLA", "PPLC")
    return ScenarioPlace(
        name=name,
        lon=lon,
        lat=lat,
        zone=zone,
        weight=place_weight(population or 0, code) * (ABL_WEIGHT if near_edge else 1.0),
        rural=not town,
        spread=0.008 if town else 0.004,
        abl=near_edge,
    )


def kosovo_geography(mission) -> Geography:
    """The scenario geography of a mission from its loaded admin areas and the gazetteer's populated places.

    A municipality without any gazetteer place (North Mitrovica is newer than the 2012 GeoNames extract) gets
    one place at a point inside it, named after it.
    """
    country = _country_geometry(mission)
    inner = country.buffer(-INNER_MARGIN)
    shapely.prepare(inner)
    rows = _populated_places(country, inner)
    if not rows:
        raise GeographyError(f"no populated places inside mission {mission.code}: load the gazetteer first")
    area_ids = AdminIndex.for_mission(mission.pk).assign_level(2, [r[1] for r in rows], [r[2] for r in rows])
    by_area: dict[int | None, list[tuple]] = {}
    for row, area_id in zip(rows, area_ids, strict=True):
        by_area.setdefault(area_id, []).append(row)
    edge = country.boundary
    municipalities = []
    for area in AdminArea.objects.filter(mission=mission, level=2).order_by("code"):
        zone = zone_of([area.name, *(area.names or {}).values()])
        label = (area.names or {}).get("en") or area.name
        places = tuple(_place(row, zone, edge) for row in by_area.get(area.pk, ()))
        if not places:
            point = shapely.from_geojson(area.geometry).intersection(inner).representative_point()
            if point.is_empty:
                continue
            places = (
                ScenarioPlace(
                    name=label,
                    lon=round(point.x, 5),
                    lat=round(point.y, 5),
                    zone=zone,
                    weight=3.0,
                    rural=False,
                    spread=0.004,
                ),
            )
        municipalities.append(Municipality(name=label, zone=zone, places=places))
    if by_area.get(None):
        municipalities.append(
            Municipality(
                name="(outside municipalities)",
                zone="other",
                places=tuple(_place(row, "other", edge) for row in by_area[None]),
            )
        )
    crossings = []
    for label, key in CROSSINGS:
        match = next((row for row in rows if search_key(row[0]) == key), None)
        if match:
            crossings.append(
                ScenarioPlace(
                    name=label,
                    lon=match[1],
                    lat=match[2],
                    zone="abl",
                    weight=1.0,
                    rural=True,
                    spread=0.001,
                    abl=True,
                    phrase=f"the {label}",
                )
            )
    bridge = None
    label, phrase, lon, lat = IBAR_BRIDGE
    if inner.contains(shapely.Point(lon, lat)):
        bridge = ScenarioPlace(
            name=label,
            lon=lon,
            lat=lat,
            zone="north-mitrovica",
            weight=1.0,
            rural=False,
            spread=0.0008,
            phrase=phrase,
        )
    return Geography(municipalities=municipalities, country=country, bridge=bridge, crossings=crossings)
