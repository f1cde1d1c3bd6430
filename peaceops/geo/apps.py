from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "peaceops.geo"
    label = "geo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from peaceops.core.kit.mixins import install_locator

        from .locate import locate_records

        install_locator(locate_records)
