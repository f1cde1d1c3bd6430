"""Sites as a user meets them beyond the generic tests: the years on the page and in the API, filters, paging,
and what a partner receives."""

import json

import pytest
from django.test import Client

from peaceops.interop.records import import_records
from peaceops.sites.services import SiteService

from .conftest import GEO_PKO


@pytest.fixture
def unmik(site_admins):
    mission, admin = site_admins["UNMIK"]
    import_records(SiteService(), GEO_PKO, format="geo-pko", mission=mission, acting_user=admin)
    client = Client()
    client.force_login(admin)
    return mission, admin, client


def test_the_site_page_shows_its_deployment_year_by_year(unmik):
    mission, admin, client = unmik
    site = SiteService.model.objects.get(mission=mission, name="Pristina")
    page = client.get(f"/sites/{site.pk}/").content.decode()
    assert 'id="site-years"' in page and 'data-year="1999"' in page and "Mission headquarters" in page
    listing = client.get("/sites/", {"year": "2010"}).content.decode()
    assert "Pristina" in listing and "Prizren" not in listing  # UNMIK left Prizren before 2010


def test_the_list_filters_by_choosing_a_classification_not_typing_one_nor_a_mission(unmik):
    mission, admin, client = unmik
    page = client.get("/sites/", {"classification": "PUBLIC"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="mission"' not in page  # the current mission is chosen in the header
    assert '<select name="classification"' in page
    assert '<option value="STRICTLY_CONFIDENTIAL">Strictly confidential</option>' in page
    assert '<option value="PUBLIC" selected>Public</option>' in page
    assert "Pristina" in page
    assert "Pristina" not in client.get("/sites/", {"classification": "CONFIDENTIAL"}).content.decode()


def test_the_api_pages_through_every_site_once_and_filters_by_year_and_type(unmik):
    mission, admin, client = unmik
    seen, cursor = [], None
    while True:
        body = client.get("/api/v1/sites", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["name"] for item in body["items"]]
        if not (cursor := body["next_cursor"]):
            break
    assert seen == sorted(SiteService.model.objects.filter(mission=mission).values_list("name", flat=True))
    in_2010 = client.get("/api/v1/sites", {"year": 2010, "mission": "UNMIK"}).json()["items"]
    assert {item["name"] for item in in_2010} == {"Pristina", "Kosovska Mitrovica"}
    hqs = client.get("/api/v1/sites", {"site_type": "mission_hq"}).json()["items"]
    assert [item["name"] for item in hqs] == ["Pristina"]
    assert client.get("/api/v1/sites", {"year": "soon"}).json()["field"] == "year"


def test_a_year_changed_through_the_api_shows_in_the_history(unmik):
    mission, admin, client = unmik
    site = SiteService.model.objects.get(mission=mission, name="Prizren")
    years = client.get(f"/api/v1/sites/{site.pk}").json()["years"]
    years[0]["troops"] = 120
    answer = client.patch(f"/api/v1/sites/{site.pk}", json.dumps({"years": years, "reason": "corrected"}),
                          content_type="application/json")
    assert answer.status_code == 200 and answer.json()["years"][0]["troops"] == 120
    history = client.get(f"/api/v1/sites/{site.pk}/history").json()["entries"]
    assert [e["action"] for e in history] == ["create", "update"]
    assert history[-1]["changed_fields"] == ["years"] and history[-1]["reason"] == "corrected"


def test_a_site_made_through_the_form_gets_its_admin_area_and_cell(site_admins):
    from peaceops.geo.loaders import load_boundaries

    mission, admin = site_admins["UNMIK"]
    boundaries = GEO_PKO.parent / "boundaries"
    load_boundaries(boundaries / "cgaz_XKX_ADM1.geojson", mission=mission, level=1)
    client = Client()
    client.force_login(admin)
    answer = client.post("/sites/new/", {"name": "Checkpoint Jarinje", "site_type": "checkpoint", "lon": "20.81",
                                         "lat": "43.11", "location_precision": "exact", "classification": "PUBLIC"})
    assert answer.status_code == 302
    site = SiteService.model.objects.get(name="Checkpoint Jarinje")
    assert site.admin1.name == "District of Mitrovica" and site.h3_cell


def test_a_source_id_taken_by_the_same_organisation_is_refused_naming_it(unmik):
    mission, admin, client = unmik
    taken = SiteService.model.objects.filter(mission=mission).first().source_id
    body = {"mission": "UNMIK", "name": "Again", "lon": 21.1, "lat": 42.6, "source_id": taken}
    answer = client.post("/api/v1/sites", json.dumps(body), content_type="application/json")
    assert answer.status_code == 422 and answer.json()["field"] == "source_id"
