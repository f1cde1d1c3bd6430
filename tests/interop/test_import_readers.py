"""Readers on small hand-made inputs: parsing rules that a user of each format relies on (no database)."""

import datetime as dt
import io

import pytest

from peaceops.incidents.formats.readers import acled, peaceops_csv, ucdp_ged
from peaceops.incidents.formats.readers.common import RowError, count, csv_records, day

GED_HEADER = ("id,type_of_violence,where_prec,date_prec,date_start,date_end,low,best,high,side_a,side_b,"
              "side_a_new_id,side_b_new_id,deaths_a,deaths_b,deaths_civilians,deaths_unknown,source_headline,"
              "where_coordinates,dyad_name,geom_wkt\n")


def ged(row: str):
    return list(ucdp_ged.read(io.StringIO(GED_HEADER + row)))


def test_csv_records_give_the_line_where_each_record_starts():
    text = 'a,b\n1,"two\nlines"\n\n3,x\n4\n'
    found = [(line, raw, problem) for line, raw, problem in csv_records(io.StringIO(text))]
    assert [(line, raw.get("a"), problem is None) for line, raw, problem in found] == [
        (2, "1", True), (5, "3", True), (6, "4", False)]
    assert found[2][2] == "row: has 1 fields, the header has 2"


@pytest.mark.parametrize("text, expected", [
    ("2020-01-31", dt.datetime(2020, 1, 31, tzinfo=dt.UTC)),
    ("2020-01-31 00:00:00", dt.datetime(2020, 1, 31, tzinfo=dt.UTC)),
    ("31 January 2020", dt.datetime(2020, 1, 31, tzinfo=dt.UTC)),
    ("31-January-2020", dt.datetime(2020, 1, 31, tzinfo=dt.UTC)),
])
def test_dates_in_the_forms_the_datasets_use(text, expected):
    assert day({"d": text}, "d") == expected


@pytest.mark.parametrize("text", ["2020-02-30", "31/01/2020", "yesterday", "2020-01-31X"])
def test_unreadable_dates_name_the_column(text):
    with pytest.raises(RowError, match="^d: "):
        day({"d": text}, "d")


def test_counts_are_whole_and_not_negative():
    assert count({"n": "3.0"}, "n") == 3
    assert count({"n": ""}, "n") == 0
    for bad in ("2.5", "-1", "many"):
        with pytest.raises(RowError, match="^n: "):
            count({"n": bad}, "n")


def test_ged_point_from_geom_wkt_when_there_are_no_coordinate_columns():
    [row] = ged('1,1,1,1,2016-01-01,2016-01-02,1,2,3,Government of Syria,IS,118,234,2,0,0,0,'
                'First headline;Second headline,Aleppo town,Government of Syria - IS,POINT (37.16 36.2)\n')
    data = row.data
    assert (data.lon, data.lat) == (37.16, 36.2)
    assert data.title == "First headline"
    assert data.occurred_end == dt.datetime(2016, 1, 2, tzinfo=dt.UTC)
    assert [(c.group, c.killed_best) for c in data.casualties] == [("security_forces", 2)]
    assert [(a.name, a.role, a.type, a.ucdp_actor_id) for a in data.actors] == [
        ("Government of Syria", "perpetrator", "state_forces", 118), ("IS", "target", "rebel_group", 234)]


def test_ged_title_without_headline_and_long_headlines():
    [plain] = ged("2,2,2,1,2016-01-01,2016-01-01,0,0,0,IS,SDF,234,6288,0,0,0,0,,Raqqa city,IS - SDF,POINT (39 35.9)\n")
    assert plain.data.title == "IS - SDF at Raqqa city"
    assert [a.type for a in plain.data.actors] == ["militia", "militia"]
    [long] = ged(f"3,1,1,1,2016-01-01,2016-01-01,0,0,0,A,B,1,2,0,0,0,0,{'x' * 400},P,A - B,POINT (20 42)\n")
    assert len(long.data.title) == 300 and long.data.title.endswith("…")


@pytest.mark.parametrize("row, column", [
    ("4,1,1,1,2016-01-02,2016-01-01,0,0,0,A,B,1,2,0,0,0,0,,P,D,POINT (20 42)", "date_end"),
    ("5,1,8,1,2016-01-01,2016-01-01,0,0,0,A,B,1,2,0,0,0,0,,P,D,POINT (20 42)", "where_prec"),
    ("6,1,1,6,2016-01-01,2016-01-01,0,0,0,A,B,1,2,0,0,0,0,,P,D,POINT (20 42)", "date_prec"),
    ("8,1,1,1,2016-01-01,2016-01-01,0,0,0,A,B,1,2,-1,0,0,0,,P,D,POINT (20 42)", "deaths_a"),
    ("9,1,1,1,2016-01-01,2016-01-01,0,0,0,A,B,1,2,0,0,0,0,,P,D,POINT (500 1)", "geom_wkt"),
])
def test_ged_bad_values_are_rejected_naming_the_column(row, column):
    [result] = ged(row + "\n")
    assert result.data is None and result.reason.startswith(column + ":"), result.reason


def test_peaceops_csv_sources_may_contain_separators_and_estimates_default_to_best():
    raw = {"id": "X-1", "title": "t", "occurred_start": "2026-03-01T10:00:00+02:00", "lon": "20", "lat": "42",
           "sources": "media|C|3|Koha Ditore; page 2|col 3;patrol|B|2|Report 17", "fatalities_best": "2",
           "actors": "Unknown youths;Kosovo Police|target|state_forces"}
    data = peaceops_csv.incident_from_fields(raw)
    assert [(s.type, s.reliability, s.credibility, s.reference) for s in data.sources] == [
        ("media", "C", "3", "Koha Ditore; page 2|col 3"), ("patrol", "B", "2", "Report 17")]
    assert (data.fatalities_low, data.fatalities_best, data.fatalities_high) == (2, 2, 2)
    assert data.occurred_start == dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    assert [(a.name, a.role, a.type) for a in data.actors] == [
        ("Unknown youths", "perpetrator", "unknown"), ("Kosovo Police", "target", "state_forces")]


def test_peaceops_csv_needs_an_id():
    with pytest.raises(RowError, match="^id: is required"):
        peaceops_csv.incident_from_fields({"title": "t", "occurred_start": "2026-03-01", "lon": "20", "lat": "42"})


def test_acled_default_categories_follow_the_default_taxonomy():
    assert acled.default_category("Battles", "Armed clash") == "acled/battles/armed-clash"
    assert acled.default_category("battles", "Something new") == "acled/battles"
    assert acled.default_category("Skirmishes", "") is None
