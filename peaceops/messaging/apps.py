from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """SMS gateways, inbound messages, the outbox and message templates (shared services)."""

    name = "peaceops.messaging"
    label = "messaging"
    verbose_name = _("Messaging")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .tasks import register_schedule  # the outbox's periodic sweep (peaceops.worker.schedule)

        register_schedule()
