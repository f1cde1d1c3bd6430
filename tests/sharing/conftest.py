"""Sharing test fixtures: the mission, organisations and people of tests/conftest.py, a region and a
municipality around the default incident point, a clock that tests can move, and signed-in clients."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

API = "/api/v1/incidents"
START = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


def _square(lon0, lat0, lon1, lat1) -> str:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def areas(mission):
    """Mitrovicë region (admin-1) holding the municipality Mitrovicë e Veriut (admin-2) around the default
    incident point, and a second municipality, Prishtinë, elsewhere."""
    AdminIndex.invalidate()
    region = AdminArea.objects.create(
        mission=mission, level=1, code="XK-MIT", name="Mitrovicë", geometry=_square(20.5, 42.7, 21.2, 43.3),
        min_lon=20.5, min_lat=42.7, max_lon=21.2, max_lat=43.3, centroid_lon=20.85, centroid_lat=43.0)
    north = AdminArea.objects.create(
        mission=mission, level=2, code="XK-MIT-N", name="Mitrovicë e Veriut", parent=region,
        geometry=_square(20.8, 42.85, 20.95, 42.95),
        min_lon=20.8, min_lat=42.85, max_lon=20.95, max_lat=42.95, centroid_lon=20.875, centroid_lat=42.9)
    pristina = AdminArea.objects.create(
        mission=mission, level=2, code="XK-PR", name="Prishtinë", geometry=_square(21.1, 42.6, 21.25, 42.7),
        min_lon=21.1, min_lat=42.6, max_lon=21.25, max_lat=42.7, centroid_lon=21.17, centroid_lat=42.65)
    yield {"region": region, "north": north, "pristina": pristina}
    AdminIndex.invalidate()


class Clock:
    """The time `django.utils.timezone.now()` answers, moved by the test (every service and `visible_to` read
    the time through it)."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(START)
    monkeypatch.setattr("django.utils.timezone.now", frozen)
    return frozen


@pytest.fixture
def confidential(mission, people):
    """A CONFIDENTIAL incident of UNMIK (reported by the watch officer), not released to anyone."""
    return create_incident(acting_user=people["watch"], mission=mission,
                           data=incident_data(title="Confidential roadblock", classification="CONFIDENTIAL"))


@pytest.fixture
def client_as():
    def sign_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client
    return sign_in


@pytest.fixture
def token_client():
    def make(username: str) -> Client:
        out = io.StringIO()
        call_command("create_token", username, stdout=out)
        return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})
    return make


def titles(response) -> set[str]:
    """Titles in an API list answer."""
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}
