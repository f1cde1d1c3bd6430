from django.apps import AppConfig


class SitesConfig(AppConfig):
    """Deployment sites, the kit's second record type."""

    name = "peaceops.sites"
    label = "sites"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import formats, layer  # noqa: F401 - register the geo-pko format and the COP layer
        from .permissions import install_default_grants

        post_migrate.connect(install_default_grants, sender=self, dispatch_uid="sites-default-grants")
