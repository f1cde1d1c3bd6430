"""The place search's index (`PlaceIndexName`): one row per name of each gazetteer place, admin area and
named place, and record of a registered place source (`geo.sources`: deployment sites), with its search key,
importance and position. Each source re-indexes what it changes: the gazetteer loader the places of a batch,
the boundary loader a mission's areas, the named-place service one place, a place source's records as they are
saved or deleted (`index_records`, `unindex_record`, connected by `sources.register_place_source`);
`rebuild()` (`peaceops reindex-places`) rebuilds everything, e.g. after the search key changes.

Importance (0..1) says how likely a user typing a name means that place: a mission's own named places and
its municipalities rank with towns; among gazetteer places, populated places by population, capitals and
administrative seats first, then administrative areas, then sites, then terrain and water.
"""

import math

from django.db import transaction

from .models import AdminArea, NamedPlace, Place, PlaceIndexName, PlaceName
from .names import search_key
from .sources import place_sources, source_of

#: Importance of a gazetteer place by feature class, when it is not a populated place.
_CLASS_IMPORTANCE = {"A": 0.5, "S": 0.3, "R": 0.25, "H": 0.2, "T": 0.2, "L": 0.2, "V": 0.15, "U": 0.1}
#: Importance of an admin area by level: the country, regions, municipalities, below.
_LEVEL_IMPORTANCE = {0: 0.9, 1: 0.65, 2: 0.7}
NAMED_IMPORTANCE = 0.8


def place_importance(place: Place) -> float:
    """0..1 for a gazetteer place: populated places 0.4 to 0.9 by population (a capital or seat higher)."""
    if place.feature_class != "P":
        return _CLASS_IMPORTANCE.get(place.feature_class, 0.1)
    score = 0.4 + min(0.45, math.log10(place.population + 1) / 14)
    if place.feature_code == "PPLC":
        score += 0.1
    elif place.feature_code.startswith("PPLA"):
        score += 0.05
    return min(score, 1.0)


def area_importance(level: int) -> float:
    """0..1 for an admin area of a level."""
    return _LEVEL_IMPORTANCE.get(level, 0.5)


def _rows(names, **values) -> list[PlaceIndexName]:
    """One index row per distinct (name, language), skipping names without a search key."""
    rows, seen = [], set()
    for language, name in names:
        name = (name or "").strip()[:200]
        key = search_key(name)[:200]
        if not key or (name, language) in seen:
            continue
        seen.add((name, language))
        rows.append(PlaceIndexName(name=name, language=language[:16], key=key, **values))
    return rows


def index_places(place_ids) -> int:
    """(Re)index the names of these gazetteer places; returns the number of rows written."""
    place_ids = list(place_ids)
    names: dict[int, list] = {}
    for place_id, name, language in PlaceName.objects.filter(place_id__in=place_ids).order_by("pk").values_list(
            "place_id", "name", "language"):
        names.setdefault(place_id, []).append((language, name))
    rows = []
    for place in Place.objects.filter(pk__in=place_ids):
        rows += _rows([("", place.name), *names.get(place.pk, [])], source=PlaceIndexName.Source.GAZETTEER,
                      place=place, importance=place_importance(place), lon=place.lon, lat=place.lat)
    with transaction.atomic():
        PlaceIndexName.objects.filter(place_id__in=place_ids).delete()
        PlaceIndexName.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _area_names(area: AdminArea) -> list[tuple[str, str]]:
    return [*sorted(area.names.items()), ("", area.name)]


def index_areas(mission_id: int) -> int:
    """(Re)index the names of one mission's admin areas (every language they have, and the source's name)."""
    rows = []
    for area in AdminArea.objects.filter(mission_id=mission_id).defer("geometry"):
        rows += _rows(_area_names(area), source=PlaceIndexName.Source.AREA, area=area, mission_id=mission_id,
                      importance=area_importance(area.level), lon=area.centroid_lon,
                      lat=area.centroid_lat)
    with transaction.atomic():
        PlaceIndexName.objects.filter(source=PlaceIndexName.Source.AREA, mission_id=mission_id).delete()
        PlaceIndexName.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def index_named(named: NamedPlace) -> int:
    """(Re)index one named place's names."""
    rows = _rows([("", named.name), *sorted(named.names.items())], source=PlaceIndexName.Source.NAMED,
                 named=named, mission_id=named.mission_id, importance=NAMED_IMPORTANCE, lon=named.lon,
                 lat=named.lat)
    with transaction.atomic():
        PlaceIndexName.objects.filter(named=named).delete()
        PlaceIndexName.objects.bulk_create(rows)
    return len(rows)


def index_records(source, records) -> int:
    """(Re)index the names of records of a place source (`sources.PlaceSource`), e.g. a site created, renamed or
    moved; returns the rows written."""
    rows, ids = [], [record.pk for record in records]
    for record in records:
        rows += _rows(source.names(record), source=PlaceIndexName.Source.RECORD, record_type=source.key,
                      record_id=record.pk, mission_id=record.mission_id, importance=source.importance,
                      lon=record.lon, lat=record.lat)
    with transaction.atomic():
        PlaceIndexName.objects.filter(record_type=source.key, record_id__in=ids).delete()
        PlaceIndexName.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def unindex_record(source, record_id) -> None:
    """Remove a deleted record's names from the index."""
    PlaceIndexName.objects.filter(record_type=source.key, record_id=record_id).delete()


def record_saved(sender, instance, raw=False, **kwargs) -> None:
    """`post_save` of any model: a record of a place source is (re)indexed (fixtures loaded raw are left to
    `reindex-places`)."""
    source = source_of(sender)
    if source is not None and not raw:
        index_records(source, [instance])


def record_deleted(sender, instance, **kwargs) -> None:
    """`post_delete` of any model: a record of a place source leaves the index."""
    source = source_of(sender)
    if source is not None:
        unindex_record(source, instance.pk)


def rebuild(batch: int = 5000) -> int:
    """Rebuild the whole index from the gazetteer, every mission's areas and named places and every place
    source's records (all of them: who may find one is decided at search time); returns the rows."""
    from peaceops.core.models import Mission

    total = 0
    with transaction.atomic():
        PlaceIndexName.objects.all().delete()
        ids = list(Place.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            total += index_places(ids[start:start + batch])
        for mission_id in Mission.objects.values_list("pk", flat=True):
            total += index_areas(mission_id)
        for named in NamedPlace.objects.all():
            total += index_named(named)
        for source in place_sources():
            records = source.model._default_manager.order_by("pk")
            for start in range(0, records.count(), batch):
                total += index_records(source, list(records[start:start + batch]))
    return total
