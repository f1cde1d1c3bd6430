from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "peaceops.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_models  # noqa: F401  (registers the reference data on the mission admin site)
