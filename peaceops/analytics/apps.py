from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "peaceops.analytics"
    label = "analytics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .tasks import register_schedule  # the app's periodic tasks (peaceops.worker.schedule)

        register_schedule()

        from peaceops.alerts.priority import register_vulnerability

        from . import coverage_layer  # noqa: F401 - the COP layer "Where we are not looking"
        from .alert_vulnerability import alert_vulnerability

        register_vulnerability(alert_vulnerability)  # incidents near an alert and its unit's latest forecast
