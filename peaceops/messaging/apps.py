from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """SMS gateways, inbound messages, the outbox and message templates (shared services)."""

    name = "peaceops.messaging"
    label = "messaging"
    verbose_name = _("Messaging")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from peaceops.core.hooks import mission_created

        from .tasks import register_schedule  # the outbox's periodic sweep (peaceops.worker.schedule)
        from .wording import install_on_creation

        register_schedule()
        mission_created.connect(install_on_creation, dispatch_uid="peaceops.messaging.install_wording")
