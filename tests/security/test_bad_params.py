"""Bad UUIDs, dates, bboxes and numbers in every API query and path parameter answer 4xx naming the field,
never 5xx; odd free text (NUL bytes, huge strings, SQL and LIKE metacharacters) never answers 5xx either.
The same for the COP data endpoints' and the dashboard's query parameters.

Every parameter of the OpenAPI schema is tried: the test enumerates them, so a new route's parameters are
covered as soon as it is mounted (by their type when no rule below names them).
"""

import pytest
from django.test import Client

from peaceops.api.router import api

from .world import SPOT

NOT_A_UUID = ["not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%00"]
BAD_DATES = ["2025-02-30", "soon", "99999-01-01", "2025-13-01T25:00", "0000-00-00", "2025-01-01T00:00:00+99:00"]
BAD_BBOX = ["a,b,c,d", "1,2,3", "nan,0,1,1", "200,0,201,1", "1e999,0,1,1", "20,42,19,43", ",,,"]
BAD_INTEGERS = ["abc", "1.5", "99999999999999999999999", "1e3", ""]
BAD_NUMBERS = ["abc", "nan", "inf", "-inf", "1e999", "0x10"]
#: Parameters by name whose values have a shape the API checks.
BAD_BY_NAME = {
    "bbox": BAD_BBOX,
    "since": BAD_DATES,
    "until": BAD_DATES,
    "cursor": ["garbage", "====", "eyJ4IjoxfQ"],
    "by": ["nope", "h3;drop"],
    "status": ["lost", "draft,lost"],
    "classification": ["SECRET", "PUBLIC,TOP"],
    "admin_area": ["north", "99999999999999999999999", "1.5", "1e999", "nan"],
    "mission": ["NOPE"],
    "category": ["no/such/branch"],
}
#: Free text that must never break anything (it may well be accepted).
ODD_TEXT = ["\x00", "a\x00b", "x" * 5000, "99999999999999999999999", "²", "-1", "' OR 1=1 --", "%", "_", "\\", "🚀" * 50, "<script>alert(1)</script>"]


def _parameters():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                yield method.upper(), path, parameter


def _types(schema: dict) -> set[str]:
    options = schema.get("anyOf", [schema])
    return {o.get("format") or o.get("type") for o in options} - {"null", None}


def _bad_values(name: str, schema: dict) -> list[str]:
    types = _types(schema)
    if "uuid" in types:
        return NOT_A_UUID
    if name in BAD_BY_NAME:
        return BAD_BY_NAME[name]
    if "integer" in types:
        return BAD_INTEGERS
    if "number" in types:
        return BAD_NUMBERS
    if "boolean" in types:
        return ["maybe", "2"]
    return []


def _cases():
    for method, path, parameter in _parameters():
        name, where = parameter["name"], parameter["in"]
        for value in _bad_values(name, parameter["schema"]):
            yield pytest.param(method, path, where, name, value, True, id=f"{method} {path} {name}={value[:20]!r}")
        if where == "query" and _types(parameter["schema"]) == {"string"}:
            for value in ODD_TEXT:
                yield pytest.param(method, path, where, name, value, False,
                                   id=f"{method} {path} {name}=odd:{value[:12]!r}")


#: A well-formed attachment id (of no attachment), for the routes of one attachment.
NO_ATTACHMENT = "00000000-0000-0000-0000-000000000000"
#: Valid values for the parameters a request needs besides the one under test.
REQUIRED = {"by": "day", "organisation": "KFOR", "mission": "UNMIK", "q": "Mitrovica", "lon": str(SPOT[0]), "lat": str(SPOT[1])}


def _request(client, security_world, method, path, where, name, value):
    # A route about releases gets a record released to KFOR (the organisation REQUIRED names).
    ids = {**security_world.path_ids(released=path.endswith("/releases")), "org": "KFOR",
           "attachment_id": NO_ATTACHMENT}
    params = {k: v for k, v in REQUIRED.items() if f"{path}:{k}" in _REQUIRED_BY}
    if where == "path":
        path = path.replace("{" + name + "}", value)
    else:
        params[name] = value
    url = path
    for key, record_id in ids.items():
        url = url.replace("{" + key + "}", record_id)
    if method in ("GET", "DELETE"):
        return getattr(client, method.lower())(url, params) if method == "GET" else \
            client.delete(url + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    return client.generic(method, url, "{}", content_type="application/json")


_REQUIRED_BY = {f"{path}:{p['name']}" for _, path, p in _parameters() if p.get("required")}


@pytest.mark.parametrize(("method", "path", "where", "name", "value", "must_refuse"), list(_cases()))
def test_api_parameter(method, path, where, name, value, must_refuse, security_world, db):
    client = Client(headers={"Authorization": f"Bearer {security_world.token}"})
    response = _request(client, security_world, method, path, where, name, value)
    assert response.status_code < 500, f"{method} {path} {name}={value!r}: {response.status_code}"
    if must_refuse:
        assert 400 <= response.status_code < 500, f"{name}={value!r} was accepted ({response.status_code})"
    if response.status_code in (400, 422):
        body = response.json()
        assert body.get("field") == name or name in body.get("detail", ""), body


PAGES = ["/cop/points.geojson", "/cop/hexes.geojson", "/cop/histogram.json", "/cop/list/", "/"]
PAGE_BAD = [(k, v) for k in ("bbox", "since", "until") for v in BAD_BY_NAME[k]] + [
    ("status", "lost"), ("classification", "SECRET"), ("admin_area", "99999999999999999999999"),
    ("category", "no/such/branch")]
PAGE_ODD = [(k, v) for k in ("q", "actor", "zoom", "page", "sort") for v in ODD_TEXT + ["-1", "1e999", "nan"]]


@pytest.mark.parametrize("url", PAGES)
def test_cop_parameters(url, security_world, db):
    client = Client()
    client.force_login(security_world.users["watch"])
    for name, value in PAGE_BAD + PAGE_ODD:
        response = client.get(url, {name: value})
        assert response.status_code < 500, f"{url} {name}={value!r}: {response.status_code}"
        ignored = url == "/cop/histogram.json" and name in ("since", "until")  # it spans every time
        if (name, value) in PAGE_BAD and url != "/" and not ignored:
            assert response.status_code == 400, f"{url} {name}={value!r}: {response.status_code}"
            assert name in response.content.decode(), f"{url} {name}={value!r} does not name the field"


@pytest.mark.parametrize("name", ["as_of", "day"])
def test_dashboard_parameters(name, security_world, db):
    client = Client()
    client.force_login(security_world.users["watch"])
    for url in ("/dashboard/", "/dashboard/sitrep.docx"):
        for value in BAD_DATES + ODD_TEXT:
            response = client.get(url, {name: value})
            assert response.status_code == 400, f"{url} {name}={value!r}: {response.status_code}"
            assert name in response.content.decode()


def test_incident_pages_with_bad_ids_answer_404(security_world, db):
    client = Client()
    client.force_login(security_world.users["watch"])
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", "123"):
        assert client.get(f"/incidents/{bad}/").status_code == 404
        assert client.get(f"/incidents/{bad}/edit/").status_code == 404


def test_duplicates_and_places_partials_survive_odd_input(security_world, db):
    client = Client()
    client.force_login(security_world.users["watch"])
    for value in ODD_TEXT + NOT_A_UUID + BAD_NUMBERS + BAD_DATES:
        for params in ({"mission": value, "lon": "20.8", "lat": "42.9", "occurred_start": "2026-01-01T00:00"},
                       {"mission": str(security_world.missions["UNMIK"].pk), "lon": value, "lat": value,
                        "occurred_start": value, "category": value, "exclude": value},
                       {"place_q": value, "lon": value, "lat": value}):
            url = "/incidents/places/" if "place_q" in params else "/incidents/duplicates/"
            response = client.get(url, params)
            assert response.status_code in (200, 400), f"{url} {params}: {response.status_code}"
