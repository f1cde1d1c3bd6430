"""Refused administrative actions: each one is written to the tamper-evident ledger (kind "refusal", in the
mission's chain) with who tried what on which object and why it was refused.

Call `record_refusal` where the refusal is decided and outside any transaction that the refusal rolls back
(the role services check before they open theirs; the admin site checks before Django's form transaction).
Core knows no ledger: it sends the `action_refused` hook, which the ledger answers in the same transaction.
"""

from django.db import transaction

from .hooks import action_refused


def record_refusal(acting_user, *, action: str, target: str, reason: str, mission_id: int | None = None) -> None:
    """Write one refusal to the ledger: `action` what was tried (e.g. "grant_role"), `target` on what
    (e.g. "user kfor-x in UNMIK for KFOR"), `reason` the refusal shown to the user."""
    with transaction.atomic():
        action_refused.send(sender=None, acting_user=acting_user, mission_id=mission_id, action=action,
                            target=target[:300], reason=reason[:500])
