"""Values at the edges, in every parameter: calendar-edge date-times with offsets (0001-01-01T00:00:00+14:00,
9999-12-31T23:59:59-14:00), dates just outside the supported range, a lone UTF-16 surrogate, whitespace-only
strings, 2**64 and "abc". Zero 5xx anywhere, and a date outside the supported range (core.dates, 1800-2199) is
refused with 4xx naming the field.

Covered: every query, path and body parameter of every API operation (enumerated from the OpenAPI schema, nested
body objects included), the COP data endpoints', the dashboard's and the sign-ins page's query parameters, and
the forms where dates are entered (incident report and edit, share, grant a role) or ids are posted (withdraw).
On PostgreSQL the widest sweeps try a sample of the odd values (peaceops.testing.sweeps): every value a test
asserts about (the edge dates where dates are judged, the lone surrogate) always, the others by rotation.
"""

import copy
import json
import logging
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client

from peaceops.api.router import api
from peaceops.core.services import create_api_token
from peaceops.incidents.models import Incident
from peaceops.testing.sweeps import sweep

from .policy import NEW_INCIDENT, ROUTES
from .world import SPOT

#: Calendar-edge date-times with offsets (they overflow when shifted to UTC), and dates just outside the range.
EDGE_DATES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z", "0001-01-01",
              "9999-12-31", "1799-12-31T23:59:59Z", "2200-01-01T00:00:00+00:00"]
WHITESPACE = [" ", "   ", "\t\n", "\u00a0\u2003"]
#: A lone surrogate: percent-encoded (as UTF-8 would encode it) in query strings and paths.
SURROGATE_IN_URL = "%ED%A0%80"
OTHER = ["abc", str(2**64), str(-(2**64)), "", ",,,", " , , , "]
#: Everything each query and path parameter gets.
URL_VALUES = EDGE_DATES + WHITESPACE + OTHER
#: Parameters that are dates (the edge dates must be refused, naming them).
DATE_PARAMETERS = {"since", "until", "as_of", "day"}
#: Valid values for the parameters an operation needs besides the one under test.
REQUIRED = {"by": "day", "organisation": "KFOR", "mission": "UNMIK", "q": "Mitrovica", "lon": str(SPOT[0]),
            "lat": str(SPOT[1])}


def _schema() -> dict:
    return api.get_openapi_schema(path_prefix="/api/v1")


def _operations():
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


def _admin_client(world) -> Client:
    """The mission administrator with an `admin` token: every route is reached, so every parameter is used.
    A crash answers 500 instead of raising, so that the failure lists every value that crashed."""
    key = create_api_token(user=world.users["admin"], name="edges", scopes=["admin"])[1]
    return Client(headers={"Authorization": f"Bearer {key}"}, raise_request_exception=False)


@pytest.fixture(autouse=True)
def _no_server_error_log():
    """Crashes are reported by the tests' own messages (ASCII); the server's error log, which may quote a lone
    surrogate, is kept out of the test report (pytest-xdist cannot send such text between processes)."""
    logger = logging.getLogger("django.request")
    logger.disabled = True
    yield
    logger.disabled = False


def _fill(path: str, world, overrides: dict | None = None) -> str:
    record = world.record(released=True) if "/releases" in path or "release-scope" in path else world.record()
    values = {**world.path_ids(released="/releases" in path), "incident_id": record.id, "org": "KFOR",
              "forecast_id": "1", "name": "swagger-ui.css", **(overrides or {})}
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def _query_cases():
    for method, path, operation in _operations():
        required = {p["name"] for p in operation.get("parameters", []) if p.get("required")}
        for parameter in operation.get("parameters", []):
            name, where = parameter["name"], parameter["in"]
            yield pytest.param(method, path, where, name, required, id=f"{method} {path} {where}:{name}")


def _url(path: str, params: dict) -> str:
    """The URL with `params` percent-encoded, except a value already percent-encoded (the surrogate)."""
    query = "&".join(f"{quote(k)}={v if v == SURROGATE_IN_URL else quote(v, safe='')}" for k, v in params.items())
    return f"{path}?{query}" if query else path


def _undone(request, *args, **kwargs):
    """The response to `request(*args, **kwargs)`, whatever it wrote undone, so that a value that gets through
    and changes something does not affect the next one."""
    with transaction.atomic():
        response = request(*args, **kwargs)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("method", "path", "where", "name", "required"), list(_query_cases()))
def test_api_url_parameter(method, path, where, name, required, security_world, db):
    client = _admin_client(security_world)
    failures = []
    keep = [*EDGE_DATES, SURROGATE_IN_URL] if name in DATE_PARAMETERS else [SURROGATE_IN_URL]
    for value in sweep([*URL_VALUES, SURROGATE_IN_URL], f"{path} {name}", keep):
        params = {k: v for k, v in REQUIRED.items() if k in required and k != name}
        if where == "path":
            encoded = value if value == SURROGATE_IN_URL else quote(value, safe="")
            url = _fill(path, security_world, {name: encoded})
        else:
            url = _fill(path, security_world)
            params[name] = value
        body = "{}" if method in ("POST", "PUT", "PATCH") else ""
        response = _undone(client.generic, method, _url(url, params), body, content_type="application/json")
        if response.status_code >= 500:
            failures.append(f"{name}={value!a}: {response.status_code}")
        elif name in DATE_PARAMETERS and value in EDGE_DATES:
            answer = response.json()
            if response.status_code != 422 or not (answer.get("field") == name or answer["detail"].startswith(name)):
                failures.append(f"{name}={value!a}: {response.status_code} {answer}")
    assert not failures, f"{method} {path}: " + "; ".join(failures)


# --- bodies ---------------------------------------------------------------------------------------------------

#: A valid body per operation with one (the policy's case), to vary one field at a time.
BASES = {"POST /api/v1/incidents": NEW_INCIDENT, "PATCH /api/v1/incidents/{incident_id}": {},
         "POST /api/v1/incidents/{incident_id}/releases": {"organisation": "KFOR"}}


def _base(method: str, path: str) -> dict:
    key = f"{method} {path}"
    if key in BASES:
        return BASES[key]
    cases = ROUTES.get(key, [])
    return next((case.body for case in cases if case.body is not None), {})


def _resolve(schema: dict, components: dict) -> dict:
    if "$ref" in schema:
        return components[schema["$ref"].rsplit("/", 1)[1]]
    for option in schema.get("anyOf", []):
        if "$ref" in option or option.get("type") == "object":
            return _resolve(option, components)
    return schema


def _fields(schema: dict, components: dict, prefix=()):
    """(path of keys, property schema) of every property of a body schema, one level into arrays of objects."""
    for name, prop in _resolve(schema, components).get("properties", {}).items():
        yield (*prefix, name), prop
        items = prop.get("items", {})
        if not prefix and prop.get("type") == "array" and "$ref" in items:
            yield from _fields(items, components, (name, 0))


def _is_date(prop: dict) -> bool:
    options = prop.get("anyOf", [prop])
    return any(o.get("format") == "date-time" for o in options)


#: What each body field gets (a Python value: json.dumps writes the surrogate as the escape "\ud800").
BODY_VALUES = [*EDGE_DATES, *WHITESPACE, "abc", "\ud800", "a\ud800b", "\udfff", 2**64, -(2**64), ["\ud800"]]


def _body_cases():
    components = _schema()["components"]["schemas"]
    for method, path, operation in _operations():
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if not content:
            continue
        for keys, prop in _fields(content["schema"], components):
            field = ".".join(str(k) for k in keys)
            yield pytest.param(method, path, keys, _is_date(prop), id=f"{method} {path} {field}")
        yield pytest.param(method, path, None, False, id=f"{method} {path} surrogate-key")


def _with(body: dict, keys: tuple, value) -> dict:
    body = copy.deepcopy(body)
    if len(keys) == 1:
        body[keys[0]] = value
    else:
        body[keys[0]] = [{keys[2]: value}]
    return body


def _has_surrogate(value) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in json.dumps(value, ensure_ascii=False))


@pytest.mark.parametrize(("method", "path", "keys", "is_date"), list(_body_cases()))
def test_api_body_field(method, path, keys, is_date, security_world, db):
    """Each field of the body gets every value in turn (`keys` None: a lone surrogate as a key)."""
    client = _admin_client(security_world)
    url = _fill(path, security_world)
    base = _base(method, path)
    values = sweep(BODY_VALUES, f"{path} {keys}", keep=[*EDGE_DATES, "\ud800"] if is_date else ["\ud800"])
    bodies = [(value, _with(base, keys, value)) for value in values] if keys else \
        [("a lone surrogate as a key", {**base, "\ud800": "x"})]
    field = ".".join(str(k) for k in keys) if keys else "(key)"
    failures = []
    for value, body in bodies:
        before = Incident.objects.count()
        with transaction.atomic():  # what gets through is undone for the next value
            response = client.generic(method, url, json.dumps(body), content_type="application/json")
            stored = Incident.objects.count() - before
            transaction.set_rollback(True)
        if response.status_code >= 500:
            failures.append(f"{field}={value!a}: {response.status_code}")
        elif _has_surrogate(body) and not (400 <= response.status_code < 500 and stored == 0):
            failures.append(f"{field}={value!a} was accepted: {response.status_code}")
        elif is_date and value in EDGE_DATES and (response.status_code != 422
                                                  or response.json().get("field") != field):
            failures.append(f"{field}={value!a}: {response.status_code} {response.content[:200]!a}")
    assert not failures, f"{method} {path}: " + "; ".join(failures)


# --- pages ----------------------------------------------------------------------------------------------------

COP_URLS = ["/cop/points.geojson", "/cop/hexes.geojson", "/cop/histogram.json", "/cop/list/", "/"]
COP_PARAMETERS = ["bbox", "since", "until", "category", "admin_area", "actor", "status", "classification", "q",
                  "zoom"]


def _signed_in(world, actor="admin") -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[actor])
    return client


@pytest.mark.parametrize("url", COP_URLS)
def test_cop_parameters(url, security_world, db):
    client = _signed_in(security_world, "watch")
    for name in COP_PARAMETERS:
        keep = [*EDGE_DATES, SURROGATE_IN_URL] if name in ("since", "until") else [SURROGATE_IN_URL]
        for value in sweep([*URL_VALUES, SURROGATE_IN_URL], f"{url} {name}", keep):
            response = client.get(_url(url, {name: value}))
            assert response.status_code < 500, f"{url} {name}={value!r}: {response.status_code}"
            ignored = url == "/" or (url == "/cop/histogram.json")  # the page and the histogram span all time
            if name in ("since", "until") and value in EDGE_DATES and not ignored:
                assert response.status_code == 400, f"{url} {name}={value!r}: {response.status_code}"
                assert name in response.content.decode()


@pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/sitrep.docx"])
def test_dashboard_parameters(url, security_world, db):
    client = _signed_in(security_world, "watch")
    for name in ("as_of", "day"):
        for value in sweep([*URL_VALUES, SURROGATE_IN_URL], f"{url} {name}", [*EDGE_DATES, SURROGATE_IN_URL]):
            response = client.get(_url(url, {name: value}))
            assert response.status_code < 500, f"{url} {name}={value!r}: {response.status_code}"
            if value in EDGE_DATES:
                assert response.status_code == 400, f"{url} {name}={value!r}: {response.status_code}"


def test_sign_in_log_parameters(security_world, db):
    client = _signed_in(security_world)
    for name in ("since", "until", "username", "outcome", "ip_address", "page"):
        for value in sweep([*URL_VALUES, SURROGATE_IN_URL], name, [SURROGATE_IN_URL]):
            response = client.get(_url("/accounts/sign-ins/", {name: value}))
            assert response.status_code < 500, f"sign-ins {name}={value!r}: {response.status_code}"


# --- forms ----------------------------------------------------------------------------------------------------

#: What each form field gets.
FORM_VALUES = [*EDGE_DATES, *WHITESPACE, "abc", str(2**64), str(-(2**64))]


def _out_of_range_incidents() -> int:
    return Incident.objects.filter(occurred_start__year__lt=1800).count() + \
        Incident.objects.filter(occurred_start__year__gt=2199).count()


def _report(world) -> dict:
    from tests.incidents.test_pages_forms import report

    return report(occurred_start="2026-03-02T07:45", occurred_end="2026-03-02T08:00")


#: The date fields of the incident forms; the other fields get a few odd values each (FORM_ODD).
INCIDENT_DATES = ("occurred_start", "occurred_end", "source-0-reported_at")
FORM_ODD = ["   ", "abc", str(2**64), "0001-01-01T00:00:00+14:00"]


@pytest.mark.parametrize("page", ["new", "edit"])
def test_incident_form_fields(page, security_world, db):
    """The report form's every field (the edit form's dates): never 5xx, never an out-of-range date stored, and a
    refused date says why."""
    client = _signed_in(security_world, "watch")
    url = "/incidents/new/" if page == "new" else f"/incidents/{security_world.record().id}/edit/"
    base = _report(security_world)
    names = [n for n in base if not n.endswith("_FORMS")] if page == "new" else list(INCIDENT_DATES)
    failures = []
    for name in names:
        for value in sweep(FORM_VALUES, name, EDGE_DATES) if name in INCIDENT_DATES else sweep(FORM_ODD, name):
            with transaction.atomic():
                response = client.post(url, {**base, name: value})
                stored = _out_of_range_incidents()
                transaction.set_rollback(True)
            if response.status_code >= 500 or stored:
                failures.append(f"{name}={value!a}: {response.status_code}, {stored} out-of-range stored")
            elif name.startswith("occurred") and value in EDGE_DATES and "supported dates" not in \
                    response.content.decode():
                failures.append(f"{name}={value!a}: {response.status_code}, no message about the dates")
    assert not failures, "; ".join(failures)


def test_share_form(security_world, db):
    from peaceops.core.models import Organisation

    client = _signed_in(security_world, "watch")
    url = f"/sharing/incidents/{security_world.record().id}/"
    kfor = Organisation.objects.get(code="KFOR").pk
    failures = []
    for name, base in (("expires_at", {"target": f"org:{kfor}"}), ("target", {}), ("reason", {"target": f"org:{kfor}"})):
        for value in sweep(FORM_VALUES, name, EDGE_DATES if name == "expires_at" else ()):
            response = _undone(client.post, url, {**base, name: value}, headers={"HX-Request": "true"})  # as the panel
            if response.status_code >= 500:
                failures.append(f"{name}={value!a}: {response.status_code}")
            elif name == "expires_at" and value in EDGE_DATES and (
                    response.status_code != 422 or "supported dates" not in response.content.decode()):
                failures.append(f"{name}={value!a}: {response.status_code}, no message about the dates")
    assert not failures, "; ".join(failures)


def test_withdraw_form(security_world, db):
    """The probe's finding: withdrawing with organisation=abc answered 500."""
    client = _signed_in(security_world, "watch")
    url = f"/sharing/incidents/{security_world.record(released=True).id}/withdraw/"
    for value in FORM_VALUES:
        response = client.post(url, {"organisation": value})
        assert response.status_code == 404, f"organisation={value!a}: {response.status_code}"


def test_grant_role_form(security_world, db):
    client = _signed_in(security_world, "admin")
    base = {"username": "sec-viewer", "organisation": "UNMIK", "role": "analyst", "until": "2026-12-31",
            "reason": "cover"}
    failures = []
    for name in base:
        for value in sweep(FORM_VALUES, name, ("0001-01-01", "9999-12-31") if name == "until" else ()):
            response = _undone(client.post, "/missions/UNMIK/people/", {**base, name: value})
            if response.status_code >= 500:
                failures.append(f"{name}={value!a}: {response.status_code}")
            elif name == "until" and value in ("0001-01-01", "9999-12-31") and \
                    "supported dates" not in response.content.decode():
                failures.append(f"{name}={value!a}: {response.status_code}, no message about the dates")
    assert not failures, "; ".join(failures)


def test_duplicates_partial_parameters(security_world, db):
    """The report form asks for likely duplicates as the officer types: the time may be anything typed."""
    client = _signed_in(security_world, "watch")
    base = {"mission": str(security_world.missions["UNMIK"].pk), "lon": str(SPOT[0]), "lat": str(SPOT[1]),
            "occurred_start": "2026-01-01T00:00", "category": "mission/inter-ethnic"}
    failures = []
    for name in base:
        for value in sweep([*URL_VALUES, SURROGATE_IN_URL], name, [SURROGATE_IN_URL]):
            response = client.get(_url("/incidents/duplicates/", {**base, name: value}))
            if response.status_code != 200:
                failures.append(f"{name}={value!a}: {response.status_code}")
    assert not failures, "; ".join(failures)


@pytest.mark.parametrize("until", ["9999-12-31", "0001-01-01"])
def test_grant_role_command_until(until, security_world, db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="supported dates"):
        call_command("grant_role", "sec-viewer", "analyst", "--mission", "UNMIK", "--organisation", "UNMIK",
                     "--until", until)


def test_page_ids_in_paths(security_world, db):
    """Every page whose path holds a number (an id) gets 2**64 there: 404, not an overflow in the database."""
    import re

    from .routes import page_routes

    client = _signed_in(security_world, "admin")
    failures = []
    for route in sorted(page_routes()):
        if "<int:" not in route:
            continue
        path = re.sub(r"<int:\w+>", str(2**64), route.split(" ", 1)[1]).replace("<str:code>", "UNMIK")
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code not in (404, 405):
                failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert not failures, "; ".join(failures)


@pytest.mark.parametrize("action, name", [("edit-group", "group"), ("delete-group", "group"),
                                          ("suspend-agreement", "agreement"), ("delete-agreement", "agreement")])
def test_sharing_page_ids(action, name, security_world, db):
    client = _signed_in(security_world, "admin")
    for value in FORM_VALUES:
        response = client.post("/sharing/", {"action": action, name: value, "name": "x"})
        assert response.status_code == 404, f"{action} {name}={value!a}: {response.status_code}"


def test_sharing_agreement_form(security_world, db):
    from peaceops.core.models import Organisation

    client = _signed_in(security_world, "admin")
    base = {"action": "add-agreement", "owner": str(Organisation.objects.get(code="UNMIK").pk),
            "partner": f"org:{Organisation.objects.get(code='KFOR').pk}", "classifications": "CONFIDENTIAL",
            "default_expiry_days": "30"}
    failures = []
    for name in base:
        if name == "action":
            continue
        for value in sweep(FORM_VALUES, name):
            response = _undone(client.post, "/sharing/", {**base, name: value})
            if response.status_code >= 500:
                failures.append(f"{name}={value!a}: {response.status_code}")
    assert not failures, "; ".join(failures)
