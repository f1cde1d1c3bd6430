"""Geo API router under /api/v1/geo: admin areas as GeoJSON, the place search, the nearest known place,
point location and the missions' named places.

Admin areas and named places belong to missions: a caller sees only those of the missions they are a member
of (superusers see all); a mission they do not belong to answers 404 exactly like one that does not exist.
The gazetteer is public reference data, searchable by any signed-in user. Only a mission's administrators add
named places, from a signed-in session or a token with the `admin` scope.
"""

import hashlib
import json

import shapely
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from peaceops.api.scopes import scoped
from peaceops.core.access import access_profile
from peaceops.core.models import Mission

from .index import AdminIndex
from .models import AdminArea, NamedPlace, NamedPlaceKind
from .named import NamedPlaceError, save_named_place
from .search import PlaceHit, find_places, nearest_place

router = Router(tags=["geo"], auth=scoped(read=["geo:read"], write=["admin"]))
GEOJSON = "application/geo+json"


class AreaOut(Schema):
    """An admin area without its geometry."""

    id: int
    mission: str
    code: str
    name: str
    names: dict[str, str]
    level: int
    parent_id: int | None


class PlaceOut(Schema):
    """A place found: a gazetteer place, an admin area, a mission's named place or deployment site."""

    source: str = Field(description="gazetteer, area (a mission's admin area), named (a mission's named place) or "
                                    "sites (a deployment site you may see)")
    id: int | str = Field(description="The id within its source (a site's: its UUID)")
    name: str = Field(description="Its name in the caller's language where it has one")
    matched: str = Field(description="The name that matched the query, when it is another one")
    kind: str = Field(description="What it is, in words in the caller's language: city, village, municipality, "
                                  "bridge...")
    code: str = Field(description="The source's own code: GeoNames feature code, admin level, named-place kind, "
                                  "site type")
    lon: float
    lat: float
    within: str = Field(description="The municipality it lies in (for an admin area: the area containing it)")
    mission: str | None = Field(description="The mission of an admin area or named place; null for the gazetteer")
    population: int
    distance_km: float | None = Field(description="Distance from near_lon/near_lat, when given")


class NamedPlaceIn(Schema):
    """A mission's named place: a bridge, crossing point, checkpoint, site... by its name (the same name in
    the mission updates it)."""

    mission: str = Field(description="Mission code")
    name: str = Field(min_length=1, max_length=200)
    names: dict[str, str] = Field({}, description='Other names by language, e.g. {"sq": "Ura e Ibrit"}')
    kind: NamedPlaceKind = NamedPlaceKind.OTHER
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    notes: str = ""


class NamedPlaceOut(Schema):
    """A mission's named place."""

    id: int
    mission: str
    name: str
    names: dict[str, str]
    kind: str
    kind_label: str
    lon: float
    lat: float
    notes: str


def _missions(request: HttpRequest, code: str | None) -> list[Mission]:
    """The missions the caller belongs to, or the one named by `code` if they belong to it."""
    profile = access_profile(request.auth)
    missions = Mission.objects.all() if profile.superuser else Mission.objects.filter(pk__in=list(profile.missions))
    if code:
        missions = missions.filter(code=code)
        if not missions.exists():
            raise HttpError(404, f"mission: no mission '{code}' that you belong to")
    return list(missions)


def _area_out(area: AdminArea, mission_codes: dict[int, str]) -> dict:
    return dict(id=area.pk, mission=mission_codes[area.mission_id], code=area.code, name=area.name,
                names=area.names, level=area.level, parent_id=area.parent_id)


@router.get("/admin-areas", summary="Admin areas as a GeoJSON FeatureCollection",
            response={200: dict, 404: dict})
def admin_areas(
    request: HttpRequest,
    mission: str | None = Query(None, description="Mission code (default: all your missions)"),
    level: int | None = Query(None, ge=0, le=5, description="0 country, 1 region, 2 municipality"),
    simplify: float | None = Query(None, ge=0, le=1, description="Simplification tolerance in degrees"),
):
    missions = _missions(request, mission)
    codes = {m.pk: m.code for m in missions}
    areas = AdminArea.objects.filter(mission__in=missions).order_by("mission_id", "level", "name", "pk")
    if level is not None:
        areas = areas.filter(level=level)
    features = []
    for area in areas.iterator(chunk_size=200):
        geometry = area.geometry
        if simplify:
            geometry = shapely.to_geojson(shapely.from_geojson(geometry).simplify(simplify, preserve_topology=True))
        properties = json.dumps(_area_out(area, codes), ensure_ascii=False)
        bbox = json.dumps([area.min_lon, area.min_lat, area.max_lon, area.max_lat])
        features.append(f'{{"type":"Feature","id":{area.pk},"bbox":{bbox},"properties":{properties},'
                        f'"geometry":{geometry}}}')
    body = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    # Boundaries change rarely and are large (40 KB compressed for Kosovo): the browser keeps them and asks
    # again with their ETag, answered "304 Not Modified" while they are unchanged (docs/operators/caching.md).
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    unchanged = get_conditional_response(request, etag=etag)
    response = unchanged if unchanged is not None else HttpResponse(body, content_type=GEOJSON)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _language() -> str:
    return (get_language() or "en").lower()


def _hit_out(hit: PlaceHit) -> dict:
    return {k: getattr(hit, k) for k in ("source", "id", "name", "matched", "kind", "code", "lon", "lat", "within",
                                         "mission", "population", "distance_km")}


@router.get("/places", response={200: list[PlaceOut], 404: dict, 422: dict}, summary="Search places by name",
            description="One search over the gazetteer, your missions' admin areas, named places and the deployment "
                        "sites you may see: any name "
                        "they have, in any script (Cyrillic is read as Serbian Latin), with or without accents, "
                        "small typos forgiven. Exact and prefix matches first, then by importance and nearness "
                        "to near_lon/near_lat (the map's centre).")
def places(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200, description="Name in any spelling or script"),
    limit: int = Query(10, ge=1, le=50),
    near_lon: float | None = Query(None, ge=-180, le=180, description="Prefer places near this point"),
    near_lat: float | None = Query(None, ge=-90, le=90),
    mission: str | None = Query(None, description="Mission code (default: all your missions)"),
):
    if (near_lon is None) != (near_lat is None):
        raise HttpError(422, "near_lat: give both near_lon and near_lat, or neither")
    near = (near_lon, near_lat) if near_lon is not None else None
    hits = find_places(q, user=request.auth, missions=_missions(request, mission), near=near, limit=limit,
                       language=_language())
    return [_hit_out(hit) for hit in hits]


@router.get("/nearest", response={200: list[PlaceOut], 404: dict}, summary="The known place nearest a point",
            description="The populated place of the gazetteer, named place or deployment site (one you may see) "
                        "of your missions nearest to the "
                        "point, within radius_km: what a report's place name is filled with when a point is "
                        "picked on the map. An empty list when there is none that near.")
def nearest(
    request: HttpRequest,
    lon: float = Query(..., ge=-180, le=180),
    lat: float = Query(..., ge=-90, le=90),
    radius_km: float = Query(25, gt=0, le=200),
    mission: str | None = Query(None, description="Mission code (default: all your missions)"),
):
    hit = nearest_place(lon, lat, user=request.auth, missions=_missions(request, mission), language=_language(),
                        radius_km=radius_km)
    return [_hit_out(hit)] if hit else []


def _named_out(place: NamedPlace) -> dict:
    return dict(id=place.pk, mission=place.mission.code, name=place.name, names=place.names, kind=place.kind,
                kind_label=str(place.get_kind_display()), lon=place.lon, lat=place.lat, notes=place.notes)


@router.get("/named-places", response={200: list[NamedPlaceOut], 404: dict}, summary="Your missions' named places")
def named_places(
    request: HttpRequest,
    mission: str | None = Query(None, description="Mission code (default: all your missions)"),
):
    missions = _missions(request, mission)
    found = NamedPlace.objects.visible_to(request.auth).filter(mission__in=missions).select_related("mission")
    return [_named_out(p) for p in found.order_by("mission__code", "name", "pk")]


@router.post("/named-places", response={201: NamedPlaceOut, 200: NamedPlaceOut, 403: dict, 404: dict, 422: dict},
             summary="Add (or change) a named place of a mission",
             description="Mission administrators only. A place of the same name in the mission is updated (200); "
                         "a new one is created (201). Its names become searchable at once.")
def add_named_place(request: HttpRequest, payload: NamedPlaceIn):
    mission = _missions(request, payload.mission)[0]
    if not access_profile(request.auth).has_perm(mission.pk, "mission.administer"):
        raise HttpError(403, "mission: only the mission's administrators add named places")
    try:
        place, outcome = save_named_place(mission, payload.dict(exclude={"mission"}), acting_user=request.auth,
                                          reason="named place added through the API")
    except NamedPlaceError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201 if outcome == "created" else 200, _named_out(place))


@router.get("/locate", response=list[AreaOut], summary="The admin areas containing a point")
def locate(
    request: HttpRequest,
    lon: float = Query(..., ge=-180, le=180),
    lat: float = Query(..., ge=-90, le=90),
    mission: str | None = Query(None, description="Mission code (default: all your missions)"),
):
    missions = _missions(request, mission)
    ids: list[int] = []
    for m in missions:
        index = AdminIndex.for_mission(m.pk)
        for level in sorted(index.levels):
            area_id = index.assign_level(level, [lon], [lat])[0]
            if area_id is not None:
                ids.append(area_id)
    codes = {m.pk: m.code for m in missions}
    areas = AdminArea.objects.filter(pk__in=ids).defer("geometry").order_by("mission_id", "level")
    return [_area_out(area, codes) for area in areas]
