"""The API's PATCH with `base_version` (the X-Record-Version of the detail it was made from): a change made
from an older version is merged, or answered 409 with an edit conflict when a field was changed both ways."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.core.models import EditConflict
from peaceops.incidents.services import create_incident, update_incident
from tests.factories import incident_data

API = "/api/v1/incidents"


def token_client(username: str) -> Client:
    out = io.StringIO()
    call_command("create_token", username, stdout=out, stderr=io.StringIO())
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def patch(client, incident, body):
    return client.patch(f"{API}/{incident.pk}", json.dumps(body), content_type="application/json")


@pytest.fixture
def incident(people, mission):
    return create_incident(acting_user=people["reporter"], mission=mission, data=incident_data(
        title="Shots fired at night", description="Heard from the team site.", status="reported"))


@pytest.fixture
def watch(people):
    return token_client("watch")


def test_detail_names_the_version_a_change_is_made_from(watch, incident, people):
    first = watch.get(f"{API}/{incident.pk}")["X-Record-Version"]
    update_incident(incident, acting_user=people["reporter"], changes={"status": "verified"})
    second = watch.get(f"{API}/{incident.pk}")["X-Record-Version"]
    assert first.isdigit() and int(second) > int(first)


def test_a_stale_change_of_other_fields_is_merged(watch, incident, people):
    version = watch.get(f"{API}/{incident.pk}")["X-Record-Version"]
    update_incident(incident, acting_user=people["reporter"], changes={"status": "verified"}, reason="checked")
    response = patch(watch, incident, {"title": "Shots fired near the team site", "base_version": version,
                                       "reason": "precise place"})
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["status"]) == ("Shots fired near the team site", "verified")
    assert int(response["X-Record-Version"]) > int(version)


def test_a_stale_change_of_the_same_field_is_a_409_conflict(watch, incident, people):
    version = watch.get(f"{API}/{incident.pk}")["X-Record-Version"]
    update_incident(incident, acting_user=people["reporter"], changes={"title": "Shots fired, two wounded"})
    response = patch(watch, incident, {"title": "Shots fired in the air", "description": "Warning shots.",
                                       "base_version": version})
    assert response.status_code == 409
    conflict = EditConflict.objects.get()
    assert response.json() == {
        "detail": "the record changed meanwhile in the same fields; nothing was written: resolve the edit "
                  "conflict field by field", "conflict": conflict.pk, "fields": ["title"],
        "url": f"/conflicts/{conflict.pk}/"}
    incident.refresh_from_db()
    assert (incident.title, incident.description) == ("Shots fired, two wounded", "Heard from the team site.")
    assert set(conflict.other_changes) == {"description"}


def test_without_base_version_the_change_is_written_as_before(watch, incident, people):
    update_incident(incident, acting_user=people["reporter"], changes={"title": "Theirs"})
    assert patch(watch, incident, {"title": "Mine"}).json()["title"] == "Mine"


def test_a_base_version_of_another_record_is_refused_naming_the_field(watch, incident, people, mission):
    other = create_incident(acting_user=people["reporter"], mission=mission, data=incident_data(title="Other"))
    version = watch.get(f"{API}/{other.pk}")["X-Record-Version"]
    response = patch(watch, incident, {"title": "Mine", "base_version": version})
    assert response.status_code == 422 and response.json()["field"] == "base_version"
