"""What the ledger seals when core says so (the hooks of `peaceops.core.hooks`), connected in
`LedgerConfig.ready()` so every process (web, commands, tests) seals alike."""

from .services import record_changes, record_if_sensitive, record_refusal, record_sensitive_list


def seal_changes(sender, **kwargs) -> None:
    """`changes_logged`: cover the change-log entries this transaction wrote (in its transaction)."""
    record_changes()


def seal_refusal(sender, *, acting_user, mission_id, action, target, reason, **kwargs) -> None:
    """`action_refused`: write the refusal entry in the mission's chain (in the sender's transaction)."""
    record_refusal(user=acting_user, mission_id=mission_id, action=action, target=target, reason=reason)


def seal_shown(sender, *, user, records, via, detail=False, **kwargs) -> None:
    """`records_shown`: seal the STRICTLY CONFIDENTIAL records among those shown (one entry for a record's own
    page or detail; one entry per mission naming them all for records shown together)."""
    if detail:
        for record in records:
            record_if_sensitive(user, record, via=via)
        return
    meta = sender._meta
    record_sensitive_list(user, ((r.pk, r.mission_id, r.classification) for r in records), via=via,
                          object_type=f"{meta.app_label}.{meta.model_name}")
