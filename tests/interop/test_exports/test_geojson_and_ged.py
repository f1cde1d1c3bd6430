"""The GeoJSON and UCDP GED exports: structure, types, and the GED column mapping."""

import json

import pytest

from peaceops.incidents.services import create_incident
from tests.factories import incident_data

from .seeds import day, expected_titles, read_table, run_export


def test_geojson_is_one_feature_collection_of_points(seeded):
    collection = json.loads(run_export("--format", "geojson", "--user", "kfor")[0])
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert sorted(f["properties"]["title"] for f in features) == sorted(expected_titles("KFOR"))
    for feature in features:
        props = feature["properties"]
        assert feature["type"] == "Feature" and feature["id"] == props["uuid"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [props["lon"], props["lat"]]}
    bridge = next(f for f in features if f["properties"]["id"] == "JOC-2026-0017")
    assert bridge["geometry"]["coordinates"] == [20.8671, 42.8914]  # [lon, lat], numbers
    assert bridge["properties"]["fatalities_best"] == 3 and bridge["properties"]["injured_high"] == 1


def test_geojson_of_nothing_is_an_empty_collection(db, people):
    assert json.loads(run_export("--format", "geojson", "--user", "osce")[0]) == {
        "type": "FeatureCollection", "features": []}


def test_geojson_keeps_text_as_written(mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="=1+1", lon=-12.5))
    feature = json.loads(run_export("--format", "geojson", "--user", "watch")[0])["features"][0]
    assert feature["properties"]["title"] == "=1+1" and feature["geometry"]["coordinates"][0] == -12.5


@pytest.fixture
def ged_rows(seeded, mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Attack on villagers", category_path="organised-violence/one-sided", occurred_start=day(20),
        occurred_end=day(28), time_precision="month", location_precision="admin1", ucdp_id="244657",
        fatalities_low=4, fatalities_best=6, fatalities_high=10))
    return {row["source_headline"]: row for row in read_table(run_export("--format", "ucdp-ged", "--user", "sc")[0])}


def test_ged_maps_sides_deaths_and_precisions(ged_rows):
    row = ged_rows["Public stone-throwing at the bridge"]
    assert row["id"] == row["id"].lower() and len(row["id"]) == 32  # no UCDP id: the UUID's 32 hex digits
    assert (row["year"], row["date_start"], row["date_end"]) == ("2026", "2026-03-01", "2026-03-01")
    assert row["type_of_violence"] == ""  # a mission category, not a UCDP type of violence
    assert row["side_a"] == "Unknown armed men"
    assert row["side_b"] == "Kosovo Police; Bus passengers"
    # civilians 2 killed; 1 security-force death goes to side b, whose Kosovo Police are a state force
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == ("0", "1", "2", "0")
    assert (row["low"], row["best"], row["high"]) == ("1", "3", "4")
    assert (row["where_prec"], row["date_prec"]) == ("1", "1")
    assert (float(row["latitude"]), float(row["longitude"])) == (42.8914, 20.8671)
    assert row["where_coordinates"] == "Ibar bridge, Mitrovica"
    assert (row["adm_1"], row["adm_2"]) == ("Mitrovicë", "Mitrovicë e Veriut")
    assert row["source_article"] == "KFOR report 17; Koha Ditore; 2 March"


def test_ged_event_with_ucdp_id_and_unexplained_deaths(ged_rows):
    row = ged_rows["Attack on villagers"]
    assert (row["id"], row["type_of_violence"]) == ("244657", "3")
    assert (row["where_prec"], row["date_prec"]) == ("4", "4")
    assert (row["date_start"], row["date_end"]) == ("2026-03-20", "2026-03-28")
    # no casualty groups: all six best-estimate deaths are of unknown status, so best = the sum of deaths_*
    assert (row["deaths_civilians"], row["deaths_unknown"], row["best"]) == ("0", "6", "6")
    assert (row["low"], row["high"]) == ("4", "10")


def test_ged_text_is_neutralised(mission, people):
    create_incident(acting_user=people["watch"], mission=mission,
                    data=incident_data(title="@attack", location_name="-north", lon=-12.5, lat=8.4))
    row = read_table(run_export("--format", "ucdp-ged", "--user", "watch")[0])[0]
    assert (row["source_headline"], row["where_coordinates"]) == ("'@attack", "'-north")
    assert row["longitude"] == "-12.5"
