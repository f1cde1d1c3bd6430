from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Missions, organisations, memberships, the domain base model and the change log."""

    name = "peaceops.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
