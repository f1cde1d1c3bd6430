"""Anchors: `peaceops ledger-anchor` prints a chain head, the daily report carries it, and verify-ledger
checks the chain still passes through it. Concurrent writers never fork a chain (PostgreSQL)."""

import io
import threading

import docx
import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from peaceops.incidents.services import create_incident
from peaceops.ledger.models import LedgerEntry
from tests.factories import incident_data

from .conftest import attacker, entries, verify


def anchor(*args) -> str:
    out = io.StringIO()
    call_command("ledger_anchor", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_ledger_anchor_appends_an_anchor_and_prints_the_head(mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    before = entries(mission.pk)[-1]
    printed = anchor("--mission", "UNMIK")
    head = entries(mission.pk)[-1]
    assert printed == f"UNMIK ledger head: {head.sequence}:{head.entry_sha256}"
    assert head.kind == "anchor" and head.sequence == before.sequence + 1
    assert orjson.loads(head.payload) == {"entries": before.sequence, "head_sha256": before.entry_sha256}
    assert anchor().startswith("installation ledger head: 1:")
    passed, out = verify("--mission", "UNMIK", "--anchor", printed.split(": ")[1])
    assert passed and f"passes through the anchor {head.sequence}" in out


@pytest.mark.django_db
def test_an_anchor_of_a_rewritten_chain_fails(mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    printed = anchor("--mission", "UNMIK").split(": ")[1]
    sequence = int(printed.split(":")[0])
    assert not verify("--mission", "UNMIK", "--anchor", f"{sequence}:{'ab' * 32}")[0]
    with attacker():
        LedgerEntry.objects.filter(chain=mission.pk, sequence=sequence).delete()
    passed, out = verify("--mission", "UNMIK", "--anchor", printed)
    assert not passed and f"BROKEN at entry {sequence}: truncated" in out


@pytest.mark.django_db
def test_bad_options_are_refused(mission):
    with pytest.raises(CommandError, match="--anchor"):
        call_command("verify_ledger", "--anchor", "12-abc")
    with pytest.raises(CommandError, match="no mission"):
        call_command("verify_ledger", "--mission", "NOPE")
    with pytest.raises(CommandError, match="no mission"):
        call_command("ledger_anchor", "--mission", "NOPE")


@pytest.mark.django_db
def test_the_daily_report_prints_the_missions_ledger_head(client, mission, people):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    head = entries(mission.pk)[-1]
    client.force_login(people["watch"], backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/dashboard/?day=2026-03-01").content.decode()
    assert f"{head.sequence}:{head.entry_sha256}" in page
    document = docx.Document(io.BytesIO(client.get("/dashboard/sitrep.docx?day=2026-03-01").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Ledger head: {head.sequence}:{head.entry_sha256}" in text
    assert verify("--mission", "UNMIK", "--anchor", f"{head.sequence}:{head.entry_sha256}")[0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(mission, people):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the lock that matters is PostgreSQL's")
    errors = []

    def write(n):
        try:
            for i in range(5):
                create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title=f"{n}-{i}"))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    chain = entries(mission.pk)
    assert [e.sequence for e in chain] == list(range(1, len(chain) + 1))
    passed, out = verify("--mission", "UNMIK")
    assert passed, out
