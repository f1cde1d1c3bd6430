"""Existence leaks: nothing a user can do tells them that a record hidden from them exists.

Driven as an attacker would: a KFOR reporter probing with UNMIK's source ids through the API and an import, a
partner pulling a feed, a reader watching the live stream (tests/web/test_cop_live.py shows how the stream is
read)."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.core.choices import Classification
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from peaceops.interop.importer import import_incidents
from tests.factories import incident_data

pytestmark = pytest.mark.django_db

API = "/api/v1/incidents"


def token_client(user) -> Client:
    out = io.StringIO()
    call_command("create_token", user.username, stdout=out, stderr=io.StringIO())
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def report(client, **fields):
    body = {"mission": "UNMIK", "title": "Probe", "occurred_start": "2026-03-01T12:00:00Z", "lon": 20.87,
            "lat": 42.89, "classification": "CONFIDENTIAL", **fields}
    return client.post(API, json.dumps(body), content_type="application/json")


@pytest.fixture
def hidden(mission, people):
    """UNMIK's CONFIDENTIAL incident, released to nobody: KFOR may not know it exists, nor its source ids."""
    return create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK eyes only", classification=Classification.CONFIDENTIAL, external_id="JOC-2026-17",
        ucdp_id="244101", acled_id="KSV1234"))


@pytest.mark.parametrize("field, value", [("external_id", "JOC-2026-17"), ("ucdp_id", "244101"),
                                          ("acled_id", "KSV1234")])
def test_reporting_with_a_hidden_incidents_source_id_reveals_nothing(people, hidden, field, value):
    kfor = token_client(people["kfor"])
    assert kfor.get(f"{API}/{hidden.pk}").status_code == 404  # hidden indeed
    answer = report(kfor, **{field: value})
    # Today's answer was 409 "another incident of this mission already has this value": the hidden one exists.
    assert answer.status_code == 201, answer.content
    assert b"already" not in answer.content
    assert Incident.objects.get(pk=hidden.pk).title == "UNMIK eyes only"


@pytest.mark.parametrize("field", ["external_id", "ucdp_id", "acled_id"])
def test_a_duplicate_in_ones_own_numbering_is_still_refused_naming_the_field(people, field):
    kfor = token_client(people["kfor"])
    assert report(kfor, **{field: "KFOR-88"}).status_code == 201
    again = report(kfor, title="Same report again", **{field: "KFOR-88"})
    assert again.status_code == 409, again.content
    assert again.json()["field"] == field
    assert "same organisation" in again.json()["detail"]


def test_importing_a_hidden_incidents_id_creates_ones_own_and_names_nothing(mission, people, hidden, tmp_path):
    path = tmp_path / "kfor.csv"
    path.write_text("id,title,occurred_start,lon,lat\nJOC-2026-17,KFOR's own JOC-2026-17,2026-03-01,20.86,42.89\n")
    result = import_incidents(path, format="csv", mission=mission, acting_user=people["kfor"])
    # Today: rejected, "JOC-2026-17 exists and belongs to another organisation".
    assert (result.created, result.rejected) == (1, 0), result.rejects
    assert Incident.objects.get(pk=hidden.pk).title == "UNMIK eyes only"
    again = import_incidents(path, format="csv", mission=mission, acting_user=people["kfor"])
    assert (again.created, again.unchanged) == (0, 1)  # still idempotent in KFOR's own numbering
