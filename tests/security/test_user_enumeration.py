"""The Access explained page of another user (/access/<username>/) must not tell who exists: a user one may not
look into and a user name that does not exist get the same answer, 404 (the probe found 403 for an existing
user and 404 for a missing one)."""

import re

import pytest
from django.test import Client


def _page(world, actor: str, username: str):
    client = Client()
    client.force_login(world.users[actor])
    return client.get(f"/access/{username}/")


def _text(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("actor", ["viewer", "reporter", "watch", "partner", "outsider"])
def test_an_existing_user_one_may_not_inspect_looks_like_no_user(actor, security_world, db):
    existing = _page(security_world, actor, "sec-admin")
    missing = _page(security_world, actor, "no-such-user-at-all")
    assert existing.status_code == missing.status_code == 404
    assert _text(existing).replace("sec-admin", "X") == _text(missing).replace("no-such-user-at-all", "X")


def test_who_may_inspect_still_sees_the_page(security_world, db):
    assert _page(security_world, "admin", "sec-viewer").status_code == 200
    assert _page(security_world, "viewer", "sec-viewer").status_code == 200
