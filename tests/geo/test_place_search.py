"""The one place search (issue 13, "places people know"): the gazetteer, the mission's admin areas and its named
places, found by any of their names in Albanian, Serbian Latin, Serbian Cyrillic and English, with or without
accents and with small typos; shown with their kind in words and their municipality; a map point gives the
nearest known place; named places are the mission's own and only its administrators add them."""

import pytest
from django.test import Client

from peaceops.core.choices import Role
from peaceops.demo.missions import UNMIK_NAMED_PLACES
from peaceops.geo.named import load_named_places
from tests.factories import MissionFactory, OrganisationFactory, member

API = "/api/v1/geo"
IBAR_BRIDGE = (20.8660, 42.8906)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def unmik(kosovo, gazetteer):
    """UNMIK with Kosovo's areas, the gazetteer and the demo's named places (bridges, crossing points)."""
    result = load_named_places(UNMIK_NAMED_PLACES, mission=kosovo)
    assert result.created == 6 and not result.errors
    return kosovo


def search(user, q, **params):
    response = client_for(user).get(f"{API}/places", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("query", ["North Mitrovica", "Mitrovica e Veriut", "Mitrovicë e Veriut",
                                   "Severna Mitrovica", "Северна Митровица", "severna mitrovica",
                                   "Nort Mitrovica"])
def test_north_mitrovica_in_four_scripts_and_spellings(unmik, people, query):
    first = search(people["watch"], query)[0]
    assert (first["source"], first["kind"], first["mission"]) == ("area", "municipality", "UNMIK")
    assert first["name"] == "North Mitrovica"  # the reader's language (English)
    assert first["within"] == "Mitrovica District"


@pytest.mark.parametrize("query", ["Ibar bridge", "ibar brige", "Ura e Ibrit", "Most na Ibru", "Мост на Ибру"])
def test_the_ibar_bridge_by_its_names(unmik, people, query):
    first = search(people["watch"], query)[0]
    assert (first["source"], first["name"], first["kind"]) == ("named", "Ibar bridge", "bridge")
    assert (first["lon"], first["lat"]) == IBAR_BRIDGE
    assert first["within"] in {"Mitrovica", "North Mitrovica"}


def test_kinds_are_words_not_geonames_codes(unmik, people):
    found = search(people["watch"], "Mitrovica", limit=20)
    kinds = {hit["kind"] for hit in found}
    assert {"city", "municipality"} <= kinds
    assert not kinds & {"PPL", "PPLA", "PPLC", "ADM1", "ADM2", "RSTN"}
    town = next(h for h in found if h["source"] == "gazetteer" and h["code"] == "PPL")
    assert town["name"] == "Mitrovicë" and town["kind"] == "city" and town["within"] == "Mitrovica"
    station = next(h for h in found if h["code"] == "RSTN")
    assert station["kind"] == "railway station"


def test_exact_and_prefix_before_typos_and_nearness_orders_a_tier(unmik, people):
    found = search(people["watch"], "Prizren", limit=15)
    assert found[0]["name"] == "Prizren" and found[0]["kind"] == "city"
    # A typo finds it too, though an exact match would come first.
    assert search(people["watch"], "Prizern")[0]["name"] == "Prizren"
    # Two places named alike: the one nearer the map's centre first.
    near_jarinje = search(people["watch"], "crossing point", near_lon=20.72, near_lat=43.2)
    near_merdare = search(people["watch"], "crossing point", near_lon=21.23, near_lat=42.93)
    assert near_jarinje[0]["name"] == "Jarinje crossing point"
    assert near_merdare[0]["name"] == "Merdare crossing point"
    assert near_merdare[0]["distance_km"] < 1


def test_names_in_the_readers_language(unmik, people):
    watch = client_for(people["watch"])
    in_serbian = watch.get(f"{API}/places", {"q": "North Mitrovica"}, HTTP_ACCEPT_LANGUAGE="sr-latn").json()
    assert in_serbian[0]["name"] == "Severna Mitrovica"
    in_albanian = watch.get(f"{API}/places", {"q": "Ibar bridge"}, HTTP_ACCEPT_LANGUAGE="sq").json()
    assert in_albanian[0]["name"] == "Ura e Ibrit" and in_albanian[0]["matched"] == "Ibar bridge"


def test_another_missions_places_and_areas_are_not_found(unmik, people):
    minusca = MissionFactory(code="MINUSCA", name="MINUSCA")
    outsider = member(minusca, OrganisationFactory(code="MINUSCA"), Role.REPORTER, username="minusca-reporter")
    found = search(outsider, "Ibar bridge") + search(outsider, "North Mitrovica")
    assert all(hit["source"] == "gazetteer" for hit in found)
    assert client_for(outsider).get(f"{API}/places", {"q": "Ibar", "mission": "UNMIK"}).status_code == 404
    assert client_for(outsider).get(f"{API}/named-places", {"mission": "UNMIK"}).status_code == 404


def test_nearest_known_place_of_a_map_point(unmik, people):
    watch = client_for(people["watch"])
    on_bridge = watch.get(f"{API}/nearest", {"lon": 20.8661, "lat": 42.8907}).json()
    assert [(p["name"], p["kind"]) for p in on_bridge] == [("Ibar bridge", "bridge")]
    prizren = search(people["watch"], "Prizren")[0]
    near_prizren = watch.get(f"{API}/nearest", {"lon": prizren["lon"] + 0.001, "lat": prizren["lat"]}).json()
    assert near_prizren[0]["name"] == "Prizren" and near_prizren[0]["distance_km"] < 0.2
    assert watch.get(f"{API}/nearest", {"lon": 0.0, "lat": 0.0}).json() == []


def test_mission_administrators_add_named_places_found_at_once(unmik, people):
    place = {"mission": "UNMIK", "name": "Zvečan checkpoint", "kind": "checkpoint", "lon": 20.84, "lat": 42.91,
             "names": {"sq": "Pika e kontrollit Zveçan", "sr-Cyrl": "Контролни пункт Звечан"}}
    refused = client_for(people["reporter"]).post(f"{API}/named-places", place, content_type="application/json")
    assert refused.status_code == 403
    assert all(hit["source"] != "named" for hit in search(people["watch"], "Zvecan checkpoint"))
    added = client_for(people["admin"]).post(f"{API}/named-places", place, content_type="application/json")
    assert added.status_code == 201 and added.json()["kind_label"] == "checkpoint"
    first = search(people["watch"], "Контролни пункт Звечан")[0]
    assert (first["name"], first["kind"]) == ("Zvečan checkpoint", "checkpoint")
    listed = client_for(people["viewer"]).get(f"{API}/named-places", {"mission": "UNMIK"}).json()
    assert "Zvečan checkpoint" in {p["name"] for p in listed} and len(listed) == 7
    bad = client_for(people["admin"]).post(f"{API}/named-places", {**place, "kind": "castle"},
                                           content_type="application/json")
    assert bad.status_code == 422


def test_the_place_routes_are_documented_in_openapi(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "any script" in paths["/api/v1/geo/places"]["get"]["description"]
    assert "nearest" in paths["/api/v1/geo/nearest"]["get"]["description"]
    assert {"get", "post"} <= set(paths["/api/v1/geo/named-places"])
    fields = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["PlaceOut"]["properties"]
    assert {"kind", "within", "matched", "source"} <= set(fields)


def test_operators_load_named_places_from_a_file_and_rebuild_the_index(unmik, people, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from peaceops.geo.models import NamedPlace, PlaceIndexName

    file = tmp_path / "places.json"
    file.write_text('[{"name": "Ibar bridge", "kind": "bridge", "lon": 20.8661, "lat": 42.8906},'
                    ' {"name": "Castle", "kind": "castle", "lon": 20.9, "lat": 42.9},'
                    ' {"name": "Bridge square", "kind": "square", "lon": 20.867, "lat": 42.891,'
                    '  "names": {"sr-Cyrl": "Трг код моста"}}]', encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("load_named_places", str(file), "--mission", "UNMIK", stdout=out, stderr=err)
    assert "named places: 1 created, 1 updated, 0 unchanged, 1 rejected" in out.getvalue()
    assert "item 2: kind: 'castle' is not one of" in err.getvalue()
    assert NamedPlace.objects.get(name="Ibar bridge").lon == 20.8661
    assert search(people["watch"], "Trg kod mosta")[0]["name"] == "Bridge square"
    before = sorted(PlaceIndexName.objects.values_list("source", "name", "key"))
    call_command("reindex_places", stdout=StringIO())
    assert sorted(PlaceIndexName.objects.values_list("source", "name", "key")) == before
