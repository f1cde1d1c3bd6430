from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Community alerts (issue 14): from a villager's SMS or the public page to an alert the watch triages."""

    name = "peaceops.alerts"
    label = "alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from peaceops.core.models import Mission, Organisation, Participation
        from peaceops.messaging.hooks import inbound_received

        from . import intake
        from .models import AlertSettings
        from .services import forget_intake

        inbound_received.connect(intake.alert_from_sms, dispatch_uid="peaceops.alerts.alert_from_sms")
        for model in (Mission, Organisation, Participation, AlertSettings):  # what the intake keeps in memory
            for signal in (post_save, post_delete):
                signal.connect(forget_intake, sender=model, dispatch_uid=f"peaceops.alerts.forget_intake.{model.__name__}")
        intake.register_schedule()  # the worker's sweep reads alerts stored before a crash
