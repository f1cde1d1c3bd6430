"""The place search: one search over the gazetteer, a mission's admin areas and its named places, by any name
they have, in any script or spelling, with small typos forgiven (docs/user/places.md).

A query and every indexed name are compared by their search key (`names.search_key`: lower case, Latin
letters, no accents), in the index table `PlaceIndexName`. Matches rank in tiers — the whole name, names
starting with the query, names with a word starting with it, names containing it, then names within a small
edit distance (rapidfuzz) — and within a tier by the place's importance (population, kind) or, given the
map's centre, by nearness to it (towns, cities and the mission's named places counting as up to 40% nearer). Each place is found once, with the name that matched.

Who sees what: gazetteer places are public reference data; admin areas and named places only of the missions
passed in (the caller's own, see `geo.api`), named places through `NamedPlace.objects.visible_to(user)`, and the
records of the place sources registered by the apps above (`geo.sources`: deployment sites) through their own
`Model.objects.visible_to(user)`, at search time: a record the user may not see is neither found nor counted.

`nearest_places` names many points at once (the analysts' hotspots), `nearest_place` one (a map click); both
choose among the same places with the same visibility.
"""

import math
from dataclasses import dataclass, replace

import shapely
from django.db import connection
from django.db.models import Q
from rapidfuzz import fuzz, process

from peaceops.core.kit.sealing import shown
from peaceops.core.names import name_in

from . import kinds
from .index import AdminIndex
from .models import AdminArea, NamedPlace, Place, PlaceIndexName
from .names import search_key
from .sources import place_sources

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

    source: str  # gazetteer, area, named, or a place source's key (sites)
    id: int | str  # a record's id is its UUID as text
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


def _mission_ids(missions) -> list[int]:
    return [getattr(m, "pk", m) for m in missions or ()]


def _visible(user, missions, as_missions: bool = False) -> Q:
    """Index rows the caller may find: the gazetteer, and their missions' areas, visible named places and
    visible records of every place source (each through its model's `visible_to`); every named place of the
    missions, and no record, when reading `as_missions` (no user: a community alert read for its mission)."""
    mission_ids = _mission_ids(missions)
    allowed = Q(source=Source.GAZETTEER)
    if mission_ids:
        allowed |= Q(source=Source.AREA, mission_id__in=mission_ids)
        if as_missions:
            allowed |= Q(source=Source.NAMED, mission_id__in=mission_ids)
        elif user is not None:
            named = NamedPlace.objects.visible_to(user).filter(mission_id__in=mission_ids).values("pk")
            allowed |= Q(source=Source.NAMED, mission_id__in=mission_ids, named_id__in=named)
            for place_source in place_sources():
                allowed |= Q(source=Source.RECORD, record_type=place_source.key, mission_id__in=mission_ids,
                             record_id__in=place_source.visible(user, mission_ids).values("pk"))
    return allowed


_ROW = ("pk", "source", "place_id", "area_id", "named_id", "record_type", "record_id", "name", "key", "importance",
        "lon", "lat")


def _entity(row: dict) -> tuple[str, object]:
    """(source, id) of the place an index row names: a record's is (its place source's key, its id)."""
    if row["source"] == Source.RECORD:
        return row["record_type"], row["record_id"]
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


def _id_order(entity_id) -> tuple:
    return (0, entity_id, "") if isinstance(entity_id, int) else (1, 0, str(entity_id))


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
    by_id = sorted(best.items(), key=lambda item: _id_order(item[0][1]))  # equals: the smaller id first
    ranked = sorted(by_id, key=lambda item: item[1][0], reverse=True)[:limit]
    return _describe(ranked, missions, language, user)


def _describe(ranked, missions, language: str, user=None) -> list[PlaceHit]:
    """The hits of the ranked index rows: names in the reader's language, kinds in words, municipalities. A
    record of a place source is read again through its `visible_to(user)`, and its hit left out if the user may
    no longer see it."""
    ids: dict[str, list] = {}
    for (source, entity_id), _ in ranked:
        ids.setdefault(source, []).append(entity_id)
    places = Place.objects.in_bulk(ids.get(Source.GAZETTEER, []))
    areas = AdminArea.objects.defer("geometry").select_related("mission", "parent").in_bulk(ids.get(Source.AREA, []))
    named = NamedPlace.objects.select_related("mission").in_bulk(ids.get(Source.NAMED, []))
    records = {}
    for place_source in place_sources():
        if ids.get(place_source.key):
            found = place_source.visible(user, _mission_ids(missions)).select_related("mission").in_bulk(
                ids[place_source.key])
            shown(user, list(found.values()), via="place-search")
            records[place_source.key] = (place_source, found)
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
        elif source == Source.NAMED:
            place = named[entity_id]
            hit = PlaceHit(source=source, id=place.pk, name=place.name_in(language), matched=row["name"],
                           kind=kinds.named_kind(place.kind), code=place.kind, lon=place.lon, lat=place.lat,
                           mission=place.mission.code)
        else:
            place_source, found = records.get(source, (None, {}))
            record = found.get(entity_id)
            if record is None:
                continue
            names = list(place_source.names(record))
            main = next((name for lang, name in names if not lang), str(record))
            hit = PlaceHit(source=source, id=str(record.pk), matched=row["name"],
                           name=name_in({lang: name for lang, name in names if lang}, main, language),
                           kind=str(place_source.kind(record)), code=place_source.code(record), lon=record.lon,
                           lat=record.lat, mission=record.mission.code)
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
    """The known place nearest to a point, within `radius_km` (the name a report's place field gets from a map
    click): `nearest_places` of one point."""
    return nearest_places([(lon, lat)], user=user, missions=missions, language=language, radius_km=radius_km)[0]


def nearest_places(points, *, user=None, missions=(), language: str = "en",
                   radius_km: float = 25.0) -> list[PlaceHit | None]:
    """The known place nearest to each of many (lon, lat) points, within `radius_km` (None where there is none
    that near): a populated place of the gazetteer, one of the missions' named places or a record of a place
    source (a deployment site) the user may see. One query per kind of place over the box around all the
    points, one nearest-neighbour pass (an STRtree on a local plane), each place found described once."""
    points = [(float(lon), float(lat)) for lon, lat in points]
    if not points:
        return []
    candidates = _near_candidates(points, radius_km, user, _mission_ids(missions))
    if not candidates:
        return [None] * len(points)
    scale = math.cos(math.radians(sum(lat for _, lat in points) / len(points)))
    tree = shapely.STRtree(shapely.points([(c[2] * scale, c[3]) for c in candidates]))
    # On the local plane a degree of longitude is `scale` long everywhere: allow for the points' spread in
    # latitude, then keep only what is truly within the radius.
    reach = radius_km / 111.0 * 1.5
    pairs = tree.query_nearest(shapely.points([(lon * scale, lat) for lon, lat in points]), max_distance=reach,
                               all_matches=False)
    chosen: dict[int, tuple] = {}
    for point_index, candidate_index in zip(*pairs, strict=True):
        source, entity_id, place_lon, place_lat = candidates[candidate_index]
        lon, lat = points[point_index]
        distance = distance_km(lon, lat, place_lon, place_lat)
        if distance <= radius_km:
            chosen[int(point_index)] = ((source, entity_id), distance)
    entities = sorted({entity for entity, _ in chosen.values()}, key=lambda e: (e[0], _id_order(e[1])))
    described = _describe([(entity, ((0, 0.0), {"name": ""}, None)) for entity in entities], missions, language,
                          user)
    hits = {(hit.source, str(hit.id)): hit for hit in described}
    out: list[PlaceHit | None] = []
    for index in range(len(points)):
        if index not in chosen:
            out.append(None)
            continue
        (source, entity_id), distance = chosen[index]
        hit = hits.get((source, str(entity_id)))
        out.append(None if hit is None else replace(hit, distance_km=round(distance, 2), matched=""))
    return out


def _near_candidates(points, radius_km: float, user, mission_ids) -> list[tuple]:
    """(source, id, lon, lat) of every place that may be nearest to one of the points: in the box around them
    all, widened by the radius."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    dlat = radius_km / 111.0
    dlon = dlat / max(math.cos(math.radians(max(abs(min(lats)), abs(max(lats))) + dlat)), 0.01)
    box = dict(lon__gte=min(lons) - dlon, lon__lte=max(lons) + dlon, lat__gte=min(lats) - dlat,
               lat__lte=max(lats) + dlat)
    candidates = [(Source.GAZETTEER, pk, lon, lat) for pk, lon, lat in
                  Place.objects.filter(feature_class="P", **box).values_list("pk", "lon", "lat")]
    if user is not None and mission_ids:
        candidates += [(Source.NAMED, pk, lon, lat) for pk, lon, lat in NamedPlace.objects.visible_to(user)
                       .filter(mission_id__in=mission_ids, **box).values_list("pk", "lon", "lat")]
        for place_source in place_sources():
            candidates += [(place_source.key, pk, lon, lat) for pk, lon, lat in
                           place_source.visible(user, mission_ids).filter(**box).values_list("pk", "lon", "lat")]
    return candidates


def search_places(query: str, *, limit: int = 10, near: tuple[float, float] | None = None) -> list[Place]:
    """Gazetteer places only (no mission's areas or named places), best first. `near` is (lon, lat)."""
    hits = find_places(query, limit=limit, near=near, sources=[Source.GAZETTEER])
    places = Place.objects.in_bulk([h.id for h in hits])
    return [places[h.id] for h in hits]
