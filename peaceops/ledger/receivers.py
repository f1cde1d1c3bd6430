"""What the ledger seals when core says so (the hooks of `peaceops.core.hooks`), connected in
`LedgerConfig.ready()` so every process (web, commands, tests) seals alike."""

from .services import record_changes, record_refusal


def seal_changes(sender, **kwargs) -> None:
    """`changes_logged`: cover the change-log entries this transaction wrote (in its transaction)."""
    record_changes()


def seal_refusal(sender, *, acting_user, mission_id, action, target, reason, **kwargs) -> None:
    """`action_refused`: write the refusal entry in the mission's chain (in the sender's transaction)."""
    record_refusal(user=acting_user, mission_id=mission_id, action=action, target=target, reason=reason)
