"""The ledger: one hash chain per mission (and one for installation-wide records), append-only.

Each entry carries the SHA-256 of the entry before it in its chain, so changing, removing or reordering any
entry breaks every link after it (see `canonical` for exactly what is hashed). Database triggers refuse
UPDATE and DELETE of entries (`triggers`); the application has no path that edits them.
"""

from django.db import models

from peaceops.core.models import Mission

from .choices import LedgerKind


class LedgerEntry(models.Model):
    """One link of a chain: what happened (kind, actor, payload) and the hashes that tie it to its chain."""

    id = models.BigAutoField(primary_key=True)
    chain = models.BigIntegerField(help_text="Mission id; 0 for the installation-wide chain")
    sequence = models.PositiveBigIntegerField(help_text="Position in the chain, from 1, without gaps")
    time = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=LedgerKind.choices)
    actor = models.CharField(max_length=150, help_text="User name, or 'system'")
    mission = models.ForeignKey(Mission, null=True, blank=True, on_delete=models.DO_NOTHING,
                                db_constraint=False, related_name="+")
    payload = models.TextField(help_text="Canonical JSON (see peaceops.ledger.canonical)")
    payload_sha256 = models.CharField(max_length=64)
    previous_sha256 = models.CharField(max_length=64)
    entry_sha256 = models.CharField(max_length=64)
    last_change_id = models.BigIntegerField(
        null=True, blank=True, db_index=True,
        help_text="Highest change-log entry id the payload covers (bookkeeping for the next append)",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "sequence"], name="ledger_chain_sequence")]
        ordering = ["chain", "sequence"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.chain}:{self.sequence} {self.kind}"
