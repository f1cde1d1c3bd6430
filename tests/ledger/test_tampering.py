"""verify-ledger passes a clean chain and names the first broken link of a tampered one."""

import orjson
import pytest

from peaceops.core.models import ChangeLogEntry
from peaceops.ledger import verify as verify_module
from peaceops.ledger.models import LedgerEntry

from .conftest import CONTENT, attacker, covering, entries, verify

pytestmark = pytest.mark.django_db


def test_clean_chain_passes(mission, history):
    passed, out = verify("--mission", "UNMIK")
    assert passed, out
    head = entries(mission.pk)[-1]
    n = ChangeLogEntry.objects.filter(mission=mission).count()
    assert head.sequence == n == LedgerEntry.objects.filter(chain=mission.pk).count()
    assert f"UNMIK: OK, {n} entries, {n} change-log entries covered, head {n}:{head.entry_sha256}" in out


def test_clean_chains_pass_when_read_in_small_pages(mission, history, monkeypatch):
    monkeypatch.setattr(verify_module, "PAGE", 2)
    monkeypatch.setattr(verify_module, "IDS_PER_ROUND", 1)
    passed, out = verify()
    assert passed, out
    assert f"UNMIK: OK, {len(entries(mission.pk))} entries" in out


@pytest.mark.parametrize("position", [1, 3, 5])
def test_an_edited_payload_is_named(mission, history, position):
    entry = entries(mission.pk)[position - 1]
    with attacker():
        LedgerEntry.objects.filter(pk=entry.pk).update(payload=entry.payload.replace('"changes"', '"chances"'))
    passed, out = verify("--mission", "UNMIK")
    assert not passed
    assert f"UNMIK: BROKEN at entry {position}: edited-payload" in out


def test_a_payload_edited_with_its_hash_recomputed_is_named(mission, history):
    from peaceops.ledger.canonical import sha256

    entry = entries(mission.pk)[1]
    forged = entry.payload.replace("[[", "[[999999,\"" + "0" * 64 + "\"],[")
    with attacker():
        LedgerEntry.objects.filter(pk=entry.pk).update(payload=forged, payload_sha256=sha256(forged.encode()))
    passed, out = verify("--mission", "UNMIK")
    assert not passed and "BROKEN at entry 2: edited-entry" in out


def test_an_edited_actor_is_named(mission, history):
    entry = entries(mission.pk)[3]
    with attacker():
        LedgerEntry.objects.filter(pk=entry.pk).update(actor="somebody-else")
    passed, out = verify("--mission", "UNMIK")
    assert not passed and "BROKEN at entry 4: edited-entry" in out


@pytest.mark.parametrize("position", [1, 3])
def test_a_deleted_entry_is_named(mission, history, position):
    with attacker():
        LedgerEntry.objects.filter(chain=mission.pk, sequence=position).delete()
    passed, out = verify("--mission", "UNMIK")
    assert not passed
    assert f"BROKEN at entry {position}: missing-entries: entries {position} are missing" in out


def test_a_deleted_entry_with_the_rest_renumbered_is_named(mission, history):
    with attacker():
        LedgerEntry.objects.filter(chain=mission.pk, sequence=2).delete()
        for sequence in range(3, len(entries(mission.pk)) + 2):
            LedgerEntry.objects.filter(chain=mission.pk, sequence=sequence).update(sequence=sequence - 1)
    passed, out = verify("--mission", "UNMIK")
    assert not passed and "BROKEN at entry 2: " in out


@pytest.mark.parametrize("pair", [(2, 4), (12, 13), (1, 2), (9, 13)])
def test_two_reordered_entries_are_named(mission, history, pair):
    first, second = (LedgerEntry.objects.filter(chain=mission.pk, sequence=s).values(*CONTENT).get() for s in pair)
    with attacker():
        LedgerEntry.objects.filter(chain=mission.pk, sequence=pair[0]).update(**second)
        LedgerEntry.objects.filter(chain=mission.pk, sequence=pair[1]).update(**first)
    passed, out = verify("--mission", "UNMIK")
    assert not passed
    assert f"BROKEN at entry {pair[0]}: reordered: it holds the content of entry {pair[1]}" in out


def test_an_edited_change_log_entry_is_named(mission, history):
    change = ChangeLogEntry.objects.filter(mission=mission).order_by("id")[2]
    ChangeLogEntry.objects.filter(pk=change.pk).update(reason="nothing to see here")
    passed, out = verify("--mission", "UNMIK")
    assert not passed
    sequence = covering(change.pk).sequence
    assert f"BROKEN at entry {sequence}: change-altered: change-log entry {change.pk} it covers was altered" in out


def test_an_edited_change_log_snapshot_is_named(mission, history):
    change = ChangeLogEntry.objects.filter(mission=mission, action="update").get()
    ChangeLogEntry.objects.filter(pk=change.pk).update(after={**change.after, "status": "closed"})
    passed, out = verify("--mission", "UNMIK")
    assert not passed and f"change-altered: change-log entry {change.pk}" in out


def test_a_deleted_change_log_entry_is_named(mission, history):
    change = ChangeLogEntry.objects.filter(mission=mission).order_by("id")[1]
    sequence = covering(change.pk).sequence
    ChangeLogEntry.objects.filter(pk=change.pk).delete()
    passed, out = verify("--mission", "UNMIK")
    assert not passed
    assert f"BROKEN at entry {sequence}: change-deleted: change-log entry {change.pk}" in out


def test_a_change_log_entry_written_around_the_application_is_named(mission, history):
    ChangeLogEntry.objects.create(time=history[0].created_at, actor_name="intruder", action="update",
                                  object_type="incidents.incident", object_id=str(history[0].pk), mission=mission)
    passed, out = verify("--mission", "UNMIK")
    assert not passed and "uncovered-changes: 1 change-log entries are not covered" in out


def test_the_first_broken_link_is_reported_when_several_are(mission, history):
    with attacker():
        LedgerEntry.objects.filter(chain=mission.pk, sequence=4).delete()
        LedgerEntry.objects.filter(chain=mission.pk, sequence=2).update(actor="x")
        LedgerEntry.objects.filter(chain=mission.pk, sequence=9).update(payload="{}")
    passed, out = verify("--mission", "UNMIK")
    assert not passed and "BROKEN at entry 2: edited-entry" in out
    assert "entry 4" not in out and "entry 9" not in out


def test_a_chain_rewritten_from_the_start_passes_alone_but_not_past_an_anchor(mission, history):
    """An attacker who deletes an entry (and the change it covers) and recomputes every hash after it makes a
    self-consistent chain; the head published earlier (an anchor) exposes it."""
    from peaceops.ledger.canonical import entry_hash

    anchor = entries(mission.pk)[-1]
    earlier = entries(mission.pk)[-3]
    with attacker():
        for i, _ in orjson.loads(earlier.payload)["changes"]:
            ChangeLogEntry.objects.filter(pk=i).delete()
        LedgerEntry.objects.filter(pk=earlier.pk).delete()
        previous = entries(mission.pk)[earlier.sequence - 2].entry_sha256
        for entry in entries(mission.pk)[earlier.sequence - 1:]:
            sequence = entry.sequence - 1
            digest = entry_hash(sequence=sequence, chain=entry.chain, time=entry.time, kind=entry.kind,
                                actor=entry.actor, payload_sha256=entry.payload_sha256, previous_sha256=previous)
            LedgerEntry.objects.filter(pk=entry.pk).update(sequence=sequence, previous_sha256=previous,
                                                            entry_sha256=digest)
            previous = digest
    assert verify("--mission", "UNMIK")[0]
    passed, out = verify("--mission", "UNMIK", "--anchor", f"{anchor.sequence}:{anchor.entry_sha256}")
    assert not passed and f"BROKEN at entry {anchor.sequence}: truncated" in out
    passed, out = verify("--mission", "UNMIK", "--anchor", f"{earlier.sequence}:{earlier.entry_sha256}")
    assert not passed and f"BROKEN at entry {earlier.sequence}: anchor-mismatch" in out


def test_an_installation_wide_change_log_entry_written_around_the_application_is_named(mission, history):
    ChangeLogEntry.objects.create(time=history[0].created_at, actor_name="intruder", action="create",
                                  object_type="core.organisation", object_id="999")
    assert verify("--mission", "UNMIK")[0]  # the mission's own chain holds
    passed, out = verify()
    assert not passed and "installation: BROKEN: uncovered-changes: 1 change-log entries" in out


def test_a_deleted_missions_changes_keep_their_mission_and_verify(mission, orgs, people, history):
    """Deleting a mission (and a user) leaves its change-log entries as written: the ledger seals their mission
    and actor, and they still verify."""
    from peaceops.core.choices import Role
    from peaceops.core.models import Mission
    from peaceops.core.services import create_mission, create_user, grant_role

    closed = create_mission(code="UNOMIG", name="Closed mission", acting_user=people["admin"])
    leaver = create_user(username="leaver", password=None, acting_user=people["admin"])
    grant_role(user=leaver, mission=closed, organisation=orgs["UNMIK"], role=Role.VIEWER, acting_user=leaver)
    written = ChangeLogEntry.objects.filter(mission_id=closed.pk).count()
    Mission.objects.filter(pk=closed.pk).delete()
    leaver.delete()
    assert ChangeLogEntry.objects.filter(mission_id=closed.pk).count() == written > 0
    passed, out = verify()
    assert passed, out
