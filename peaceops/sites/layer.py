"""The sites layer of the COP: every site the user may see in the mission, as a small round symbol."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.layers import MapLayer, register_layer

from .models import Site


def _properties(site) -> dict:
    latest = site.latest_year()
    return {"name": site.name, "type": site.get_site_type_display(), "troops": latest.troops if latest else None,
            "year": latest.year if latest else None, "url": reverse("sites:detail", args=[site.pk])}


register_layer(MapLayer(key="sites", label=_("Deployment sites"), model=Site, colour="#1f3a93",
                        properties=_properties, prefetch=("years",)))
