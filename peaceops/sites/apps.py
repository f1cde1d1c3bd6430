from django.apps import AppConfig
from django.db.models.signals import post_migrate

#: Who holds the sites permissions by default: the roles holding the code each is like (migration 0002).
GRANTS = {"sites.site.view": "incident.view", "sites.site.add": "mission.administer",
          "sites.site.change": "mission.administer", "sites.site.delete": "mission.administer"}


class SitesConfig(AppConfig):
    """Deployment sites, the kit's second record type."""

    name = "peaceops.sites"
    label = "sites"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peaceops.core.kit.permissions import default_grants

        from . import formats, layer  # noqa: F401 - register the geo-pko format and the COP layer

        post_migrate.connect(default_grants(GRANTS), sender=self, dispatch_uid="sites-default-grants", weak=False)
