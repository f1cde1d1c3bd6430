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

        from peaceops.core.kit.filtering import register_filterset

        from .filters import SiteFilter
        from .models import Site

        register_filterset(Site, SiteFilter, detail_url="sites:detail")  # alert rules filter sites
