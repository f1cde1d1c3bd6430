"""The authorisation matrix: every API route and every page, tried by every actor, against tests/security/policy.py.

1. Every route the router and the URL resolver serve must be declared in the policy table (and every declared
   route must still exist).
2. For every declared case and every actor, the status is the one declared.
3. For allowed list, aggregate, map, feed and report routes, the records (or the count) in the answer are
   exactly the seeded records `world.py` says the actor may see: no record outside visible_to appears.
"""

import csv
import io
import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from .policy import LOGIN, ROUTES, Case
from .routes import all_routes
from .world import ACTORS, SecurityWorld

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_PLACEHOLDER = re.compile(r"\{(\w+)\}|<(?:\w+:)?(\w+)>")


@pytest.mark.parametrize("route", sorted(all_routes()))
def test_every_route_is_declared_in_the_policy(route):
    assert route in ROUTES, f"declare the expected access for {route} in tests/security/policy.py"


def test_the_policy_declares_no_route_that_is_gone():
    gone = sorted(set(ROUTES) - all_routes())
    assert not gone, f"the policy declares routes the application no longer serves: {gone}"


def _cases():
    for route, cases in sorted(ROUTES.items()):
        for n, case in enumerate(cases):
            for actor in ACTORS:
                yield pytest.param(route, case, actor, id=f"{route}[{case.label or n}]-{actor}")


def client_for(world: SecurityWorld, actor: str) -> Client:
    """A client as the actor: signed in with a session, a bearer token, or nothing."""
    if actor == "token":
        return Client(headers={"Authorization": f"Bearer {world.token}"})
    client = Client()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client


def _value(world: SecurityWorld, value):
    if isinstance(value, str) and value.startswith("@mission:"):
        return str(world.missions[value.split(":", 1)[1]].pk)
    if isinstance(value, str) and value.startswith("@org:"):
        from peaceops.core.models import Organisation

        return str(Organisation.objects.get(code=value.split(":", 1)[1]).pk)
    if isinstance(value, str) and value.startswith("@conflict:"):
        return str(world.conflicts[value.split(":", 1)[1]])
    if isinstance(value, str) and value.startswith("@notice:"):
        return str(world.notices[value.split(":", 1)[1]])
    if value == "@proposal":
        return str(world.proposal)
    if value == "@when":
        return world.when.isoformat()
    return value


def url_of(world: SecurityWorld, route: str, case: Case) -> str:
    """The route's path with its parameters filled from the seeded world."""
    path = route.split(" ", 1)[1]
    target = world.record(**case.target).id if case.target else None

    def fill(match):
        name = match.group(1) or match.group(2)
        if case.path_params.get(name) == "@attachment":  # the photo seeded on the target record
            from peaceops.core.models import Attachment

            return str(Attachment.objects.filter(record_id=target).values_list("pk", flat=True).get())
        if name in case.path_params:
            return _value(world, case.path_params[name])
        assert target, f"{route}: give the case a target record for the path parameter {name!r}"
        return target

    return _PLACEHOLDER.sub(fill, path)


def call(client: Client, world: SecurityWorld, route: str, case: Case):
    url = url_of(world, route, case)
    params = {k: _value(world, v) for k, v in case.params.items()}
    body = {k: _value(world, v) for k, v in (case.body or {}).items()}
    if case.method == "GET":
        return client.get(url, params)
    if params:
        url += "?" + urlencode(params)
    if route.startswith("PAGE "):
        return getattr(client, case.method.lower())(url, body)
    if "@photo" in body.values():  # a multipart upload of a photo
        from .world import photo_upload

        return client.post(url, {k: photo_upload() if v == "@photo" else v for k, v in body.items()})
    return getattr(client, case.method.lower())(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("route", "case", "actor"), list(_cases()))
def test_access(route, case, actor, security_world, db, settings):
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 0.05
    settings.PEACEOPS_LIVE_POLL_SECONDS = 0.01
    client = client_for(security_world, actor)
    response = call(client, security_world, route, case)
    expected = case.expect[actor]
    status = 302 if expected == LOGIN else expected
    assert response.status_code == status, (
        f"{route} as {actor}: expected {expected}, got {response.status_code}: {_text(response)[:300]}")
    if expected == LOGIN:
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
    if case.scope in RISK_SCOPES and 200 <= status < 300:
        found = SCOPES[case.scope](client, response, route)
        wanted = security_world.risk_rows(actor, per_unit=RISK_SCOPES[case.scope])
        assert found == wanted, f"{route} as {actor}: {found} forecast rows, may read {wanted}"
    elif case.scope in SEARCH_SCOPES and 200 <= status < 300:  # every record type searched
        kinds = ("incident",) if actor == "token" else SEARCHED_KINDS  # the token holds incidents' scopes only
        wanted = set().union(*(security_world.visible_ids(actor, kind=kind) for kind in kinds))
        found, count = SEARCH_SCOPES[case.scope](client, response, route)
        assert found == wanted, (f"{route} as {actor}: shows {len(found - wanted)} record(s) it may not see and "
                                 f"misses {len(wanted - found)}")
        assert count == len(wanted), f"{route} as {actor}: counts {count}, may see {len(wanted)}"
    elif case.scope and ":" in case.scope and 200 <= status < 300:  # "<kind>:<what>" (policy_operations.py)
        kind, what = case.scope.split(":")
        wanted = security_world.visible_ids(actor, kind=kind)
        if what == "feed":  # KFOR's feed: what KFOR receives, of what the puller sees
            wanted &= security_world.received_ids("KFOR", kind=kind)
        seeded = {r.id for r in security_world.of_kind(kind)}
        found = KIND_SCOPES[what](client, response, route) & seeded
        assert found == wanted, (f"{route} as {actor}: shows {len(found - wanted)} record(s) it may not see and "
                                 f"misses {len(wanted - found)}")
    elif case.scope and 200 <= status < 300:
        wanted = security_world.visible_ids(actor, kind=SCOPE_KINDS.get(case.scope, "incident"))
        if case.scope in ("feed-ids", "sites-feed-ids"):  # KFOR's feed: what KFOR receives, of what the puller sees
            wanted &= security_world.received_ids("KFOR", kind=SCOPE_KINDS.get(case.scope, "incident"))
        found = SCOPES[case.scope](client, response, route)
        if isinstance(found, int):
            assert found == len(wanted), f"{route} as {actor}: counts {found}, may see {len(wanted)}"
        else:
            assert found == wanted, (
                f"{route} as {actor}: shows {len(found - wanted)} record(s) it may not see and misses "
                f"{len(wanted - found)}")


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode(errors="replace")


def _api_list(client, response, route):
    ids, body = set(), response.json()
    for _ in range(100):
        ids |= {item["id"] for item in body["items"]}
        if not body["next_cursor"]:
            return ids
        body = client.get("/api/v1/incidents", {"limit": 7, "cursor": body["next_cursor"]}).json()
    raise AssertionError("the list never ends")


def _site_list(client, response, route):
    ids, body = set(), response.json()
    for _ in range(100):
        ids |= {item["id"] for item in body["items"]}
        if not body["next_cursor"]:
            return ids
        body = client.get("/api/v1/sites", {"limit": 7, "cursor": body["next_cursor"]}).json()
    raise AssertionError("the list never ends")


def _html_ids(client, response, route):
    return set(re.findall(rf"/incidents/({_UUID})/", _text(response)))


def _sse_ids(client, response, route):
    ids = set()
    for line in _text(response).splitlines():
        if line.startswith("data: "):
            event = json.loads(line[6:])
            if event.get("action") != "delete":
                ids.add(event["id"])
    return ids


def _search_api(client, response, route):
    ids, body = set(), response.json()
    count = body["count"]
    for _ in range(100):
        ids |= {item["id"] for item in body["items"]}
        assert body["count"] == count, "the count changed between pages"
        if not body["next_page"]:
            return ids, count
        body = client.get("/api/v1/search", {"q": body["q"], "per_page": 7, "page": body["next_page"]}).json()
    raise AssertionError("the search never ends")


def _search_html(client, response, route):
    ids, text = set(), _text(response)
    count = int(re.search(r'id="search-count">(\d+) record', text).group(1))
    for _ in range(100):
        ids |= set(re.findall(rf'data-id="({_UUID})"', text))
        following = re.search(r'rel="next" href="([^"]+)"', text)
        if not following:
            return ids, count
        text = _text(client.get("/search/" + following.group(1).replace("&amp;", "&")))
    raise AssertionError("the search never ends")


def _kit_list(client, response, route):
    """Every page of a kit record type's API list (the route's own path)."""
    ids, body, path = set(), response.json(), route.split(" ", 1)[1]
    for _ in range(100):
        ids |= {item["id"] for item in body["items"]}
        if not body["next_cursor"]:
            return ids
        body = client.get(path, {"limit": 2, "cursor": body["next_cursor"]}).json()
    raise AssertionError("the list never ends")


#: Scopes "<kind>:<what>" of any seeded record kind: the ids an answer shows (of that kind's seeded records).
KIND_SCOPES = {
    "api-list": _kit_list,
    "html": lambda client, response, route: set(re.findall(_UUID, _text(response))),
    "feed": lambda client, response, route: {r["id"] for r in response.json()["feed"]["records"]
                                             if r["op"] == "upsert"},
}

#: The record kinds the one search finds (every seeded name or title of these holds an "i").
SEARCHED_KINDS = ("incident", "site", "contingent", "unit", "patrol")

#: Scopes of the one search: (the ids listed on every page, the count it states).
SEARCH_SCOPES = {"search-api": _search_api, "search-html": _search_html}

#: Scopes counting rows of the seeded risk forecast run, and how many rows each cell gives.
RISK_SCOPES = {"risk-features": 1, "risk-forecasts": 12}

#: Scopes whose records are deployment sites (the others: incidents).
SCOPE_KINDS = {"sites-list": "site", "sites-layer": "site", "sites-html": "site", "sites-feed-ids": "site"}

SCOPES = {
    "sites-list": _site_list,
    "sites-layer": lambda client, response, route: {f["id"] for f in response.json()["features"]},
    "sites-html": lambda client, response, route: set(re.findall(rf"/sites/({_UUID})/", _text(response))),
    "export-csv-ids": lambda client, response, route: {
        row["uuid"] for row in csv.DictReader(io.StringIO(_text(response)))},
    "api-list": _api_list,
    "api-aggregate": lambda client, response, route: response.json()["total"]["count"],
    "html-ids": _html_ids,
    "sitrep-ids": _html_ids,
    "geojson-ids": lambda client, response, route: {f["id"] for f in response.json()["features"]},
    "hex-count": lambda client, response, route: sum(f["properties"]["count"]
                                                     for f in response.json()["features"]),
    "histogram-count": lambda client, response, route: response.json()["total"],
    "sse-ids": _sse_ids,
    "analytics-total": lambda client, response, route: response.json()["total"],
    "risk-features": lambda client, response, route: len(response.json()["features"]),
    "risk-forecasts": lambda client, response, route: len(response.json()["forecasts"]),
    "feed-ids": lambda client, response, route: {r["id"] for r in response.json()["feed"]["records"]
                                                 if r["op"] == "upsert"},
    "sites-feed-ids": lambda client, response, route: {r["id"] for r in response.json()["feed"]["records"]
                                                       if r["op"] == "upsert" and "site" in r},
}
