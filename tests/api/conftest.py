"""API test fixtures: the seeded world (built once for tests/api, rolled back after it) and API clients.

The world is written inside one outer transaction that is rolled back when the last test of this package
ends, so it never leaks into other packages' tests; each test runs in its own savepoint (pytest-django's
`db`), so mutations made by one test are undone before the next.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from .world import build_world

API = "/api/v1/incidents"


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


def make_token(username: str, name: str = "", scopes: tuple[str, ...] = ()) -> str:
    """A bearer token made the way an operator would: `peaceops create-token USER [--scope S]...`, secret read
    from stdout (no `scopes`: the default ones)."""
    out, err = io.StringIO(), io.StringIO()
    options = [*(["--name", name] if name else []), *[arg for s in scopes for arg in ("--scope", s)]]
    call_command("create_token", username, *options, stdout=out, stderr=err)
    return out.getvalue().strip()


class TokenClient(Client):
    """A test client that sends `Authorization: Bearer <token>` with every request."""

    def __init__(self, token: str, **kwargs):
        super().__init__(headers={"Authorization": f"Bearer {token}"}, **kwargs)


@pytest.fixture
def as_user(db, world):
    """as_user("kfor") -> a client authenticated by a freshly created bearer token of that user."""
    return lambda username: TokenClient(make_token(username))


@pytest.fixture
def session_as(db, world):
    """session_as("watch") -> a client signed in with a session (CSRF enforced like a browser)."""

    def login(username: str) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[username])
        return client

    return login


def walk(client: Client, params: dict | None = None, limit: int = 37) -> list[dict]:
    """Every item of the list, following next_cursor page by page."""
    items, cursor, pages = [], None, 0
    while True:
        query = dict(params or {}, limit=limit, **({"cursor": cursor} if cursor else {}))
        response = client.get(API, query)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor, pages = body["next_cursor"], pages + 1
        if cursor is None:
            return items
        assert pages < 1000
