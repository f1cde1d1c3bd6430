"""Sharing test fixtures: the mission, organisations and people of tests/conftest.py, a region and a
municipality around the default incident point, a clock that tests can move, and signed-in clients."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.geo.index import AdminIndex
from peaceops.incidents.services import create_incident
from peaceops.testing import world
from tests.factories import incident_data

API = "/api/v1/incidents"
START = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def areas(mission):
    """Mitrovicë region (admin-1) holding the municipality Mitrovicë e Veriut (admin-2) around the default
    incident point, and a second municipality, Prishtinë, elsewhere (peaceops.testing.world.MITROVICA)."""
    AdminIndex.invalidate()
    yield world.mitrovica_areas(mission)
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
