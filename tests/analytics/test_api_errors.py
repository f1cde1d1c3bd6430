"""The analytics API refuses bad parameters with 422 naming the field, strangers with 401, and tokens without
the incidents:read scope with 403."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

BAD = [
    ("trends", {"by": "actor"}, "by"),
    ("trends", {"weeks": "1"}, "weeks"),
    ("trends", {"weeks": "many"}, "weeks"),
    ("trends", {"as_of": "2026-02-30"}, "as_of"),
    ("trends", {"mission": "NOPE"}, "mission"),
    ("trends", {"category": "no/such"}, "category"),
    ("trends", {"by": "admin2", "depth": "1"}, "depth"),
    ("trends", {"by": "category", "depth": "0"}, "depth"),
    ("hotspots", {"resolution": "2"}, "resolution"),
    ("hotspots", {"resolution": "16"}, "resolution"),
    ("hotspots", {"since": "yesterday"}, "since"),
    ("hotspots", {"since": "2026-03-10", "until": "2026-03-01"}, "until"),
    ("hotspots", {"bbox": "1,2,3"}, "bbox"),
    ("hotspots", {"top": "0"}, "top"),
    ("changes", {"until": "soon"}, "until"),
    ("changes", {"since": "2024-01-01", "until": "2026-01-01"}, "since"),
    ("changes", {"admin_area": "abc"}, "admin_area"),
]


@pytest.mark.parametrize(("route", "params", "field"), BAD)
def test_bad_parameters_answer_422_naming_the_field(client, people, route, params, field):
    client.force_login(people["viewer"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/api/v1/analytics/{route}", params)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert field in response.json()["detail"]


@pytest.mark.parametrize("route", ["trends", "hotspots", "changes"])
def test_anonymous_callers_are_refused(client, route):
    assert client.get(f"/api/v1/analytics/{route}").status_code == 401


def _token(username, *scopes) -> str:
    out = io.StringIO()
    call_command("create_token", username, *[f"--scope={s}" for s in scopes], stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_a_token_needs_the_incidents_read_scope(client, people):
    geo_only = _token("viewer", "geo:read")
    response = client.get("/api/v1/analytics/trends", headers={"Authorization": f"Bearer {geo_only}"})
    assert response.status_code == 403
    assert "incidents:read" in response.json()["detail"]
    reader = _token("viewer", "incidents:read")
    assert client.get("/api/v1/analytics/trends", headers={"Authorization": f"Bearer {reader}"}).status_code == 200
