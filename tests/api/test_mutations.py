"""Create, update and delete through the API: answers, validation naming the field, and the change log."""

import datetime as dt
import json

import pytest

from .conftest import API, walk

NEW = {
    "mission": "UNMIK",
    "title": "Grenade thrown at a checkpoint",
    "occurred_start": "2025-06-01T21:15:00+02:00",
    "time_precision": "minute",
    "lon": 20.87,
    "lat": 42.89,
    "location_name": "Mitrovica north",
    "category": "acled/explosions/grenade",
    "classification": "CONFIDENTIAL",
    "releasable_to": ["KFOR"],
    "casualties": [
        {"group": "civilians", "killed_low": 0, "killed_best": 1, "killed_high": 2, "injured_best": 3,
         "injured_high": 4},
        {"group": "security_forces", "killed_low": 1, "killed_best": 1, "killed_high": 1},
    ],
    "actors": [{"name": "Unknown assailants", "role": "perpetrator", "type": "unknown"},
               {"name": "Kosovo Police", "role": "target", "type": "state_forces"}],
    "sources": [{"type": "patrol", "reference": "KFOR patrol 17", "reliability": "B", "credibility": "2"}],
}


def post(client, body, **headers):
    return client.post(API, json.dumps(body), content_type="application/json", headers=headers)


def patch(client, incident_id, body, **headers):
    return client.patch(f"{API}/{incident_id}", json.dumps(body), content_type="application/json",
                        headers=headers)


def test_create_answers_201_with_the_complete_incident(world, as_user):
    response = post(as_user("watch"), {**NEW, "external_id": "JOC-2025-0601-7"})
    assert response.status_code == 201, response.content
    d = response.json()
    assert dt.datetime.fromisoformat(d["occurred_start"]) == dt.datetime(2025, 6, 1, 19, 15, tzinfo=dt.UTC)
    assert d["occurred_start"].endswith(("Z", "+00:00"))
    assert (d["mission"], d["owner"], d["classification"]) == ("UNMIK", "UNMIK", "CONFIDENTIAL")
    assert d["releasable_to"] == ["KFOR"]
    assert d["releasability"] == "CONFIDENTIAL - releasable to UNMIK, KFOR"
    assert d["category"]["path"] == "acled/explosions/grenade" and d["category"]["name"] == "Grenade"
    assert (d["fatalities_low"], d["fatalities_best"], d["fatalities_high"], d["injured_best"]) == (1, 2, 3, 3)
    assert {(c["group"], c["killed_best"]) for c in d["casualties"]} == {("civilians", 1), ("security_forces", 1)}
    assert {(a["name"], a["role"]) for a in d["actors"]} == {("Unknown assailants", "perpetrator"),
                                                             ("Kosovo Police", "target")}
    assert d["sources"][0]["reliability"] == "B" and d["sources"][0]["credibility"] == "2"
    assert d["admin1"]["name"] == "North" and d["admin2"]["name"] == "Northeast"
    assert d["external_id"] == "JOC-2025-0601-7"
    assert d["created_by"] == d["updated_by"] == "watch"
    # KFOR, to which it is released, sees the same record; OSCE does not
    assert as_user("kfor").get(f"{API}/{d['id']}").status_code == 200
    assert as_user("osce").get(f"{API}/{d['id']}").status_code == 404


def test_h3_cell_is_the_points_resolution_12_cell(world, as_user):
    import h3

    d = post(as_user("watch"), NEW).json()
    assert d["h3_cell"] == h3.latlng_to_cell(NEW["lat"], NEW["lon"], 12)


@pytest.mark.parametrize(("change", "field"), [
    ({"lat": 91}, "lat"),
    ({"lon": "east"}, "lon"),
    ({"occurred_start": "yesterday"}, "occurred_start"),
    ({"occurred_start": "2025-06-01T10:00:00"}, "occurred_start"),  # no time zone
    ({"occurred_end": "2025-05-01T10:00:00Z"}, "occurred_end"),  # before the start
    ({"category": "no-such-category"}, "category"),
    ({"classification": "SECRET"}, "classification"),
    ({"releasable_to": ["NOBODY"]}, "releasable_to"),
    ({"mission": "NOPE"}, "mission"),
    ({"title": ""}, "title"),
    ({"colour": "red"}, "colour"),
    ({"casualties": [{"group": "civilians", "killed_low": 3, "killed_best": 1, "killed_high": 2}]},
     "casualties[0].killed"),
    ({"casualties": [{"group": "civilians", "killed_best": -1}]}, "casualties.0.killed_best"),
    ({"sources": [{"reliability": "Z"}]}, "sources.0.reliability"),
])
def test_bad_input_answers_422_naming_the_field_and_writes_nothing(change, field, world, as_user):
    client = as_user("watch")
    before = client.get(API, {"count": "true", "limit": 1}).json()["count"]
    response = post(client, {**NEW, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == field, body
    assert field in body["detail"]
    assert client.get(API, {"count": "true", "limit": 1}).json()["count"] == before


def test_a_second_incident_with_the_same_external_id_is_refused_naming_it(world, as_user):
    client = as_user("watch")
    assert post(client, {**NEW, "external_id": "JOC-1"}).status_code == 201
    response = post(client, {**NEW, "external_id": "JOC-1", "title": "Same report again"})
    assert response.status_code == 409, response.content
    assert response.json()["field"] == "external_id"
    assert walk(client, {"q": "Same report again"}) == []


def test_a_writer_without_need_to_know_gets_the_id_but_not_the_strictly_confidential_record(world, as_user):
    response = post(as_user("watch"), {**NEW, "classification": "STRICTLY_CONFIDENTIAL", "releasable_to": []})
    assert response.status_code == 201
    body = response.json()
    assert body["visible"] is False and "title" not in body
    assert as_user("watch").get(f"{API}/{body['id']}").status_code == 404
    assert as_user("sc").get(f"{API}/{body['id']}").json()["title"] == NEW["title"]


def test_missing_required_field_is_named(world, as_user):
    body = {k: v for k, v in NEW.items() if k != "lat"}
    response = post(as_user("watch"), body)
    assert response.status_code == 422 and response.json()["field"] == "lat"
    assert response.json()["detail"] == "lat: is required"


def test_malformed_json_is_refused_cleanly(world, as_user):
    response = as_user("watch").post(API, "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


def test_patch_changes_only_what_is_given_and_logs_the_reason_and_request_id(world, as_user):
    client = as_user("watch")
    created = post(client, NEW).json()
    response = patch(client, created["id"], {"status": "verified", "lat": 42.5, "reason": "confirmed by KP"},
                     **{"X-Request-ID": "joc-shift-42"})
    assert response.status_code == 200, response.content
    assert response["X-Request-ID"] == "joc-shift-42"
    d = response.json()
    assert (d["status"], d["lat"], d["title"]) == ("verified", 42.5, NEW["title"])
    assert d["admin1"]["name"] == "South", "the admin area follows the new place"
    entries = client.get(f"{API}/{created['id']}/history").json()["entries"]
    assert [e["action"] for e in entries] == ["create", "update"]
    update = entries[-1]
    assert (update["reason"], update["request_id"], update["actor"]) == ("confirmed by KP", "joc-shift-42", "watch")
    assert {"status", "lat", "admin1_id"} <= set(update["changed_fields"])
    assert "title" not in update["changed_fields"]
    assert update["before"]["status"] == "reported" and update["after"]["status"] == "verified"


def test_patch_with_new_casualties_recomputes_the_totals(world, as_user):
    client = as_user("watch")
    created = post(client, NEW).json()
    d = patch(client, created["id"], {"casualties": [{"group": "civilians", "killed_best": 4,
                                                      "killed_high": 6}]}).json()
    assert (d["fatalities_low"], d["fatalities_best"], d["fatalities_high"]) == (0, 4, 6)


@pytest.mark.parametrize(("change", "field"), [
    ({"lat": None}, "lat"), ({"title": None}, "title"), ({"lon": 200}, "lon"), ({"mission": "MINUSCA"}, "mission"),
    ({"status": "lost"}, "status"), ({"occurred_start": "2025-13-01"}, "occurred_start"),
])
def test_bad_patch_answers_422_naming_the_field_and_changes_nothing(change, field, world, as_user):
    client = as_user("watch")
    created = post(client, NEW).json()
    response = patch(client, created["id"], change)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert client.get(f"{API}/{created['id']}").json() == created
    assert len(client.get(f"{API}/{created['id']}/history").json()["entries"]) == 1


def test_delete_with_reason_hides_the_incident_and_keeps_its_history_for_superusers(world, as_user):
    client = as_user("watch")
    created = post(client, NEW, **{"X-Request-ID": "create-1"}).json()
    response = client.delete(f"{API}/{created['id']}?reason=duplicate+of+JOC-17", headers={"X-Request-ID": "del-1"})
    assert response.status_code == 204
    assert client.get(f"{API}/{created['id']}").status_code == 404
    assert client.get(f"{API}/{created['id']}/history").status_code == 404
    entries = as_user("root").get(f"{API}/{created['id']}/history").json()["entries"]
    assert [(e["action"], e["request_id"]) for e in entries] == [("create", "create-1"), ("delete", "del-1")]
    assert entries[-1]["reason"] == "duplicate of JOC-17" and entries[-1]["after"] is None


def test_every_mutation_leaves_an_entry_with_the_echoed_request_id(world, as_user):
    client = as_user("watch")
    responses = [post(client, NEW, **{"X-Request-ID": "req-create"})]
    incident_id = responses[0].json()["id"]
    responses.append(patch(client, incident_id, {"title": "Grenade attack"}, **{"X-Request-ID": "req-patch"}))
    responses.append(client.delete(f"{API}/{incident_id}", headers={"X-Request-ID": "req-delete"}))
    echoed = [r["X-Request-ID"] for r in responses]
    assert echoed == ["req-create", "req-patch", "req-delete"]
    entries = as_user("root").get(f"{API}/{incident_id}/history").json()["entries"]
    assert [e["request_id"] for e in entries] == echoed


def test_request_id_is_generated_when_not_sent(world, as_user):
    response = post(as_user("watch"), NEW)
    generated = response["X-Request-ID"]
    assert generated
    entry = as_user("watch").get(f"{API}/{response.json()['id']}/history").json()["entries"][0]
    assert entry["request_id"] == generated
