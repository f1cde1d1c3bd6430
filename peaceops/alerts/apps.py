from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Community alerts (issue 14): what a villager's SMS says, read into a place, a category and a language."""

    name = "peaceops.alerts"
    label = "alerts"
    default_auto_field = "django.db.models.BigAutoField"
