"""A casualty group whose estimates are out of order: the API's 422 names the field and says what is wrong in
plain words (the report form's own messages are tested in test_pages_forms.py)."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_names_the_group_field_and_explains_the_order(client_as, people, mission):
    body = {"mission": "UNMIK", "title": "Clash", "occurred_start": "2026-03-02T07:45:00Z", "lon": 20.8, "lat": 42.9,
            "casualties": [{"group": "civilians", "killed_low": 5, "killed_best": 2, "killed_high": 0}]}
    response = client_as(people["watch"]).post("/api/v1/incidents", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    error = response.json()
    assert error["field"] == "casualties[0].killed"
    assert "must not have a low estimate above the best, nor the best above the high" in error["detail"]
    assert "(low 5, best 2, high 0)" in error["detail"] and "<=" not in error["detail"]
