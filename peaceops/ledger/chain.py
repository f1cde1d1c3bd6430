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
    return append_many([dict(kind=kind, actor=actor, mission_id=mission_id, payload=payload,
                             last_change_id=last_change_id)])[0]


#: Entries per INSERT when appending many.
_INSERT_BATCH = 500


def append_many(items: list[dict]) -> list[LedgerEntry]:
    """Add entries (each a dict of `append`'s keyword arguments), in the order given, in the caller's
    transaction: exactly the entries that as many `append` calls would add (same sequences, times, hashes),
    with one head lookup per chain and one INSERT per few hundred entries (an import batch's releases)."""
    if not items:
        return []
    entries = []
    with transaction.atomic():
        lock()
        heads: dict[int, tuple[int, str]] = {}
        for item in items:
            chain = chain_of(item["mission_id"])
            if chain not in heads:
                last = LedgerEntry.objects.filter(chain=chain).order_by("-sequence").values_list(
                    "sequence", "entry_sha256").first()
                heads[chain] = last if last else (0, canonical.GENESIS)
            sequence, previous = heads[chain]
            sequence += 1
            text = canonical.canonical(item["payload"])
            entry = LedgerEntry(chain=chain, sequence=sequence, time=timezone.now(), kind=item["kind"],
                                actor=item["actor"][:150], mission_id=item["mission_id"] or None,
                                payload=text.decode(), payload_sha256=canonical.sha256(text),
                                previous_sha256=previous, last_change_id=item.get("last_change_id"))
            entry.entry_sha256 = canonical.entry_hash(
                sequence=sequence, chain=chain, time=entry.time, kind=entry.kind, actor=entry.actor,
                payload_sha256=entry.payload_sha256, previous_sha256=previous)
            heads[chain] = (sequence, entry.entry_sha256)
            entries.append(entry)
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            LedgerEntry.objects.bulk_create(entries, batch_size=_INSERT_BATCH)
    return entries
