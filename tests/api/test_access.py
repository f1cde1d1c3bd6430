"""Who may do what through the API: 401 without credentials, 403 for refused actions, 404 (never 403) for
records the caller may not see, CSRF for sessions but not for tokens, and tokens from `create-token`."""

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from peaceops.core.models import ApiToken

from .conftest import API, TokenClient, make_token, walk
from .test_mutations import NEW, post


def unmik_only_confidential(world):
    """A CONFIDENTIAL record owned by UNMIK and released to nobody."""
    return next(r for r in world.records if r.owner == "UNMIK" and r.data.classification == "CONFIDENTIAL"
                and not r.data.releasable_to)


def test_kfor_never_sees_an_unmik_only_confidential_record(world, as_user):
    hidden = unmik_only_confidential(world)
    kfor = as_user("kfor")
    assert hidden.id not in {i["id"] for i in walk(kfor, limit=500)}
    assert kfor.get(f"{API}/{hidden.id}").status_code == 404
    assert kfor.get(f"{API}/{hidden.id}/history").status_code == 404
    count = kfor.get(f"{API}/aggregate", {"by": "category"}).json()["total"]["count"]
    assert count == len(world.visible("kfor")) < len(world.visible("viewer"))
    # the same record is there for UNMIK's own viewer
    assert as_user("viewer").get(f"{API}/{hidden.id}").status_code == 200


def test_hidden_and_missing_records_answer_the_same_404(world, as_user):
    hidden = unmik_only_confidential(world)
    kfor = as_user("kfor")
    hidden_answer = kfor.get(f"{API}/{hidden.id}")
    missing_id = uuid.uuid4()
    missing_answer = kfor.get(f"{API}/{missing_id}")
    assert hidden_answer.status_code == missing_answer.status_code == 404
    assert hidden_answer.json()["detail"].replace(hidden.id, "X") == \
        missing_answer.json()["detail"].replace(str(missing_id), "X")
    # nor can it be changed or deleted: 404 again, and it is still there for its owner
    assert kfor.patch(f"{API}/{hidden.id}", json.dumps({"title": "x"}),
                      content_type="application/json").status_code == 404
    assert kfor.delete(f"{API}/{hidden.id}").status_code == 404
    assert as_user("watch").get(f"{API}/{hidden.id}").json()["title"] == hidden.data.title


def test_strictly_confidential_needs_the_role(world, as_user):
    strict = next(r for r in world.records if r.data.classification == "STRICTLY_CONFIDENTIAL"
                  and r.owner == "UNMIK")
    assert as_user("viewer").get(f"{API}/{strict.id}").status_code == 404
    assert as_user("sc").get(f"{API}/{strict.id}").status_code == 200


_SOME_ID = "3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0c"


@pytest.mark.parametrize("path", ["", "/aggregate?by=day", f"/{_SOME_ID}", f"/{_SOME_ID}/history"])
def test_no_credentials_answers_401(path, world, client):
    response = client.get(API + path)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_anonymous_post_answers_401_not_a_csrf_error(world, client):
    assert post(client, NEW).status_code == 401


def test_an_unknown_or_revoked_token_answers_401(world, as_user):
    assert TokenClient("po_not-a-real-token").get(API).status_code == 401
    token = make_token("watch")
    ApiToken.objects.filter(key_hash=ApiToken.hash_key(token)).update(revoked=True)
    assert TokenClient(token).get(API).status_code == 401


def test_viewers_and_outsiders_may_not_create(world, as_user):
    for username in ("viewer", "osce", "nobody"):
        response = post(as_user(username), NEW)
        assert response.status_code == 403, (username, response.content)
        assert "may not" in response.json()["detail"]


def test_partner_may_not_edit_what_it_only_sees(world, as_user):
    released = next(r for r in world.records if r.owner == "UNMIK" and r.data.releasable_to == ["KFOR"]
                    and r.data.classification == "CONFIDENTIAL")
    kfor = as_user("kfor")
    assert kfor.get(f"{API}/{released.id}").status_code == 200
    response = kfor.patch(f"{API}/{released.id}", json.dumps({"status": "closed"}), content_type="application/json")
    assert response.status_code == 403
    assert as_user("watch").get(f"{API}/{released.id}").json()["status"] == released.data.status


def test_reporter_may_edit_but_not_delete(world, as_user):
    mine = next(r for r in world.records if r.owner == "KFOR")
    kfor = as_user("kfor")
    response = kfor.patch(f"{API}/{mine.id}", json.dumps({"status": "closed"}), content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert kfor.delete(f"{API}/{mine.id}").status_code == 403


def test_session_mutations_need_the_csrf_token_and_tokens_do_not(world, session_as, as_user):
    session = session_as("watch")
    assert session.get(API, {"limit": 1}).status_code == 200, "reads need no CSRF token"
    refused = post(session, NEW)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    session.get("/api/v1/docs")  # any page sets the CSRF cookie
    csrf = session.cookies["csrftoken"].value
    assert post(session, NEW, **{"X-CSRFToken": csrf}).status_code == 201
    assert post(as_user("watch"), NEW).status_code == 201


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", "aggregate-x"])
def test_malformed_ids_answer_404_or_422_never_500(bad_id, world, as_user):
    client = as_user("watch")
    for response in (client.get(f"{API}/{bad_id}"), client.get(f"{API}/{bad_id}/history"),
                     client.delete(f"{API}/{bad_id}")):
        assert response.status_code in (404, 422)


@pytest.mark.parametrize(("params", "field"), [
    ({"bbox": "20,42,19,43"}, "bbox"), ({"bbox": "a,b,c,d"}, "bbox"), ({"since": "2025-02-30"}, "since"),
    ({"until": "soon"}, "until"), ({"category": "unknown/branch"}, "category"), ({"status": "lost"}, "status"),
    ({"classification": "SECRET"}, "classification"), ({"admin_area": "north"}, "admin_area"),
    ({"mission": "NOPE"}, "mission"), ({"cursor": "garbage"}, "cursor"), ({"limit": 0}, "limit"),
])
def test_bad_list_parameters_answer_422_naming_the_field(params, field, world, as_user):
    response = as_user("watch").get(API, params)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field


def test_a_tampered_cursor_is_refused(world, as_user):
    client = as_user("watch")
    cursor = client.get(API, {"limit": 3}).json()["next_cursor"]
    assert client.get(API, {"limit": 3, "cursor": cursor}).status_code == 200
    tampered = cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:]
    response = client.get(API, {"limit": 3, "cursor": tampered})
    assert response.status_code == 422 and response.json()["field"] == "cursor"


def test_create_token_prints_the_secret_once_and_stores_only_its_hash(world, db):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", "kfor", "--name", "gis-sync", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("po_") and len(secret) > 30
    stored = ApiToken.objects.get(name="gis-sync")
    assert stored.user.username == "kfor" and stored.key_hash == ApiToken.hash_key(secret)
    assert secret not in err.getvalue() and secret[:8] in err.getvalue()
    response = TokenClient(secret).get(API, {"limit": 1})
    assert response.status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    with pytest.raises(CommandError, match="no user"):
        call_command("create_token", "ghost", stdout=io.StringIO())
