"""The place search: one search over the gazetteer, a mission's admin areas and its named places, by any name
they have, in any script or spelling, with small typos forgiven (docs/user/places.md).

A query and every indexed name are compared by their search key (`names.search_key`: lower case, Latin
letters, no accents), in the index table `PlaceIndexName`. Matches rank in tiers — the whole name, names
starting with the query, names with a word starting with it, names containing it, then names within a small
edit distance (rapidfuzz) — and within a tier by the place's importance (population, kind) or, given the
map's centre, by nearness to it (towns, cities and the mission's named places counting as up to 40% nearer). Each place is found once, with the name that matched.

Who sees what: gazetteer places are public reference data; admin areas and named places only of the missions
passed in (the caller's own, see `geo.api`), named places through `NamedPlace.objects.visible_to(user)`.
"""

import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from rapidfuzz import fuzz, process

from . import kinds
from .index import AdminIndex
from .models import AdminArea, NamedPlace, Place, PlaceIndexName
from .names import search_key

MAX_LIMIT = 100
#: Most rows of one tier read from the index before ranking (the most important first).
CANDIDATES = 400
#: Least rapidfuzz WRatio (0..100) for a name to count as a small misspelling of the query.
FUZZY_CUTOFF = 82
#: Most names compared for typos (those sharing the query's first two letters).
FUZZY_POOL = 20000

_EXACT, _PREFIX, _WORD, _CONTAINS, _FUZZY = 4, 3, 2, 1, 0
Source = PlaceIndexName.Source


@dataclass
class PlaceHit:
    """One place found: where it comes from, what to call it, what it is and where it lies."""

    source: str  # gazetteer, area, named
    id: int
    name: str  # in the reader's language where the place has one
    matched: str  # the name that matched the query ("" when it is `name`)
    kind: str  # in words: village, municipality, bridge
    code: str  # the source's own code: GeoNames feature code, admin level, named-place kind
    lon: float
    lat: float
    within: str = ""  # the municipality it lies in (for an admin area: the area containing it)
    mission: str | None = None
    population: int = 0
    distance_km: float | None = None
    score: float = 0.0


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance: exact enough within a mission's area."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _tier(query: str, key: str) -> int:
    if key == query:
        return _EXACT
    if key.startswith(query):
        return _PREFIX
    if f" {query}" in f" {key}":
        return _WORD
    return _CONTAINS


def _visible(user, missions, as_missions: bool = False) -> Q:
    """Index rows the caller may find: the gazetteer, and their missions' areas and visible named places (every
    named place of the missions when reading `as_missions`)."""
    mission_ids = [getattr(m, "pk", m) for m in missions or ()]
    allowed = Q(source=Source.GAZETTEER)
    if mission_ids:
        allowed |= Q(source=Source.AREA, mission_id__in=mission_ids)
        if as_missions:
            allowed |= Q(source=Source.NAMED, mission_id__in=mission_ids)
        elif user is not None:
            named = NamedPlace.objects.visible_to(user).filter(mission_id__in=mission_ids).values("pk")
            allowed |= Q(source=Source.NAMED, mission_id__in=mission_ids, named_id__in=named)
    return allowed


_ROW = ("pk", "source", "place_id", "area_id", "named_id", "name", "key", "importance", "lon", "lat")


def _entity(row: dict) -> tuple[str, int]:
    return row["source"], row["place_id"] or row["area_id"] or row["named_id"]


def _key_range(prefix: str) -> dict:
    """Lookups for keys starting with `prefix`, answered from the key's index. PostgreSQL: LIKE 'x%' (the
    `varchar_pattern_ops` index Django adds to an indexed CharField); SQLite, whose LIKE ignores case and so
    cannot use the index: a range of keys (keys are ASCII, `search_key`), which would be wrong under a
    PostgreSQL collation that ignores control characters."""
    if connection.vendor == "sqlite":
        return {"key__gte": prefix, "key__lt": prefix + "\x7f"}
    return {"key__startswith": prefix}


def _matches(key: str, allowed: Q, sources, limit: int) -> list[tuple[int, float, dict]]:
    """(tier, likeness 0..2, index row) of names matching `key`, reading no more than the tiers that can still
    reach the first `limit` places: names starting with the key (from the index), then names containing it
    (a scan), then names within a small edit distance among those sharing its first two letters (rapidfuzz)."""
    rows = PlaceIndexName.objects.filter(allowed)
    if sources:
        rows = rows.filter(source__in=list(sources))

    def enough(found) -> bool:
        return len({_entity(r) for _, _, r in found}) >= limit

    found = [(_tier(key, r["key"]), 1.0, r)
             for r in rows.filter(**_key_range(key)).order_by("-importance", "pk").values(*_ROW)[:CANDIDATES]]
    if enough(found):
        return found
    found += [(_tier(key, r["key"]), 1.0, r) for r in rows.filter(key__contains=key).exclude(**_key_range(key))
              .order_by("-importance", "pk").values(*_ROW)[:CANDIDATES]]
    if enough(found) or len(key) < 3:
        return found
    low, high = len(key) * 0.6, len(key) * 1.6 + 2
    pool = {pk: name_key for pk, name_key in rows.filter(**_key_range(key[:2])).values_list("pk", "key")
            [:FUZZY_POOL] if low <= len(name_key) <= high and key not in name_key}
    scored = process.extract(key, pool, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=CANDIDATES)
    fuzzy = {r["pk"]: r for r in PlaceIndexName.objects.filter(pk__in=[pk for _, _, pk in scored]).values(*_ROW)}
    # Recall by WRatio (a misspelt word of a longer name counts), rank by the whole name's likeness.
    found += [(_FUZZY, 2 * fuzz.ratio(key, row["key"]) / 100, row) for row in fuzzy.values()]
    return found


def find_places(query: str, *, user=None, missions=(), near: tuple[float, float] | None = None,
                limit: int = 10, language: str = "en", sources=None, as_missions: bool = False) -> list[PlaceHit]:
    """Places whose name matches `query`, best first. `missions`: the missions (or ids) whose areas and named
    places may be found (the caller's); `near`: (lon, lat) of the map's centre; `sources`: limit to
    gazetteer / area / named; `as_missions`: search for the missions themselves, no user (a community alert
    read for its mission): every named place of theirs may be found."""
    key = search_key(query or "")
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not key or not limit:
        return []
    best: dict[tuple[str, int], tuple[tuple, dict, float | None]] = {}
    for tier, similarity, row in _matches(key, _visible(user, missions, as_missions), sources, limit):
        if near:  # the nearest first; a town, city or named place counts as up to 40% nearer
            distance = distance_km(near[0], near[1], row["lon"], row["lat"])
            rank = (tier, similarity - distance / (1 + 4 * max(0.0, row["importance"] - 0.7)) / 1000)
        else:
            distance = None
            rank = (tier, similarity + row["importance"])
        entity = _entity(row)
        if entity not in best or rank > best[entity][0]:
            best[entity] = (rank, row, distance)
    ranked = sorted(best.items(), key=lambda item: (item[1][0], -item[0][1]), reverse=True)[:limit]
    return _describe(ranked, missions, language)


def _describe(ranked, missions, language: str) -> list[PlaceHit]:
    """The hits of the ranked index rows: names in the reader's language, kinds in words, municipalities."""
    ids: dict[str, list[int]] = {}
    for (source, entity_id), _ in ranked:
        ids.setdefault(source, []).append(entity_id)
    places = Place.objects.in_bulk(ids.get(Source.GAZETTEER, []))
    areas = AdminArea.objects.defer("geometry").select_related("mission", "parent").in_bulk(ids.get(Source.AREA, []))
    named = NamedPlace.objects.select_related("mission").in_bulk(ids.get(Source.NAMED, []))
    hits = []
    for (source, entity_id), ((_, score), row, distance) in ranked:
        if source == Source.GAZETTEER:
            place = places[entity_id]
            hit = PlaceHit(source=source, id=place.pk, name=place.name, matched=row["name"],
                           kind=kinds.gazetteer_kind(place.feature_class, place.feature_code, place.population),
                           code=place.feature_code, lon=place.lon, lat=place.lat, population=place.population)
        elif source == Source.AREA:
            area = areas[entity_id]
            hit = PlaceHit(source=source, id=area.pk, name=area.name_in(language), matched=row["name"],
                           kind=kinds.area_kind(area.level), code=f"level {area.level}", lon=area.centroid_lon,
                           lat=area.centroid_lat, mission=area.mission.code,
                           within=area.parent.name_in(language) if area.parent else "")
        else:
            place = named[entity_id]
            hit = PlaceHit(source=source, id=place.pk, name=place.name_in(language), matched=row["name"],
                           kind=kinds.named_kind(place.kind), code=place.kind, lon=place.lon, lat=place.lat,
                           mission=place.mission.code)
        hit.distance_km = None if distance is None else round(distance, 2)
        hit.score = round(score, 4)
        if hit.matched == hit.name:
            hit.matched = ""
        hits.append(hit)
    _add_municipalities([h for h in hits if h.source != Source.AREA], missions, language)
    return hits


def _add_municipalities(hits: list[PlaceHit], missions, language: str) -> None:
    """Set `within` of each hit to the level-2 admin area (municipality) of the missions containing it."""
    missing = hits
    found: dict[int, int] = {}
    for mission in missions or ():
        if not missing:
            break
        mission_id = getattr(mission, "pk", mission)
        area_ids = AdminIndex.for_mission(mission_id).assign_level(2, [h.lon for h in missing],
                                                                   [h.lat for h in missing])
        for hit, area_id in zip(missing, area_ids, strict=True):
            if area_id is not None:
                found[id(hit)] = area_id
        missing = [h for h in missing if id(h) not in found]
    areas = AdminArea.objects.defer("geometry").in_bulk(set(found.values()))
    for hit in hits:
        if id(hit) in found:
            hit.within = areas[found[id(hit)]].name_in(language)


def nearest_place(lon: float, lat: float, *, user=None, missions=(), language: str = "en",
                  radius_km: float = 25.0) -> PlaceHit | None:
    """The known place nearest to a point, within `radius_km`: a populated place of the gazetteer or one of
    the missions' named places the user may see (the name a report's place field gets from a map click)."""
    dlat = radius_km / 111.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    box = dict(lon__gte=lon - dlon, lon__lte=lon + dlon, lat__gte=lat - dlat, lat__lte=lat + dlat)
    candidates = []
    for place in Place.objects.filter(feature_class="P", **box).only("name", "lon", "lat"):
        candidates.append((distance_km(lon, lat, place.lon, place.lat), Source.GAZETTEER, place.pk))
    mission_ids = [getattr(m, "pk", m) for m in missions or ()]
    if user is not None and mission_ids:
        for place in NamedPlace.objects.visible_to(user).filter(mission_id__in=mission_ids, **box).only(
                "lon", "lat"):
            candidates.append((distance_km(lon, lat, place.lon, place.lat), Source.NAMED, place.pk))
    candidates = [c for c in candidates if c[0] <= radius_km]
    if not candidates:
        return None
    distance, source, entity_id = min(candidates)
    rows = PlaceIndexName.objects.filter(**{"place_id" if source == Source.GAZETTEER else "named_id": entity_id})
    row = rows.values(*_ROW).first()
    if row is None:
        return None
    hit = _describe([((source, entity_id), ((0, 0.0), row, distance))], mission_ids, language)[0]
    hit.matched = ""
    return hit


def search_places(query: str, *, limit: int = 10, near: tuple[float, float] | None = None) -> list[Place]:
    """Gazetteer places only (no mission's areas or named places), best first. `near` is (lon, lat)."""
    hits = find_places(query, limit=limit, near=near, sources=[Source.GAZETTEER])
    places = Place.objects.in_bulk([h.id for h in hits])
    return [places[h.id] for h in hits]
