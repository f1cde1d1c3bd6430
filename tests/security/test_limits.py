"""Over-large request bodies and uploads are refused with 413: JSON for the API, a page for people."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peaceops.incidents.models import Incident


@pytest.fixture
def small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.PEACEOPS_MAX_UPLOAD_BYTES = 50_000
    return settings


def signed_in(world, actor="watch") -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def test_an_oversize_api_body_answers_413_json(small_limits, security_world, db):
    before = Incident.objects.count()
    body = {"mission": "UNMIK", "title": "Long", "description": "x" * 20_000, "lon": 20.9, "lat": 42.9,
            "occurred_start": "2026-03-01T10:00:00Z"}
    client = Client(headers={"Authorization": f"Bearer {security_world.token}"})
    response = client.post("/api/v1/incidents", json.dumps(body), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["field"] == "body" and "10,000 bytes" in response.json()["detail"]
    assert Incident.objects.count() == before
    # the same report, short enough, is accepted
    body["description"] = "x" * 100
    assert client.post("/api/v1/incidents", json.dumps(body), content_type="application/json").status_code == 201


def test_an_oversize_patch_answers_413(small_limits, security_world, db):
    record = security_world.record()
    client = Client(headers={"Authorization": f"Bearer {security_world.token}"})
    response = client.patch(f"/api/v1/incidents/{record.id}", json.dumps({"description": "y" * 20_000}),
                            content_type="application/json")
    assert response.status_code == 413


def test_an_oversize_form_answers_the_413_page(small_limits, security_world, db):
    response = signed_in(security_world).post("/incidents/new/", {"title": "t" * 20_000})
    assert response.status_code == 413
    assert "Too large" in response.content.decode()


def test_an_oversize_upload_answers_413_and_a_small_one_passes_the_limit(small_limits, security_world, db):
    client = signed_in(security_world)
    big = SimpleUploadedFile("reports.csv", b"a,b\n" * 20_000, content_type="text/csv")
    assert client.post("/incidents/new/", {"file": big}).status_code == 413
    small = SimpleUploadedFile("reports.csv", b"a,b\n" * 100, content_type="text/csv")
    assert client.post("/incidents/new/", {"file": small}).status_code == 200  # the form, with its errors


def test_an_oversize_api_upload_answers_413_json(small_limits, security_world, db):
    big = SimpleUploadedFile("reports.csv", b"a,b\n" * 20_000, content_type="text/csv")
    client = Client(headers={"Authorization": f"Bearer {security_world.token}"})
    response = client.post("/api/v1/incidents", {"file": big})
    assert response.status_code == 413 and response.json()["field"] == "body"


def test_default_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.PEACEOPS_MAX_UPLOAD_BYTES == 25 * 1024 * 1024


def test_a_multipart_form_with_oversize_text_answers_413_even_with_csrf_checks(small_limits, security_world, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(security_world.users["watch"])
    small = SimpleUploadedFile("note.txt", b"short", content_type="text/plain")
    response = client.post("/incidents/new/", {"title": "t" * 20_000, "file": small})
    assert response.status_code == 413
