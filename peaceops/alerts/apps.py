from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Community alerts (issue 14): from a villager's SMS or the public page to an alert the watch triages."""

    name = "peaceops.alerts"
    label = "alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.messaging.hooks import inbound_received

        from . import intake, reprioritise

        inbound_received.connect(intake.alert_from_sms, dispatch_uid="peaceops.alerts.alert_from_sms")
        intake.register_schedule()  # the worker's sweep reads alerts stored before a crash
        reprioritise.register_schedule()  # open alerts' priorities rise with their age
