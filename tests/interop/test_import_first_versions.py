"""A bulk import's creation entries carry no snapshot (docs/decisions/creation-entries-without-snapshot.md):
the history still shows each incident's first version, and `verify-ledger` still proves it, so a created row
changed afterwards without the change log is caught. Run on SQLite and PostgreSQL."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.models import Incident
from tests.api.conftest import API, TokenClient, make_token

from .test_import_bulk import HEADER, row

pytestmark = pytest.mark.django_db


def verify() -> tuple[bool, str]:
    """Run `peaceops verify-ledger` as an operator would: (passed, what it said)."""
    out = io.StringIO()
    try:
        call_command("verify_ledger", "--no-progress", stdout=out)
    except CommandError as exc:
        return False, out.getvalue() + str(exc)
    return True, out.getvalue()


def load(tmp_path, rows: int = 12) -> str:
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "".join(row(i) for i in range(rows)))
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", "csv", "--user", "jmac", "--bulk", "--no-progress",
                 stdout=out)
    return out.getvalue()


def test_first_version_of_a_bulk_created_incident_is_shown_in_history_after_an_update(minusca, analyst, tmp_path):
    assert "12 created" in load(tmp_path)
    incident = Incident.objects.get(external_id="b-3")
    [created] = ChangeLogEntry.objects.filter(object_id=str(incident.pk))
    assert (created.action, created.before, created.after) == ("create", None, None)  # no snapshot stored

    client = TokenClient(make_token("jmac"))
    history = client.get(f"{API}/{incident.pk}/history").json()["entries"]
    assert [e["action"] for e in history] == ["create"]
    assert history[0]["after"]["title"] == "Incident 3"  # while never updated: the row itself

    response = client.patch(f"{API}/{incident.pk}", {"title": "Incident 3 (checked)", "reason": "patrol"},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    history = client.get(f"{API}/{incident.pk}/history").json()["entries"]
    assert [e["action"] for e in history] == ["create", "update"]
    first, update = history
    assert first["after"]["title"] == "Incident 3" and first["after"]["sources"][0]["reference"] == "report 3"
    assert first["after"] == update["before"]
    assert update["after"]["title"] == "Incident 3 (checked)" and update["changed_fields"] == ["title"]
    assert verify()[0]  # the first version the update recorded is the one the ledger sealed


def test_verify_ledger_detects_a_created_row_changed_without_the_change_log(minusca, analyst, tmp_path):
    load(tmp_path)
    passed, said = verify()
    assert passed, said
    incident = Incident.objects.get(external_id="b-5")
    with connection.cursor() as cursor:  # an attacker with database access edits the row, no change log
        cursor.execute(f"UPDATE {Incident._meta.db_table} SET fatalities_best = 0 WHERE id = %s",
                       [incident.pk.hex if connection.vendor == "sqlite" else incident.pk])
    passed, said = verify()
    assert not passed
    assert "change-altered" in said
    entry = ChangeLogEntry.objects.get(object_id=str(incident.pk))
    assert f"change-log entry {entry.pk} it covers was altered" in said


def test_verify_ledger_detects_a_created_rows_children_removed_without_the_change_log(minusca, analyst, tmp_path):
    load(tmp_path)
    incident = Incident.objects.get(external_id="b-7")
    with connection.cursor() as cursor:
        for table in ("incidents_casualty", "incidents_source", "incidents_incidentactor"):
            cursor.execute(f"DELETE FROM {table} WHERE incident_id = %s",
                           [incident.pk.hex if connection.vendor == "sqlite" else incident.pk])
    passed, said = verify()
    assert not passed and "change-altered" in said
