from django.apps import AppConfig


class SitesConfig(AppConfig):
    """Deployment sites, the kit's second record type."""

    name = "peaceops.sites"
    label = "sites"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import formats, layer, releasable  # noqa: F401 - register the geo-pko format and the COP layer

        releasable.register()  # partner feeds and sharing read sites through the registry
