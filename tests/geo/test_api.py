"""The geo API: admin areas as GeoJSON for members of the mission only, gazetteer search, point location."""

import pytest
import shapely
from django.test import Client

from peaceops.core.choices import Role
from peaceops.geo.loaders import load_boundaries
from tests.factories import OrganisationFactory, member

from .conftest import boundary_file, raw_features, town

API = "/api/v1/geo"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def car(car_mission):
    load_boundaries(boundary_file("CAF", 1), mission=car_mission, level=1)
    return car_mission


@pytest.fixture
def car_member(car):
    return member(car, OrganisationFactory(code="MINUSCA"), Role.VIEWER, username="minusca-viewer")


def test_member_gets_the_municipalities_as_geojson(kosovo, people):
    response = client_for(people["viewer"]).get(f"{API}/admin-areas", {"mission": "UNMIK", "level": 2})
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["name"] for f in collection["features"]} == {
        f["properties"]["shapeName"] for f in raw_features(boundary_file("XKX", 2))}
    pristina = next(f for f in collection["features"] if f["properties"]["name"] == "Municipality of Pristina")
    assert pristina["properties"]["names"]["sq"] == "Prishtinë" and pristina["properties"]["level"] == 2
    assert pristina["properties"]["code"] == "46174442B58319520988808"
    assert pristina["properties"]["parent_id"] and pristina["id"] == pristina["properties"]["id"]
    assert shapely.geometry.shape(pristina["geometry"]).contains(shapely.Point(*town("Pristina")))


def test_simplify_reduces_vertices(kosovo, people):
    client = client_for(people["viewer"])

    def vertices(params):
        features = client.get(f"{API}/admin-areas", {"mission": "UNMIK", "level": 0, **params}).json()["features"]
        return shapely.get_num_coordinates(shapely.geometry.shape(features[0]["geometry"]))

    assert vertices({"simplify": 0.01}) < vertices({}) / 2


def test_without_authentication_401(kosovo):
    assert Client().get(f"{API}/admin-areas", {"mission": "UNMIK"}).status_code == 401
    assert Client().get(f"{API}/places", {"q": "Prizren"}).status_code == 401


def test_nothing_of_a_mission_the_user_does_not_belong_to(kosovo, people, car, car_member):
    unmik = client_for(people["viewer"])
    refused = unmik.get(f"{API}/admin-areas", {"mission": "MINUSCA"})
    assert refused.status_code == 404 and "features" not in refused.json()
    everything = unmik.get(f"{API}/admin-areas").json()["features"]
    assert len(everything) == 1 + 7 + 38 and {f["properties"]["mission"] for f in everything} == {"UNMIK"}
    minusca = client_for(car_member).get(f"{API}/admin-areas").json()["features"]
    assert len(minusca) == 17 and {f["properties"]["mission"] for f in minusca} == {"MINUSCA"}
    lon, lat = town("Prizren")
    assert client_for(car_member).get(f"{API}/locate", {"lon": lon, "lat": lat}).json() == []


def test_locate_gives_country_district_and_municipality(kosovo, people):
    lon, lat = town("Prizren")
    areas = client_for(people["viewer"]).get(f"{API}/locate", {"lon": lon, "lat": lat, "mission": "UNMIK"}).json()
    assert [(a["level"], a["name"]) for a in areas] == [
        (0, "Kosovo"), (1, "District of Prizren"), (2, "Municipality of Prizren")]
    assert areas[2]["parent_id"] == areas[1]["id"] and areas[2]["names"]["sr"] == "Prizren"


def test_locate_rejects_impossible_coordinates(kosovo, people):
    response = client_for(people["viewer"]).get(f"{API}/locate", {"lon": 20.9, "lat": 123})
    assert response.status_code == 422 and response.json()["field"] == "lat"


def test_places_search(gazetteer, people):
    response = client_for(people["viewer"]).get(f"{API}/places", {"q": "Kosovska Mitrovica", "limit": 3})
    assert response.status_code == 200
    places = response.json()
    assert 1 <= len(places) <= 3
    assert places[0]["name"] == "Mitrovicë" and places[0]["code"] == "PPL" and places[0]["kind"] == "city"
    assert places[0]["matched"] == "Kosovska Mitrovica" and places[0]["source"] == "gazetteer"
    assert set(places[0]) >= {"id", "name", "matched", "kind", "within", "lon", "lat", "population"}
