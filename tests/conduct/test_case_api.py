"""The conduct cases' API (/api/v1/conduct/cases) as a client calls it: a conduct officer records, lists, reads
and changes a case; bad input answers 422 naming the field; need-to-know: a mission administrator, a superuser,
an analyst and a partner get no case, no count and no search hit, through a session or a token; a second
officer reads the case once assigned through the API; tokens need the conduct scopes."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from peaceops.conduct.models import Case
from peaceops.testing import world

pytestmark = pytest.mark.django_db
API = "/api/v1/conduct/cases"
NEW = {
    "mission": "UNMIK",
    "summary": "Exploitative relationship alleged with a market trader",
    "reported_on": "2026-11-20",
    "personnel_category": "formed_police",
    "nationality": "sen",
    "subjects": 1,
    "category": "I",
    "classification": "STRICTLY_CONFIDENTIAL",
    "victims": [{"age_group": "adult", "count": 1}],
    "allegations": [{"kind": "exploitative_relationship"}, {"kind": "transactional_sex"}],
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def token_client(user, *scopes) -> Client:
    out = io.StringIO()
    call_command(
        "create_token", user.username, *[f"--scope={s}" for s in scopes], stdout=out, stderr=io.StringIO()
    )
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_a_conduct_officer_records_lists_reads_and_changes_a_case(conduct_people):
    client = signed_in(conduct_people["cdo"])
    created = post(client, API, {**NEW, "lead_officer": "cdo"})
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["reference"] == "UNMIK-CDT-2026-0001" and case["nationality"] == "SEN"
    assert case["status"] == "received" and case["lead_officer"] == conduct_people["cdo"].pk
    assert [(a["position"], a["kind"]) for a in case["allegations"]] == [
        (0, "exploitative_relationship"),
        (1, "transactional_sex"),
    ]
    listing = client.get(API, {"count": "true"}).json()
    assert listing["count"] == 1 and [c["reference"] for c in listing["items"]] == ["UNMIK-CDT-2026-0001"]
    assert client.get(API, {"personnel_category": "contractor", "count": "true"}).json()["count"] == 0
    assert client.get(API, {"q": "market trader", "count": "true"}).json()["count"] == 1
    assert client.get(API, {"year": 2025, "count": "true"}).json()["count"] == 0
    detail = client.get(f"{API}/{case['id']}")
    assert detail.status_code == 200 and detail.json()["victims"] == [{"age_group": "adult", "count": 1}]
    changed = patch(client, f"{API}/{case['id']}", {"subjects": 2, "reason": "second subject identified"})
    assert changed.status_code == 200 and changed.json()["subjects"] == 2
    history = client.get(f"{API}/{case['id']}/history").json()["entries"]
    assert [e["action"] for e in history] == ["create", "update"]
    assert history[-1]["reason"] == "second subject identified"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"reported_on": "3 November"}, "reported_on"),
        ({"personnel_category": "contractor"}, "nationality"),
        ({"category": "III"}, "category"),
        ({"releasable_to": ["KFOR"]}, "releasable_to"),
        ({"lead_officer": "admin"}, "lead_officer"),
        ({"victims": [{"age_group": "elder", "count": 1}]}, "victims.0.age_group"),
    ],
)
def test_bad_input_answers_422_naming_the_field(conduct_people, changes, field):
    answer = post(signed_in(conduct_people["cdo"]), API, {**NEW, **changes})
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body.get("field") == field or field in json.dumps(body["detail"]), body
    assert not Case._base_manager.exists()


def test_no_one_unassigned_gets_a_case_a_count_or_a_search_hit(conduct_people):
    case = post(signed_in(conduct_people["cdo"]), API, NEW).json()
    superuser = get_user_model().objects.create_superuser("root", password="x")
    readers = [
        conduct_people["admin"],
        world.person("analyst"),
        conduct_people["kfor"],
        conduct_people["cdo2"],
        superuser,
    ]
    for reader in readers:
        for client in (signed_in(reader), token_client(reader, "admin")):
            listing = client.get(API, {"count": "true"})
            assert listing.status_code == 200, reader.username
            assert listing.json() == {"items": [], "next_cursor": None, "count": 0}, reader.username
            assert client.get(f"{API}/{case['id']}").status_code == 404, reader.username
            assert client.get(f"{API}/{case['id']}/history").status_code == 404, reader.username
            assert patch(client, f"{API}/{case['id']}", {"subjects": 3}).status_code == 404, reader.username
            assert client.get(f"{API}/{case['id']}/assignments").status_code == 404, reader.username
            found = client.get("/api/v1/search", {"q": case["reference"]}).json()
            assert found["count"] == 0 and found["counts"].get("conduct-cases", 0) == 0, reader.username
    assert (
        signed_in(conduct_people["cdo"]).get("/api/v1/search", {"q": case["reference"]}).json()["count"] == 1
    )


def test_a_second_officer_reads_the_case_once_assigned(conduct_people):
    cdo, cdo2 = signed_in(conduct_people["cdo"]), signed_in(conduct_people["cdo2"])
    case = post(cdo, API, NEW).json()
    assert cdo2.get(f"{API}/{case['id']}").status_code == 404
    assert (
        post(cdo, f"{API}/{case['id']}/assignments", {"username": "cdo2", "reason": ""}).json()["field"]
        == "reason"
    )
    assert (
        post(
            cdo, f"{API}/{case['id']}/assignments", {"username": "cdo2", "reason": "investigator"}
        ).status_code
        == 201
    )
    assert cdo2.get(f"{API}/{case['id']}").json()["reference"] == case["reference"]
    assert cdo2.get(API, {"count": "true"}).json()["count"] == 1


def test_break_glass_through_the_api_needs_a_reason_and_opens_the_case(conduct_people):
    case = post(signed_in(conduct_people["cdo"]), API, NEW).json()
    cdo2 = signed_in(conduct_people["cdo2"])
    assert post(cdo2, f"{API}/break-glass", {"record": case["id"], "reason": " "}).json()["field"] == "reason"
    assert (
        post(cdo2, f"{API}/break-glass", {"record": case["id"], "reason": "victim at risk"}).status_code
        == 201
    )
    assert cdo2.get(f"{API}/{case['id']}").status_code == 200
    assert (
        post(
            signed_in(conduct_people["admin"]),
            f"{API}/break-glass",
            {"record": case["id"], "reason": "curious"},
        ).status_code
        == 404
    )


def test_tokens_need_the_conduct_scopes(conduct_people):
    cdo = conduct_people["cdo"]
    assert token_client(cdo, "incidents:read").get(API).status_code == 403
    reader = token_client(cdo, "conduct:read")
    assert reader.get(API).status_code == 200
    assert post(reader, API, NEW).status_code == 403
    assert post(token_client(cdo, "conduct:write"), API, NEW).status_code == 201
