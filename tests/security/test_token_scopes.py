"""Token scopes: every API operation declares the scopes a bearer token needs for it, and is refused (403) to a
token holding every other scope, and answered to a token holding just one of its own.

The operations are enumerated from the NinjaAPI routers as mounted (so a new route is tried as soon as it
exists); each is called as its first case in tests/security/policy.py, by the mission administrator of the
seeded world (who may do everything there, so that any 403 comes from the token's scopes). A route declaring no
scope for its method fails `test_every_route_declares_its_scopes`; such a route refuses every token anyway
(fail closed: `test_a_route_without_scopes_refuses_every_token`).
"""

import pytest
from django.test import Client, RequestFactory
from ninja.errors import HttpError

from peaceops.api.auth import SAFE_METHODS, BearerOrSession
from peaceops.api.router import api
from peaceops.core.choices import DEFAULT_TOKEN_SCOPES, TokenScope
from peaceops.core.services import create_api_token

from .policy import ROUTES
from .test_matrix import call

#: Every scope a token may hold, except `admin`, which stands for all of them.
SCOPES = frozenset(TokenScope.values) - {TokenScope.ADMIN}
#: Operations declared public (no authentication at all): they describe the API, not its data.
PUBLIC = {"GET /api/v1/docs/assets/{name}"}
#: The actor of the policy table whose expected status the scoped token must get.
ACTOR = "admin"


def api_operations() -> dict[str, tuple[str, object]]:
    """"METHOD /api/v1/path" -> (method, the bound ninja operation), for every operation of every router."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - building the URLs binds the routers to the API
    found = {}
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found[f"{method} /api/v1{bound.prefix}{path}"] = (method, operation)
    return found


def needed_scopes(method: str, operation) -> frozenset[str]:
    """The scopes the operation accepts for `method` (any one of them will do)."""
    scopes = set()
    for auth in operation.auth_callbacks:
        if isinstance(auth, BearerOrSession):
            scopes |= set(auth.read_scopes if method in SAFE_METHODS else auth.write_scopes)
    return frozenset(scopes)


OPERATIONS = api_operations()
SCOPED = sorted(route for route in OPERATIONS if route not in PUBLIC)


def _token(user, scopes) -> str:
    return create_api_token(user=user, name="scope-test", scopes=sorted(scopes))[1]


def _call(world, route: str, scopes):
    client = Client(headers={"Authorization": f"Bearer {_token(world.users[ACTOR], scopes)}"})
    case = ROUTES[route][0]
    return case, call(client, world, route, case)


@pytest.mark.parametrize("route", sorted(OPERATIONS))
def test_every_route_declares_its_scopes(route):
    method, operation = OPERATIONS[route]
    if route in PUBLIC:
        assert not operation.auth_callbacks, f"{route} is declared public but asks for authentication"
        return
    needed = needed_scopes(method, operation)
    assert needed, (f"{route} declares no token scope for {method}: give its router "
                    "auth=scoped(...) (peaceops/api/scopes.py)")
    assert needed <= set(TokenScope.values), f"{route}: unknown scopes {sorted(needed - set(TokenScope.values))}"


@pytest.mark.parametrize("route", SCOPED)
def test_a_token_lacking_the_routes_scopes_is_refused(route, security_world, db):
    method, operation = OPERATIONS[route]
    others = SCOPES - needed_scopes(method, operation)
    _, response = _call(security_world, route, others)
    assert response.status_code == 403, (
        f"{route} answered {response.status_code} to a token with only {sorted(others)}")
    assert "scope" in response.json()["detail"]


@pytest.mark.parametrize(("route", "scope"), [
    (route, scope) for route in SCOPED
    for scope in sorted(needed_scopes(*OPERATIONS[route]) - {TokenScope.ADMIN})])
def test_a_token_holding_one_of_the_routes_scopes_is_answered(route, scope, security_world, db):
    case, response = _call(security_world, route, {scope})
    assert response.status_code == case.expect[ACTOR], (
        f"{route} with a token of scope {scope}: {response.status_code}, the session of the same user gets "
        f"{case.expect[ACTOR]}: {response.content[:300]!r}")


def test_a_default_token_does_not_pull_a_partner_feed(security_world, db):
    """The probe's finding: a token made without --scope (incidents read and write) read KFOR's feed."""
    client = Client(headers={"Authorization": f"Bearer {_token(security_world.users[ACTOR], DEFAULT_TOKEN_SCOPES)}"})
    response = client.get("/api/v1/partners/KFOR/feed", {"mission": "UNMIK"})
    assert response.status_code == 403
    assert "partners:feed" in response.json()["detail"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_route_without_scopes_refuses_every_token(method, security_world, db):
    """A router mounted without `scoped(...)` gets the API's default authentication: sessions only."""
    token = _token(security_world.users[ACTOR], [TokenScope.ADMIN])
    request = getattr(RequestFactory(), method.lower())("/api/v1/anything", HTTP_AUTHORIZATION=f"Bearer {token}")
    with pytest.raises(HttpError) as refused:
        BearerOrSession()(request)
    assert refused.value.status_code == 403
