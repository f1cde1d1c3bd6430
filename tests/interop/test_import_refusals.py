"""Files that cannot be imported at all end `peaceops import-incidents` with an error saying what was wrong,
never with "Read 0 rows" and success: a single GeoJSON Feature, an empty collection, an empty CSV, a CSV with a
header only, a JSON value that is not a collection, a file over the decompressed size limit. (A CSV file
without the format's columns was refused before: tests/interop/test_import_readers.py.)"""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from peaceops.incidents.models import Incident

FEATURE = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.86, 42.89]},
           "properties": {"id": "F-1", "title": "Roadblock", "occurred_start": "2026-03-01"}}


def run(path, fmt) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", fmt, "--user", "watch", "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt, content, message", [
    ("geojson", json.dumps(FEATURE),
     "a single GeoJSON Feature, not a FeatureCollection: a FeatureCollection is "
     '{"type": "FeatureCollection", "features": [...]}'),
    ("geojson", json.dumps({"type": "FeatureCollection", "features": []}),
     "the FeatureCollection's 'features' list is empty: no incidents to import"),
    ("geojson", json.dumps([FEATURE]), "not a GeoJSON FeatureCollection but a JSON list"),
    ("geojson", json.dumps({"type": "Point", "coordinates": [1, 2]}), "no 'features' list"),
    ("geojson", "", "not a GeoJSON FeatureCollection but an empty or cut-short file"),
    ("csv", "", "the file is empty (no header line, no rows)"),
    ("csv", "id,title,occurred_start,lon,lat\n", "the file has a header line but no rows"),
    ("csv", "id,title,occurred_start,lon,lat\n\n\n", "the file has a header line but no rows"),
    ("ucdp-ged", "", "the file is empty (no header line, no rows)"),
    ("acled", "event_id_cnty,event_date,event_type,latitude,longitude,fatalities\n",
     "the file has a header line but no rows"),
])
def test_a_file_that_cannot_be_imported_says_what_was_wrong(mission, orgs, people, tmp_path, fmt, content,
                                                            message):
    path = tmp_path / "file"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(path, fmt)
    assert message in str(refused.value)
    assert Incident.objects.count() == 0


@pytest.mark.django_db
def test_a_plain_file_over_the_size_limit_is_refused_before_reading(mission, orgs, people, tmp_path, settings):
    settings.PEACEOPS_IMPORT_MAX_DECOMPRESSED_BYTES = 1000
    path = tmp_path / "big.csv"
    path.write_text("id,title,occurred_start,lon,lat\n" + "B-1,Roadblock,2026-03-01,20.86,42.89\n" * 100)
    with pytest.raises(CommandError, match=r"more than 1,000 bytes once decompressed "
                                           r"\(PEACEOPS_IMPORT_MAX_DECOMPRESSED_BYTES\)"):
        run(path, "csv")
    assert Incident.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_breaks_midway_keeps_the_rows_before_and_says_what_was_done(mission, orgs, people, tmp_path):
    features = [dict(FEATURE, properties=dict(FEATURE["properties"], id=f"F-{n}")) for n in range(3)]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    path = tmp_path / "broken.geojson"
    path.write_text(text[: text.rindex("{\"type\": \"Feature\"")] + '{"type": "Feature", "oops": ]}]}')
    with pytest.raises(CommandError) as refused:
        run(path, "geojson")
    assert "not valid GeoJSON after feature 1" in str(refused.value)
    assert ("(stopped after 2 rows, which are imported: 2 created, 0 updated, 0 unchanged, 0 rejected; "
            "importing the mended file again completes it)") in str(refused.value)
    assert sorted(Incident.objects.values_list("external_id", flat=True)) == ["F-0", "F-1"]
