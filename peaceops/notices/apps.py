"""Telling users: in-app notifications (the header's bell, `/notifications/`) and, through messaging's outbox,
e-mail and SMS; and alert rules (`/subscriptions/`), which tell users of new records like the ones they chose.
A shared service: any app notifies a user with `notify`."""
from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """In-app notifications and what users subscribe to be told."""

    name = "peaceops.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.core.hooks import break_glass_opened, records_created

        from . import break_glass, rules

        # Alert rules: new records of every record type registered with the kit's FilterSet registry.
        records_created.connect(rules.on_records_created, dispatch_uid="peaceops.notices.rules")
        # Break-glass accesses to need-to-know records: their assignees and owner are told.
        break_glass_opened.connect(break_glass.on_break_glass_opened, dispatch_uid="peaceops.notices.break_glass")
