from django.apps import AppConfig


class SitesConfig(AppConfig):
    """Deployment sites, the kit's second record type."""

    name = "peaceops.sites"
    label = "sites"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import formats, layer, places, releasable, search  # noqa: F401 - register the geo-pko format, the COP layer, the search

        releasable.register()  # partner feeds and sharing read sites through the registry
        places.register()  # the place search finds sites, the nearest-place lookup names points after them
