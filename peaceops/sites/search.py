"""Deployment sites in the one search (`peaceops.core.kit.search`): found by their source id (exactly), name
or place name; by name within a rank. Their notes are withheld from partners, so they are not searched."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.search import Searchable, register_search

from .models import Site


def _summary(site) -> str:
    return " · ".join(part for part in (site.get_site_type_display(), site.location_name, site.mission.code)
                      if part)


register_search(Searchable(
    key="sites", label=_("Deployment sites"), model=Site, ids=("source_id",), titles=("name",),
    texts=("location_name",), order=("name", "id"), url=lambda site: reverse("sites:detail", args=[site.pk]),
    summary=_summary, scopes=("sites:read", "sites:write"), select_related=("mission",)))
