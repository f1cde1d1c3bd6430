"""Appending to a chain: the ledger lock, the chain's head, and the new link.

The lock is held to the end of the caller's transaction, so two writers never fork a chain and a rolled-back
transaction leaves no entry. PostgreSQL: a transaction-scoped advisory lock (`triggers.LOCK_KEY`). SQLite: the
database's one writer lock, which PeaceOps takes at BEGIN (`transaction_mode` IMMEDIATE).
"""

from django.db import connection, transaction
from django.utils import timezone

from . import canonical
from .models import LedgerEntry
from .triggers import LOCK_KEY


def lock() -> None:
    """Take the ledger lock for the rest of the current transaction (call inside `transaction.atomic`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def chain_of(mission_id: int | None) -> int:
    """The chain of a mission's records; 0 for installation-wide records (users, organisations, places)."""
    return mission_id or 0


def head(chain: int) -> LedgerEntry | None:
    """The last entry of a chain (committed ones, or the caller's own)."""
    return LedgerEntry.objects.filter(chain=chain).order_by("-sequence").first()


def append(*, kind: str, actor: str, mission_id: int | None, payload: dict,
           last_change_id: int | None = None) -> LedgerEntry:
    """Add one entry at the head of the mission's chain, in the caller's transaction."""
    with transaction.atomic():
        lock()
        chain = chain_of(mission_id)
        last = LedgerEntry.objects.filter(chain=chain).order_by("-sequence").values_list(
            "sequence", "entry_sha256").first()
        sequence, previous = (last[0] + 1, last[1]) if last else (1, canonical.GENESIS)
        text = canonical.canonical(payload)
        entry = LedgerEntry(chain=chain, sequence=sequence, time=timezone.now(), kind=kind, actor=actor[:150],
                            mission_id=mission_id or None, payload=text.decode(),
                            payload_sha256=canonical.sha256(text), previous_sha256=previous,
                            last_change_id=last_change_id)
        entry.entry_sha256 = canonical.entry_hash(
            sequence=sequence, chain=chain, time=entry.time, kind=kind, actor=entry.actor,
            payload_sha256=entry.payload_sha256, previous_sha256=previous)
        entry.save(force_insert=True)
    return entry
