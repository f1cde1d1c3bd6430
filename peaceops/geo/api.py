"""Geo API router under /api/v1/geo: admin areas as GeoJSON, gazetteer search, and point location.

Admin areas belong to missions: a caller sees only those of the missions they are a member of (superusers
see all); a mission they do not belong to answers 404 exactly like one that does not exist.
The gazetteer is public reference data, searchable by any signed-in user.
"""

import hashlib
import json

import shapely
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from peaceops.api.scopes import scoped
from peaceops.core.access import access_profile
from peaceops.core.models import Mission

from .index import AdminIndex
from .models import AdminArea, PlaceName
from .search import search_places

router = Router(tags=["geo"], auth=scoped("geo"))
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
    """A gazetteer place with all its names."""

    id: int
    geonames_id: int | None
    name: str
    names: list[str]
    lon: float
    lat: float
    feature_class: str
    feature_code: str
    population: int


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


@router.get("/places", response=list[PlaceOut], summary="Search the gazetteer by name")
def places(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200, description="Name in any spelling or script"),
    limit: int = Query(10, ge=1, le=50),
    near_lon: float | None = Query(None, ge=-180, le=180, description="Prefer places near this point"),
    near_lat: float | None = Query(None, ge=-90, le=90),
):
    if (near_lon is None) != (near_lat is None):
        raise HttpError(422, "near_lat: give both near_lon and near_lat, or neither")
    near = (near_lon, near_lat) if near_lon is not None else None
    found = search_places(q, limit=limit, near=near)
    names: dict[int, list[str]] = {p.pk: [] for p in found}
    for place_id, name in PlaceName.objects.filter(place__in=found).order_by("pk").values_list("place_id", "name"):
        names[place_id].append(name)
    return [dict(id=p.pk, geonames_id=p.geonames_id, name=p.name, names=names[p.pk], lon=p.lon, lat=p.lat,
                 feature_class=p.feature_class, feature_code=p.feature_code, population=p.population)
            for p in found]


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
