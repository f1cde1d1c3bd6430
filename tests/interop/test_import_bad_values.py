"""Values that used to end a whole import (an out-of-range date overflowing, a number too long to convert) are
rejected rows with their line and a reason naming the column, in every format; so is a field over the field
limit. The good rows around them are written."""

import csv
import gzip
import io
import json

import pytest
from django.core.management import call_command

from peaceops.incidents.models import Incident

from .conftest import ACLED_SAMPLE, CAR_GED
from .test_import_rejects import records

RANGE = "is outside the supported dates, 1800-01-01 to 2199-12-31 (UTC)"


def run(path, fmt, user, *args) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", fmt, "--user", user, "--no-progress", *args,
                 stdout=out)
    return out.getvalue()


def rows_of(path, count: int, keep=lambda row: True) -> tuple[list[str], list[dict]]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [row for row in reader if keep(row)][:count]
    return reader.fieldnames, rows


def write_csv(path, header, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("column, value", [
    ("occurred_start", "0001-01-01T00:00:00+14:00"),
    ("occurred_start", "9999-12-31T23:59:59-05:00"),
    ("occurred_start", "1700-06-01"),
    ("occurred_end", "9999-12-31T23:00:00-12:00"),
    ("reported_at", "0001-01-01T00:00:00+01:00"),
])
def test_csv_dates_out_of_range_are_rejected_rows(mission, orgs, people, tmp_path, column, value):
    path = tmp_path / "dates.csv"
    path.write_text("id,title,occurred_start,occurred_end,reported_at,lon,lat\n"
                    "D-1,Before,2026-03-01,,,20.86,42.89\n"
                    f"D-2,Broken,{value if column == 'occurred_start' else '2026-03-01'},"
                    f"{value if column == 'occurred_end' else ''},{value if column == 'reported_at' else ''},"
                    "20.86,42.89\n"
                    "D-3,After,2026-03-02,,,20.86,42.89\n", encoding="utf-8")

    output = run(path, "csv", "watch")

    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert f"line 3: {column}: '{value}' {RANGE}" in output
    assert sorted(Incident.objects.values_list("external_id", flat=True)) == ["D-1", "D-3"]


@pytest.mark.django_db
def test_ged_dates_out_of_range_are_rejected_rows(minusca, analyst, tmp_path):
    header, rows = rows_of(CAR_GED, 3, keep=lambda r: int(r["low"]) <= int(r["best"]) <= int(r["high"]))
    rows[1]["date_start"], rows[1]["date_end"] = "0001-01-01", "0001-01-02"
    path = tmp_path / "ged.csv"
    write_csv(path, header, rows)

    output = run(path, "ucdp-ged", "jmac")

    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert f"line 3: date_start: '0001-01-01' {RANGE}" in output


@pytest.mark.django_db
def test_acled_dates_out_of_range_and_overlong_numbers_are_rejected_rows(mission, orgs, people, tmp_path):
    header, rows = rows_of(ACLED_SAMPLE, 4, keep=lambda r: "BAD" not in (r["notes"] or "BAD"))
    rows[1]["event_date"] = "31 December 9999"
    rows[2]["fatalities"] = "9" * 5000  # more digits than Python converts to a number
    path = tmp_path / "acled.csv"
    write_csv(path, header, rows)

    output = run(path, "acled", "watch")

    lines = [line for line, _, _ in records(path)]  # where each record starts (notes may span lines)
    assert "Read 4 rows: 2 created, 0 updated, 0 unchanged, 2 rejected" in output
    assert f"line {lines[1]}: event_date: '31 December 9999' {RANGE}" in output
    assert (f"line {lines[2]}: fatalities: '99999999999999999999'... is too long for a count "
            "(5,000 characters)") in output


@pytest.mark.django_db
def test_geojson_dates_out_of_range_are_rejected_features(mission, orgs, people, tmp_path):
    def feature(n, start):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.86, 42.89]},
                "properties": {"id": f"J-{n}", "title": f"Feature {n}", "occurred_start": start}}

    path = tmp_path / "dates.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature(1, "2026-03-01"), feature(2, "0001-01-01T00:00:00+14:00"), feature(3, "2026-03-02")]}))

    output = run(path, "geojson", "watch")

    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert f"line 1: occurred_start: '0001-01-01T00:00:00+14:00' {RANGE}" in output


@pytest.mark.django_db
def test_a_field_over_the_field_limit_is_a_rejected_row_naming_it(mission, orgs, people, tmp_path, settings):
    settings.PEACEOPS_IMPORT_MAX_FIELD_CHARS = 10_000
    path = tmp_path / "long.csv"
    path.write_text("id,title,description,occurred_start,lon,lat\n"
                    "L-1,Short,fine,2026-03-01,20.86,42.89\n"
                    f"L-2,Long,\"{'many words, ' * 1000}\",2026-03-01,20.86,42.89\n"
                    "L-3,Short too,fine,2026-03-01,20.86,42.89\n", encoding="utf-8")

    output = run(path, "csv", "watch")

    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert "line 3: description: longer than 10,000 characters (PEACEOPS_IMPORT_MAX_FIELD_CHARS)" in output


@pytest.mark.django_db
def test_a_geojson_text_over_the_field_limit_is_a_rejected_feature(mission, orgs, people, tmp_path, settings):
    settings.PEACEOPS_IMPORT_MAX_FIELD_CHARS = 10_000

    def feature(n, description):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.86, 42.89]},
                "properties": {"id": f"J-{n}", "title": f"Feature {n}", "occurred_start": "2026-03-01",
                               "description": description}}

    path = tmp_path / "long.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature(1, "fine"), feature(2, "x" * 10_001), feature(3, "fine")]}))

    output = run(path, "geojson", "watch")

    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert "line 1: feature: holds a text longer than 10,000 characters (PEACEOPS_IMPORT_MAX_FIELD_CHARS)" \
        in output


@pytest.mark.django_db
def test_a_geojson_feature_over_the_row_limit_is_rejected_also_when_made_of_numbers(mission, orgs, people,
                                                                                    tmp_path, settings):
    settings.PEACEOPS_IMPORT_MAX_ROW_CHARS = 10_000

    def feature(n, **extra):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.86, 42.89]},
                "properties": {"id": f"N-{n}", "title": f"Feature {n}", "occurred_start": "2026-03-01", **extra}}

    path = tmp_path / "numbers.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature(1), feature(2, samples=[0] * 10_000), feature(3, notes=["x" * 100] * 200)]}))

    output = run(path, "geojson", "watch")

    assert "Read 3 rows: 1 created, 0 updated, 0 unchanged, 2 rejected" in output
    assert "line 1: feature: longer than 10,000 characters (PEACEOPS_IMPORT_MAX_ROW_CHARS)" in output
    assert "line 2: feature: longer than 10,000 characters (PEACEOPS_IMPORT_MAX_ROW_CHARS)" in output
