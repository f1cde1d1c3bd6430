"""API tokens: scopes, expiry and revocation, from the command line and the "My API tokens" page."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from peaceops.core.models import ApiToken, ChangeLogEntry

from .conftest import enrolled, run

pytestmark = pytest.mark.django_db

INCIDENTS = "/api/v1/incidents"
NEW = {"mission": "UNMIK", "title": "Shots fired near the bridge", "occurred_start": "2025-06-01T21:15:00+02:00",
       "lon": 20.87, "lat": 42.89, "category": "acled/explosions/grenade", "classification": "PUBLIC"}


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def create(*args) -> str:
    out, _err = run("create_token", *args)
    return out.strip()


def post_incident(client):
    return client.post(INCIDENTS, json.dumps(NEW), content_type="application/json")


def test_a_read_only_token_reads_but_every_change_answers_403_naming_the_scope(people):
    reader = bearer(create("watch", "--scope", "incidents:read"))
    assert reader.get(INCIDENTS).status_code == 200
    refused = post_incident(reader)
    assert refused.status_code == 403
    assert "incidents:write" in refused.json()["detail"] and "may not change" in refused.json()["detail"]
    writer = bearer(create("watch", "--scope", "incidents:read,incidents:write"))
    created = post_incident(writer)
    assert created.status_code == 201, created.content
    incident_id = created.json()["id"]
    patch = reader.patch(f"{INCIDENTS}/{incident_id}", json.dumps({"status": "closed"}),
                         content_type="application/json")
    assert patch.status_code == 403 and "incidents:write" in patch.json()["detail"]
    assert reader.delete(f"{INCIDENTS}/{incident_id}").status_code == 403
    assert writer.get(f"{INCIDENTS}/{incident_id}").json()["status"] != "closed"


def test_geo_routes_want_geo_read_and_admin_passes_everywhere(people):
    incidents_only = bearer(create("watch", "--scope", "incidents:read"))
    refused = incidents_only.get("/api/v1/geo/places", {"q": "Mitrovica"})
    assert refused.status_code == 403 and "geo:read" in refused.json()["detail"]
    assert bearer(create("watch", "--scope", "geo:read")).get("/api/v1/geo/places", {"q": "Mitrovica"}).status_code \
        == 200
    geo_only = bearer(create("watch", "--scope", "geo:read"))
    assert geo_only.get(INCIDENTS).status_code == 403
    enrolled(people["admin"])
    admin = bearer(create("admin", "--scope", "admin"))
    assert admin.get(INCIDENTS).status_code == 200 and post_incident(admin).status_code == 201


def test_default_token_has_the_everyday_scopes_and_expires_in_90_days(people):
    secret = create("watch")
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(secret))
    assert token.scope_list == ["incidents:read", "incidents:write", "geo:read"]
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    assert post_incident(bearer(secret)).status_code == 201


def test_expires_in_sets_the_expiry_and_an_expired_token_answers_401_saying_so(people):
    secret = create("watch", "--expires-in", "30d", "--name", "gis-sync")
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(secret))
    assert dt.timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = bearer(secret).get(INCIDENTS)
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_create_token_refuses_unknown_scopes_and_silly_lifetimes(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown scope 'incidents:delete'"):
        create("watch", "--scope", "incidents:delete")
    with pytest.raises(CommandError, match="at most|between"):
        create("watch", "--expires-in", "400d")
    with pytest.raises(CommandError, match="30d"):
        create("watch", "--expires-in", "soon")
    assert not ApiToken.objects.exists()


def test_list_and_revoke_tokens_from_the_command_line(people):
    secret = create("watch", "--name", "gis-sync", "--scope", "incidents:read")
    create("kfor", "--name", "kfor-feed")
    prefix = secret[:8]
    out, _ = run("list_tokens")
    assert f"{prefix}…" in out and "gis-sync" in out and "kfor-feed" in out and secret not in out
    out, _ = run("list_tokens", "watch")
    assert "gis-sync" in out and "kfor-feed" not in out
    out, _ = run("revoke_token", prefix)
    assert f"Token {prefix}… of watch revoked" in out
    response = bearer(secret).get(INCIDENTS)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert "gis-sync" not in run("list_tokens")[0]
    assert "revoked" in run("list_tokens", "--all")[0]


def test_the_change_log_records_tokens_but_never_their_secret(people):
    secret = create("watch", "--name", "gis-sync")
    run("revoke_token", secret[:8])
    entries = ChangeLogEntry.objects.filter(object_type="core.apitoken").order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].after["revoked"] is True
    token = ApiToken.objects.get(name="gis-sync")
    for entry in entries:
        text = json.dumps([entry.before, entry.after])
        assert secret not in text and token.key_hash not in text and secret[8:20] not in text


def test_sessions_are_not_subject_to_scopes(client, people):
    client.force_login(people["watch"])
    assert post_incident(client).status_code == 201


def test_my_api_tokens_page_creates_shows_the_secret_once_lists_and_revokes(client, people):
    client.force_login(people["watch"])
    page = client.get("/accounts/tokens/").content.decode()
    assert "You have no API tokens" in page and 'value="admin"' not in page, "admin scope is for administrators"
    response = client.post("/accounts/tokens/", {"name": "laptop", "scopes": ["incidents:read"],
                                                 "lifetime": "30d"}, follow=True)
    page = response.content.decode()
    token = ApiToken.objects.get(user=people["watch"], name="laptop")
    secret = response.context["new_secret"]
    assert secret in page and "not shown again" in page and ApiToken.hash_key(secret) == token.key_hash
    assert token.scopes == "incidents:read" and token.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    again = client.get("/accounts/tokens/").content.decode()
    assert secret not in again and f"{token.prefix}…" in again and "laptop" in again
    assert bearer(secret).get(INCIDENTS).status_code == 200
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "revoked" in revoked.content.decode()
    assert bearer(secret).get(INCIDENTS).status_code == 401


def test_a_user_cannot_revoke_another_users_token(client, people):
    secret = create("kfor")
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(secret))
    client.force_login(people["watch"])
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert bearer(secret).get(INCIDENTS).status_code == 200


def test_the_admin_scope_is_offered_to_mission_administrators_only(client, people):
    from .conftest import enrol

    client.force_login(people["admin"])
    enrol(client, people["admin"])
    assert 'value="admin"' in client.get("/accounts/tokens/").content.decode()
    client.force_login(people["reporter"])
    response = client.post("/accounts/tokens/", {"name": "x", "scopes": ["admin"], "lifetime": "30d"})
    assert response.status_code == 200 and not ApiToken.objects.filter(user=people["reporter"]).exists()
