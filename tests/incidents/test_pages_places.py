"""The report form's two helpers: finding a place by its name in any language, and the duplicate hint."""

import csv
import datetime as dt
import gzip
from pathlib import Path

import pytest
from lxml import html

import peaceops
from peaceops.core.choices import Classification
from peaceops.geo.loaders import load_gazetteer
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

GAZETTEER = Path(peaceops.__file__).parent / "demo" / "data" / "gazetteer" / "geonames_XK_2012.csv.gz"


def sign_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


#: Name fragments of the places the tests look up; the loaded extract keeps these and every 10th other row.
SEARCHED = ("mitrovic", "митровиц", "prisht", "prišt", "pristin", "приштин")


@pytest.fixture
def gazetteer(db, tmp_path):
    """An extract of the real GeoNames file (header kept), loaded the way operators load the whole file."""
    with gzip.open(GAZETTEER, "rt", encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = [r for n, r in enumerate(reader)
                if n % 10 == 0 or any(k in (r["name"] + r["alternatenames"]).lower() for k in SEARCHED)]
        fields = reader.fieldnames
    extract = tmp_path / "geonames_extract.csv"
    with extract.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    load_gazetteer(extract)
    return rows


def results(client, **params):
    response = client.get("/incidents/places/", params)
    assert response.status_code == 200
    page = html.fromstring(response.content.decode() or "<div></div>")
    return [(b.get("data-name"), float(b.get("data-lon")), float(b.get("data-lat")))
            for b in page.xpath("//button[contains(@class,'place-result')]")]


def populated_place(rows, spelling: str) -> dict:
    """The most populous populated place that carries this spelling among its names (read from the file)."""
    named = [r for r in rows if r["feature_class"] == "P"
             and spelling in [r["name"], r["asciiname"], *r["alternatenames"].split(",")]]
    return max(named, key=lambda r: int(r["population"] or 0))


@pytest.mark.parametrize("spelling", ["Mitrovicë", "Kosovska Mitrovica", "Косовска Митровица", "Prishtinë", "Priština"])
def test_place_found_by_albanian_and_serbian_names(client, people, gazetteer, spelling):
    expected = populated_place(gazetteer, spelling)
    found = results(sign_in(client, people["reporter"]), place_q=spelling)
    assert found, spelling
    name, lon, lat = found[0]
    assert (name, lon, lat) == (expected["name"], float(expected["longitude"]), float(expected["latitude"]))


def test_unknown_place_says_so(client, people, gazetteer):
    response = sign_in(client, people["reporter"]).get("/incidents/places/", {"place_q": "Atlantis"})
    assert "No place called “Atlantis”." in response.content.decode()


def test_place_search_needs_sign_in(client, gazetteer):
    assert client.get("/incidents/places/", {"place_q": "Mitrovicë"}).status_code == 302


WHEN = dt.datetime(2026, 3, 1, 14, 30, tzinfo=dt.UTC)


def hint(client, mission, **params):
    query = {"mission": mission.pk, "lon": "20.8671", "lat": "42.8914", "occurred_start": "2026-03-01T15:00",
             "category": "mission/inter-ethnic", **params}
    response = client.get("/incidents/duplicates/", query)
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    return [a.text_content() for a in page.xpath("//ul[@id='duplicate-list']/li/a[1]")]


def test_duplicate_hint_lists_visible_incidents_nearby(client, mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Stones at the bus"))
    create_incident(acting_user=people["kfor"], mission=mission,
                    data=incident_data(title="KFOR only", classification=Classification.CONFIDENTIAL))
    create_incident(acting_user=people["watch"], mission=mission,
                    data=incident_data(title="A theft", category_path="mission/crime"))
    client = sign_in(client, people["reporter"])
    assert hint(client, mission) == ["Stones at the bus"]
    assert sorted(hint(client, mission, category="")) == ["A theft", "Stones at the bus"]
    assert hint(client, mission, occurred_start="2026-03-02T09:00") == []
    assert hint(client, mission, lon="21.1655", lat="42.6629") == []  # Pristina, about 37 km away


def test_duplicate_hint_waits_for_place_and_time(client, mission, people):
    client = sign_in(client, people["reporter"])
    response = client.get("/incidents/duplicates/", {"mission": mission.pk, "lon": "", "lat": "42.9"})
    assert "Set the place and the time" in response.content.decode()


def test_duplicate_hint_ignores_a_mission_the_user_is_not_in(client, mission, people):
    from tests.factories import MissionFactory, OrganisationFactory, member

    other = MissionFactory(code="MINUSCA")
    outsider = member(other, OrganisationFactory(code="MINUSCA"), username="bangui")
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Stones at the bus"))
    response = sign_in(client, outsider).get("/incidents/duplicates/", {
        "mission": mission.pk, "lon": "20.8671", "lat": "42.8914", "occurred_start": "2026-03-01T15:00"})
    assert "Stones at the bus" not in response.content.decode()


@pytest.mark.parametrize("params", [
    {"lon": "nan", "lat": "42.9"}, {"occurred_start": "2026-13-45T99:00"}, {"exclude": "not-a-uuid"},
    {"mission": "x"},
])
def test_duplicate_hint_survives_garbage(client, mission, people, params):
    client = sign_in(client, people["reporter"])
    query = {"mission": mission.pk, "lon": "20.8671", "lat": "42.8914", "occurred_start": "2026-03-01T15:00",
             **params}
    response = client.get("/incidents/duplicates/", query)
    assert response.status_code == 200
