"""The sites already stored become findable places (`sites.places`): their names written to the place index,
as `peaceops reindex-places` would (sites written from now on are indexed as they are saved)."""

from django.db import migrations

from peaceops.geo.names import search_key


def index_sites(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    PlaceIndexName = apps.get_model("geo", "PlaceIndexName")
    rows = []
    for site in Site.objects.order_by("pk").iterator(chunk_size=2000):
        for name in dict.fromkeys(n.strip()[:200] for n in (site.name, site.location_name) if n and n.strip()):
            key = search_key(name)[:200]
            if key:
                rows.append(PlaceIndexName(source="record", record_type="sites", record_id=site.pk,
                                           mission_id=site.mission_id, name=name, language="", key=key,
                                           importance=0.8, lon=site.lon, lat=site.lat))
    PlaceIndexName.objects.filter(record_type="sites").delete()
    PlaceIndexName.objects.bulk_create(rows, batch_size=5000)


def unindex_sites(apps, schema_editor):
    apps.get_model("geo", "PlaceIndexName").objects.filter(record_type="sites").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("geo", "0004_place_index_records"),
        ("sites", "0003_site_verbose_names"),
    ]

    operations = [migrations.RunPython(index_sites, unindex_sites)]
