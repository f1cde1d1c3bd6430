from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The tamper-evident ledger: a hash chain over the change log, confidential views, exports and sharing."""

    name = "peaceops.ledger"
    label = "ledger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from peaceops.core.hooks import action_refused, changes_logged, records_shown

        from . import receivers

        changes_logged.connect(receivers.seal_changes, dispatch_uid="peaceops.ledger.seal_changes")
        action_refused.connect(receivers.seal_refusal, dispatch_uid="peaceops.ledger.seal_refusal")
        records_shown.connect(receivers.seal_shown, dispatch_uid="peaceops.ledger.seal_shown")

        from .tasks import register_schedule  # the app's periodic tasks (peaceops.worker.schedule)

        register_schedule()
