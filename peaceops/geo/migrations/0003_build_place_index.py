"""Re-key the gazetteer's names (search keys now read Cyrillic and other scripts in Latin letters) and build the
place search's index from the places, admin areas and named places already loaded. Written with the
historical models; `peaceops reindex-places` does the same with the current code."""

from django.db import migrations

from peaceops.geo.names import search_key
from peaceops.geo.placeindex import NAMED_IMPORTANCE, area_importance, place_importance


def _rows(Index, names, **values):
    rows, seen = [], set()
    for language, name in names:
        name = (name or "").strip()[:200]
        key = search_key(name)[:200]
        if key and (name, language) not in seen:
            seen.add((name, language))
            rows.append(Index(name=name, language=language[:16], key=key, **values))
    return rows


def build(apps, schema_editor):
    Place, PlaceName = apps.get_model("geo", "Place"), apps.get_model("geo", "PlaceName")
    AdminArea, NamedPlace = apps.get_model("geo", "AdminArea"), apps.get_model("geo", "NamedPlace")
    Index = apps.get_model("geo", "PlaceIndexName")
    changed = []
    for name in PlaceName.objects.all().iterator(chunk_size=5000):
        key = search_key(name.name)[:200]
        if key != name.search_key:
            name.search_key = key
            changed.append(name)
    PlaceName.objects.bulk_update(changed, ["search_key"], batch_size=5000)
    names = {}
    for place_id, name, language in PlaceName.objects.order_by("pk").values_list("place_id", "name", "language"):
        names.setdefault(place_id, []).append((language, name))
    rows = []
    for place in Place.objects.all().iterator(chunk_size=5000):
        rows += _rows(Index, [("", place.name), *names.get(place.pk, [])], source="gazetteer", place_id=place.pk,
                      importance=place_importance(place), lon=place.lon, lat=place.lat)
    for area in AdminArea.objects.defer("geometry").iterator(chunk_size=500):
        rows += _rows(Index, [*sorted(area.names.items()), ("", area.name)], source="area", area_id=area.pk,
                      mission_id=area.mission_id, importance=area_importance(area.level), lon=area.centroid_lon,
                      lat=area.centroid_lat)
    for named in NamedPlace.objects.all():
        rows += _rows(Index, [("", named.name), *sorted(named.names.items())], source="named", named_id=named.pk,
                      mission_id=named.mission_id, importance=NAMED_IMPORTANCE, lon=named.lon, lat=named.lat)
    Index.objects.bulk_create(rows, batch_size=5000)


def unbuild(apps, schema_editor):
    apps.get_model("geo", "PlaceIndexName").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_named_places_and_place_index")]
    operations = [migrations.RunPython(build, unbuild)]
