from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Community alerts (issue 14): from a villager's SMS or the public page to an alert the watch triages."""

    name = "peaceops.alerts"
    label = "alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.messaging.hooks import inbound_received

        from . import exports, intake, layer, releasable, search  # noqa: F401 - the COP layer and the one search

        inbound_received.connect(intake.alert_from_sms, dispatch_uid="peaceops.alerts.alert_from_sms")
        intake.register_schedule()  # the worker's sweep reads alerts stored before a crash
        exports.register()  # export-records alerts.alert (CSV, HXL) and alerts.focalpoint
        releasable.register()  # partner feeds and sharing read alerts through the registry
