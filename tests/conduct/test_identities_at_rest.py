"""Identities are encrypted at rest: after a victim is added (and changed, read and removed), the bytes of the
SQLite database file and of its write-ahead log hold neither the name nor the phone number; no text or JSON
column of any table holds them (every table of the database, PostgreSQL's information_schema or SQLite's
catalogue); the change log holds none of them. The row itself holds them, sealed: the keyring opens them."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from peaceops.conduct import identities
from peaceops.conduct.models import CasePerson
from peaceops.core.kit.cipher import unseal
from peaceops.core.models import ChangeLogEntry

NAME, PHONE = "Drita Kelmendi-Zeqiri", "+38344123456"
SECRETS = [NAME, PHONE, "Kelmendi", "38344123456"]
ROOT = Path(__file__).resolve().parents[2]

#: Adds the victim as `cdo` through `identities.add_person` on the database PEACEOPS_DATABASE_URL names, says
#: "committed", and keeps its connection open (so the write-ahead log is not checkpointed away) until told.
ADD_AND_WAIT = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from peaceops.conduct import identities
from peaceops.conduct.models import Case
cdo = get_user_model().objects.get(username="cdo")
case = Case._base_manager.get(pk=sys.argv[1])
person = identities.add_person(case, acting_user=cdo, role="victim", age_group="child", name=sys.argv[2],
                               contact=sys.argv[3], reason="intake interview")
print("committed", person.pk, connection.settings_dict["NAME"], flush=True)
sys.stdin.readline()
"""


def _absent(data: bytes, where: str) -> None:
    for secret in SECRETS:
        assert secret.encode() not in data, f"{secret!r} found in {where}"


@pytest.mark.django_db(transaction=True)
def test_the_sqlite_file_and_its_wal_hold_no_identity(tmp_path, conduct_people, case_of):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database file is SQLite's")
    case = case_of(conduct_people["cdo"])
    database = tmp_path / "peaceops.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    connection.connection.backup(copy)  # the test's in-memory database as a file, as production keeps it
    copy.close()
    env = {
        **os.environ,
        "PEACEOPS_DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
        "PEACEOPS_IDENTITY_KEYS": "",
        "PEACEOPS_IDENTITY_KEY_FILE": str(settings.PEACEOPS_IDENTITY_KEY_FILE),
    }
    writer = subprocess.Popen(
        [sys.executable, "-c", ADD_AND_WAIT, str(case.pk), NAME, PHONE],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        said = writer.stdout.readline().split()
        assert said[:1] == ["committed"], f"the writer failed: {said}"
        wal = Path(f"{database}-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the committed write sits in the log
        _absent(database.read_bytes(), "the database file")
        _absent(wal.read_bytes(), "the write-ahead log")
        with sqlite3.connect(database) as db:  # the row is there, its identity sealed with the key file's key
            sealed = db.execute("SELECT name_sealed, contact_sealed FROM conduct_caseperson").fetchone()
        person = CasePerson(pk=said[1])
        assert unseal(sealed[0], context=identities.context_of(person, "name_sealed")) == NAME
        assert unseal(sealed[1], context=identities.context_of(person, "contact_sealed")) == PHONE
    finally:
        writer.communicate("\n", timeout=60)
    assert writer.returncode == 0
    _absent(database.read_bytes(), "the database file after its checkpoint")


def _text_columns() -> list[tuple[str, str]]:
    """(table, column) of every text, character or JSON column of every table of the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type IN "
                "('text', 'character varying', 'character', 'json', 'jsonb')"
            )
            return cursor.fetchall()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        columns = []
        for (table,) in cursor.fetchall():
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns += [
                (table, row[1])
                for row in cursor.fetchall()
                if any(kind in row[2].lower() for kind in ("char", "text", "json", "clob"))
            ]
        return columns


def _columns_holding(secret: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cast = f'"{column}"::text' if connection.vendor == "postgresql" else f'CAST("{column}" AS TEXT)'
            cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE {cast} LIKE %s', [f"%{secret}%"])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


@pytest.mark.django_db(transaction=True)
def test_no_text_column_of_any_table_holds_an_identity(conduct_people, case_of):
    """On PostgreSQL through information_schema (the data committed), on SQLite through its catalogue."""
    case = case_of(conduct_people["cdo"])
    client = Client()
    client.force_login(conduct_people["cdo"], backend="django.contrib.auth.backends.ModelBackend")
    base = f"/api/v1/conduct/cases/{case.pk}/people"
    created = client.post(
        base,
        json.dumps(
            {
                "role": "victim",
                "age_group": "child",
                "name": NAME,
                "contact": PHONE,
                "details": f"lives with her aunt; {NAME}",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    revealed = client.post(
        f"{base}/{pid}/reveal", json.dumps({"reason": "medical referral"}), content_type="application/json"
    )
    assert revealed.json()["name"] == NAME
    assert len(_text_columns()) > 50  # the scan sees the whole database, not a few tables
    assert _columns_holding("medical referral")  # the scan finds what is stored in plain text
    for secret in SECRETS:
        assert _columns_holding(secret) == [], secret


@pytest.mark.django_db
def test_the_change_log_holds_no_identity(conduct_people, case_of):
    cdo = conduct_people["cdo"]
    case = case_of(cdo)
    person = identities.add_person(
        case, acting_user=cdo, role="victim", name=NAME, contact=PHONE, reason="intake"
    )
    identities.change_person(person, acting_user=cdo, contact="+38349999999", reason="new number")
    identities.reveal(person, acting_user=cdo, reason="follow-up call")
    identities.remove_person(person, acting_user=cdo, reason="duplicate of another entry")
    entries = ChangeLogEntry.objects.filter(object_type__in=["conduct.caseperson", "conduct.identityread"])
    assert entries.count() == 4
    for entry in ChangeLogEntry.objects.all():
        text = json.dumps([entry.before, entry.after, entry.reason, entry.object_repr])
        for secret in [*SECRETS, "38349999999"]:
            assert secret not in text, (secret, entry.object_type)
    created = entries.get(action="create", object_type="conduct.caseperson")
    assert created.after["name"] == created.after["contact"] == "sealed"  # says it is set, never what it says
