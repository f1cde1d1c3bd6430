"""Loading GeoNames: counts equal the file's rows, every distinct name is searchable, re-loads change nothing,
both the CSV with a header and the raw tab-separated dump work, bad rows are reported and skipped."""

import csv
import zipfile

import pytest

from peaceops.core.models import ChangeLogEntry
from peaceops.geo.loaders import GeoDataError, load_gazetteer
from peaceops.geo.models import Place, PlaceName

from .conftest import FIXTURES, GAZETTEER, gazetteer_rows

DUMP = FIXTURES / "geonames_XK_sample.txt"


def dump_rows() -> list[list[str]]:
    with DUMP.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


def distinct_names(name, asciiname, alternatenames) -> set[str]:
    return {n.strip() for n in [name, asciiname, *alternatenames.split(",")] if n.strip()}


@pytest.mark.slow
def test_csv_load_counts_names_and_idempotent_reload(db):
    rows = gazetteer_rows()
    result = load_gazetteer(GAZETTEER)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (len(rows), 0, 0, 0)
    assert Place.objects.count() == len({r["geonameid"] for r in rows})
    expected_names = sum(len(distinct_names(r["name"], r["asciiname"], r["alternatenames"])) for r in rows)
    assert PlaceName.objects.count() == expected_names
    assert ChangeLogEntry.objects.filter(object_type="geo.place", action="create").count() == len(rows)

    mitrovica = next(r for r in rows if r["name"] == "Mitrovicë" and r["feature_class"] == "P")
    place = Place.objects.get(geonames_id=int(mitrovica["geonameid"]))
    assert (place.lon, place.lat, place.population) == (
        float(mitrovica["longitude"]), float(mitrovica["latitude"]), int(mitrovica["population"]))
    stored = dict(place.alternate_names.values_list("name", "search_key"))
    assert set(stored) == distinct_names(mitrovica["name"], mitrovica["asciiname"], mitrovica["alternatenames"])
    assert stored["Mitrovicë"] == "mitrovice" and stored["Косовска Митровица"] == "kosovska mitrovica"

    entries, names = ChangeLogEntry.objects.count(), PlaceName.objects.count()
    again = load_gazetteer(GAZETTEER)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows))
    assert (ChangeLogEntry.objects.count(), PlaceName.objects.count()) == (entries, names)


def test_raw_dump_without_header_is_detected(db):
    rows = dump_rows()
    result = load_gazetteer(DUMP)
    assert (result.created, result.rejected) == (len(rows), 0)
    first = rows[0]
    place = Place.objects.get(geonames_id=int(first[0]))
    assert (place.name, place.ascii_name, place.feature_class, place.feature_code, place.country_code) == (
        first[1], first[2], first[6], first[7], first[8])
    assert set(place.alternate_names.values_list("name", flat=True)) == distinct_names(first[1], first[2], first[3])


def test_zipped_dump_loads_like_the_plain_one(db, tmp_path):
    archive = tmp_path / "XK.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme\n")
        zf.write(DUMP, "XK.txt")
    assert load_gazetteer(archive).created == len(dump_rows())


def test_changed_rows_are_updated_and_logged(db, tmp_path):
    load_gazetteer(DUMP)
    rows = dump_rows()
    rows[0][14] = "12345"  # population
    rows[1][3] += ",Novo Ime"  # a new alternate name
    changed = tmp_path / "XK.txt"
    changed.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    result = load_gazetteer(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 2, len(rows) - 2)
    assert Place.objects.get(geonames_id=int(rows[0][0])).population == 12345
    assert PlaceName.objects.filter(place__geonames_id=int(rows[1][0]), search_key="novo ime").exists()
    update = ChangeLogEntry.objects.get(action="update", object_repr=rows[0][1])
    assert (update.before["population"], update.after["population"]) == (int(dump_rows()[0][14]), 12345)


def test_bad_rows_are_rejected_with_line_and_column_and_the_rest_loaded(db, tmp_path):
    rows = [r[:] for r in dump_rows()[:5]]
    rows[2][4] = "north"  # latitude
    rows[3][5] = "200"  # longitude out of range
    path = tmp_path / "XK.txt"
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    result = load_gazetteer(path)
    assert (result.created, result.rejected) == (3, 2)
    assert result.errors == ["line 3: latitude: not a number ('north')", "line 4: longitude: 200.0 is outside -180..180"]


def test_header_file_with_spaced_column_names(db, tmp_path):
    path = tmp_path / "places.tsv"
    path.write_text("geonameid\tname\talternate names\tlatitude\tlongitude\tfeature class\tpopulation\n"
                    "1\tDragash\tDragaš,Драгаш\t42.06\t20.65\tP\t35000\n", encoding="utf-8")
    assert load_gazetteer(path).created == 1
    place = Place.objects.get(geonames_id=1)
    assert (place.feature_class, place.population) == ("P", 35000)
    assert set(place.alternate_names.values_list("search_key", flat=True)) == {"dragash", "dragas"}  # Драгаш reads "dragas"


def test_not_a_gazetteer_is_refused(db, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id;title\n1;hello\n", encoding="utf-8")
    with pytest.raises(GeoDataError, match="not a GeoNames file"):
        load_gazetteer(path)
    with pytest.raises(GeoDataError, match="no such file"):
        load_gazetteer(tmp_path / "missing.txt")

