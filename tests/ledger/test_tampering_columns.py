"""Every column that gives a change-log entry or a ledger entry its meaning is sealed: an attacker with database
access who edits any one of them on one row (here, straight UPDATEs with the append-only guards dropped) makes
`verify-ledger` fail naming the entry.

The parametrisation is over the models' columns, so a column added later without being sealed (and without a
tampered value here) fails this file."""

import datetime as dt

import orjson
import pytest

from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import create_mission
from peaceops.incidents.services import create_incident
from peaceops.ledger import canonical
from peaceops.ledger.models import LedgerEntry
from tests.factories import incident_data

from .conftest import attacker, covering, entries, verify

pytestmark = pytest.mark.django_db


def _columns(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


#: A tampered value for each change-log column, from the entry, the people and another mission.
CHANGE_TAMPERING = {
    "time": lambda c, w: c.time + dt.timedelta(seconds=1),
    "actor": lambda c, w: w["people"]["kfor"].pk,  # re-pointed to another user
    "actor_name": lambda c, w: "somebody-else",
    "action": lambda c, w: "delete",
    "object_type": lambda c, w: "sites.site",
    "object_id": lambda c, w: "999999",
    "object_repr": lambda c, w: "nothing to see",
    "mission": lambda c, w: None,  # moved out of its mission: hidden from the mission's feeds
    "before": lambda c, w: {**c.before, "status": "closed"},
    "after": lambda c, w: {**c.after, "title": "Something else"},
    "request_id": lambda c, w: "f" * 32,
    "reason": lambda c, w: "nothing to see here",
}
#: Further ways of moving an entry out of its chain.
CHANGE_EXTRA = {"mission->other": ("mission", lambda c, w: w["other"].pk)}

#: A tampered value for each ledger-entry column.
LEDGER_TAMPERING = {
    "chain": lambda e, w: 999,
    "sequence": lambda e, w: e.sequence + 1000,
    "time": lambda e, w: e.time + dt.timedelta(seconds=1),
    "kind": lambda e, w: "export",
    "actor": lambda e, w: "somebody-else",
    "mission": lambda e, w: w["other"].pk,
    "payload": lambda e, w: e.payload.replace("[[", "[[1,\"" + "0" * 64 + "\"],[", 1),
    "payload_sha256": lambda e, w: "0" * 64,
    "previous_sha256": lambda e, w: "0" * 64,
    "entry_sha256": lambda e, w: "0" * 64,
    "last_change_id": lambda e, w: e.last_change_id + 1,
}


@pytest.fixture
def world(mission, people, history):
    other = create_mission(code="MINUSCA", name="Another mission", acting_user=people["admin"])
    return {"people": people, "other": other, "history": history}


def _changed(change: ChangeLogEntry, field: str, value) -> None:
    attname = ChangeLogEntry._meta.get_field(field).attname
    ChangeLogEntry.objects.filter(pk=change.pk).update(**{attname: value})
    assert getattr(ChangeLogEntry.objects.get(pk=change.pk), attname) == value


@pytest.mark.parametrize("case", _columns(ChangeLogEntry) + list(CHANGE_EXTRA))
def test_a_change_log_entry_edited_in_any_column_is_named(mission, world, case):
    field, tamper = CHANGE_EXTRA.get(case) or (case, CHANGE_TAMPERING.get(case))
    if tamper is None:
        pytest.fail(f"the change-log column {field!r} has no tampered value here: seal it in "
                    "peaceops.ledger.canonical (a new hash form) and add it to CHANGE_TAMPERING")
    change = ChangeLogEntry.objects.filter(mission=mission, action="update").get()
    sequence = covering(change.pk).sequence
    assert verify()[0]
    _changed(change, field, tamper(change, world))
    for args in [("--mission", "UNMIK"), ()]:
        passed, out = verify(*args)
        assert not passed, out
        assert f"UNMIK: BROKEN at entry {sequence}: " in out and f"change-log entry {change.pk} " in out, out


@pytest.mark.parametrize("field", _columns(LedgerEntry))
def test_a_ledger_entry_edited_in_any_column_is_named(mission, world, field):
    tamper = LEDGER_TAMPERING.get(field)
    if tamper is None:
        pytest.fail(f"the ledger column {field!r} has no tampered value here: seal it (peaceops.ledger.canonical "
                    "or a check in verify) and add it to LEDGER_TAMPERING")
    entry = entries(mission.pk)[2]
    assert entry.kind == "change" and verify()[0]
    attname = LedgerEntry._meta.get_field(field).attname
    with attacker():
        LedgerEntry.objects.filter(pk=entry.pk).update(**{attname: tamper(entry, world)})
    passed, out = verify("--mission", "UNMIK")
    assert not passed, out
    assert f"UNMIK: BROKEN at entry {entry.sequence}: " in out, out


def test_a_ledger_written_before_mission_and_actor_were_sealed_still_verifies(mission, people, monkeypatch):
    """Ledgers written with form-1 hashes verify as written; a change moved out of its mission is caught there
    too (it is no longer in the chain that covers it)."""
    monkeypatch.setattr(canonical, "CHANGE_FORM", 1)
    old = [create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title=f"Old {i}"))
           for i in range(2)]
    monkeypatch.undo()
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="New"))
    forms = [orjson.loads(e.payload).get("form") for e in entries(mission.pk)[-3:]]
    assert forms == [None, None, canonical.CHANGE_FORM]
    passed, out = verify()
    assert passed, out

    change = ChangeLogEntry.objects.get(object_id=str(old[1].pk))
    ChangeLogEntry.objects.filter(pk=change.pk).update(mission=None)
    passed, out = verify()
    assert not passed
    assert (f"UNMIK: BROKEN at entry {covering(change.pk).sequence}: change-moved: change-log entry {change.pk} "
            "it covers was moved out of this chain") in out
