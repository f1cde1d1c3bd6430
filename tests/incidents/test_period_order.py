"""A period whose start (`since`) is after its end (`until`) is refused naming `until`, on the API, the COP's data
requests and the sign-ins page, instead of silently showing nothing."""

import datetime as dt

import pytest

from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = pytest.mark.django_db

BACKWARDS = {"since": "2026-03-10", "until": "2026-03-01"}


@pytest.fixture
def one_incident(mission, people):
    create_incident(acting_user=people["watch"], mission=mission,
                    data=incident_data(occurred_start=dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC)))


@pytest.mark.parametrize("url, extra", [("/api/v1/incidents", {}), ("/api/v1/incidents/aggregate", {"by": "day"})])
def test_the_api_answers_422_naming_until(client_as, people, one_incident, url, extra):
    response = client_as(people["watch"]).get(url, {**BACKWARDS, **extra})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "until" and "before since" in body["detail"]


def test_a_period_in_order_still_finds_the_incident(client_as, people, one_incident):
    response = client_as(people["watch"]).get("/api/v1/incidents", {"since": "2026-03-01", "until": "2026-03-10"})
    assert response.status_code == 200 and len(response.json()["items"]) == 1


@pytest.mark.parametrize("url", ["/cop/points.geojson", "/cop/hexes.geojson"])
def test_the_cop_data_requests_name_until(client_as, people, one_incident, url):
    response = client_as(people["watch"]).get(url, BACKWARDS)
    assert response.status_code == 400
    assert response.json()["field"] == "until"


def test_the_cop_list_says_what_is_wrong(client_as, people, one_incident):
    response = client_as(people["watch"]).get("/cop/list/", BACKWARDS)
    assert response.status_code == 400
    assert 'data-field="until"' in response.content.decode() and "before since" in response.content.decode()


def test_the_sign_ins_page_shows_the_mistake_on_until(client_as, people):
    response = client_as(people["admin"]).get("/accounts/sign-ins/", BACKWARDS)
    assert response.status_code == 400
    assert 'data-field="until"' in response.content.decode()
    assert "The end of the period is before its start." in response.content.decode()
    assert client_as(people["admin"]).get("/accounts/sign-ins/", {"since": "2026-03-01"}).status_code == 200
