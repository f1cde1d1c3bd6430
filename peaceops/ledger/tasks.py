"""The ledger's background tasks: a daily anchor of every chain that grew since its last anchor (the same
`services.anchor` as `peaceops ledger-anchor`). Idempotent: a chain whose head is already an anchor is left
alone, so a retried or repeated run adds nothing."""

import datetime as dt

from django.db.models import Max

from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

from .choices import LedgerKind
from .models import LedgerEntry
from .services import anchor

#: How often the worker anchors the chains.
ANCHOR_EVERY = dt.timedelta(days=1)


@background_task(max_attempts=3, retry_seconds=60)
def anchor_chains_task() -> list[str]:
    """Anchor each chain (the installation's, each mission's) whose head is not an anchor; returns the heads
    published, as 'chain:sequence:hash'."""
    heads = []
    last = LedgerEntry.objects.values("chain").annotate(sequence=Max("sequence"))
    for row in last.order_by("chain"):
        kind = LedgerEntry.objects.filter(chain=row["chain"], sequence=row["sequence"]).values_list(
            "kind", flat=True).first()
        if kind == LedgerKind.ANCHOR:
            continue
        entry = anchor(mission_id=row["chain"] or None)
        heads.append(f"{entry.chain}:{entry.sequence}:{entry.entry_sha256}")
    return heads


def register_schedule() -> None:
    schedule.register(anchor_chains_task, every=ANCHOR_EVERY, name="ledger.anchor-chains")
