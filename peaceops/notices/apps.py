from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """In-app notifications and what users subscribe to be told."""

    name = "peaceops.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"
