"""Ledger test helpers: run verify-ledger as an operator would, and tamper as an attacker with database access
would (dropping the append-only triggers, then writing rows directly)."""

import io
from contextlib import contextmanager

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.services import create_incident, update_incident
from peaceops.ledger import triggers
from peaceops.ledger.models import LedgerEntry
from tests.factories import incident_data

#: The columns of an entry that swapping two entries' contents exchanges (not id, chain or sequence).
CONTENT = ["time", "kind", "actor", "mission_id", "payload", "payload_sha256", "previous_sha256", "entry_sha256",
           "last_change_id"]


def verify(*args) -> tuple[bool, str]:
    """Run `peaceops verify-ledger ARGS`; (passed, what it printed)."""
    out = io.StringIO()
    try:
        call_command("verify_ledger", "--no-progress", *args, stdout=out)
    except CommandError as exc:
        return False, out.getvalue() + str(exc)
    return True, out.getvalue()


@contextmanager
def attacker():
    """Direct database access with the append-only triggers dropped (put back afterwards)."""
    with connection.cursor() as cursor:
        for sql in triggers.guard_drop_sql(connection.vendor):
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in triggers.install_sql(connection.vendor):
                cursor.execute(sql)


def entries(chain: int) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(chain=chain).order_by("sequence"))


def covering(change_id: int) -> LedgerEntry:
    """The ledger entry whose payload covers a change-log entry."""
    for entry in LedgerEntry.objects.filter(kind="change"):
        if any(i == change_id for i, _ in orjson.loads(entry.payload)["changes"]):
            return entry
    raise AssertionError(f"change-log entry {change_id} is not covered")


@pytest.fixture
def history(mission, people):
    """Four incidents created and one updated by the watch officer: five more change entries in UNMIK's chain
    (after those of the people's memberships)."""
    before = LedgerEntry.objects.filter(chain=mission.pk).count()
    made = [create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title=f"Incident {i}"))
            for i in range(4)]
    update_incident(made[0], acting_user=people["watch"], changes={"status": "verified"}, reason="confirmed")
    assert LedgerEntry.objects.filter(chain=mission.pk).count() == before + 5
    assert ChangeLogEntry.objects.filter(mission=mission).count() == before + 5
    return made
