"""Fuzz the whole OpenAPI surface with schemathesis: no server error (5xx) and no answer that breaks its own
schema, for a watch officer's token and a viewer's token, over the seeded security world.

The schema is read from /api/v1/openapi.json and the requests go straight to the Django WSGI application
(no server). Examples are bounded and reproducible (FUZZ_EXAMPLES per operation: 25 on SQLite, a sample on
PostgreSQL, peaceops.testing.sweeps) so the run stays within a couple of minutes on two cores; set
PEACEOPS_FUZZ_EXAMPLES higher for a deeper run.
"""

import io

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from peaceops.incidents.aggregates import GROUPINGS
from peaceops.testing.sweeps import examples

FUZZ_EXAMPLES = examples(25)
CHECKS = [not_a_server_error, response_schema_conformance]


def token_of(username: str) -> str:
    out = io.StringIO()
    call_command("create_token", username, "--name", "fuzz", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


fuzz_settings = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


def steer(case, data, incident_ids: list[str]) -> None:
    """Point some generated requests at what exists, so they get past the 404 and 422 into the real work:
    a seeded incident id, a real grouping, a real mission code in a new report."""
    if case.path_parameters and "incident_id" in case.path_parameters:
        case.path_parameters["incident_id"] = data.draw(
            st.sampled_from([*incident_ids, case.path_parameters["incident_id"]]))
    if case.path.endswith("/aggregate") and isinstance(case.query, dict):
        case.query["by"] = data.draw(st.sampled_from([*GROUPINGS, case.query.get("by") or "day"]))
    if case.method.upper() == "POST" and isinstance(case.body, dict) and "mission" in case.body:
        case.body["mission"] = data.draw(st.sampled_from(["UNMIK", "MINUSCA", case.body["mission"]]))


def fuzz_failures(username: str, incident_ids: list[str]) -> list[str]:
    """Run every operation of the API schema with generated requests, valid and invalid; the failures."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    # Uncompressed answers: the fuzzer's WSGI transport does not decode a compressed body (compression has its
    # own tests: tests/web/test_delivery.py).
    headers = {"Authorization": f"Bearer {token_of(username)}", "Accept-Encoding": "identity"}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                             operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

        @given(case=strategy, data=st.data())
        @fuzz_settings
        def run(case, data):
            steer(case, data, incident_ids)
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - every failure is reported below, with its operation
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    return failures


@pytest.fixture
def keep_test_connection():
    """Requests through the WSGI handler must not close the test's database connection (and with it the
    seeded world's transaction) at their end: as Django's test client does, stop closing it for a while."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("username", ["sec-watch", "sec-viewer"])
def test_no_server_error_and_no_schema_violation(username, security_world, db, keep_test_connection):
    failures = fuzz_failures(username, [r.id for r in security_world.records])
    assert not failures, "\n\n".join(failures)
