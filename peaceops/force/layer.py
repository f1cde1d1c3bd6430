"""The force registry's COP layer "Units at sites": each unit the user may see, at the site of its deployment
on the time window's last day (today when open), with the deployment's span as its time."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.layers import MapLayer, register_layer
from peaceops.sites.models import Site

from .models import Unit


def deployment_on(unit, day):
    """The unit's deployment current on `day` (start on or before it, no end or end on or after it); the latest
    started when several are."""
    current = [d for d in unit.deployments.all() if d.start <= day and (d.end is None or d.end >= day)]
    return max(current, key=lambda d: d.start) if current else None


def _at_sites(user, units, window):
    day = window.last_day()
    placed = []
    for unit in units:
        unit.deployment = deployment_on(unit, day)
        if unit.deployment is not None:
            placed.append(unit)
    visible_sites = set(Site.objects.visible_to(user).filter(pk__in={u.deployment.site_id for u in placed})
                        .values_list("pk", flat=True))  # a unit is never placed at a site the user may not see
    return [u for u in placed if u.deployment.site_id in visible_sites]


def _geometry(unit) -> dict | None:
    site = unit.deployment.site
    return None if site.lon is None else {"type": "Point", "coordinates": [site.lon, site.lat]}


def _properties(unit) -> dict:
    deployment = unit.deployment
    return {"name": unit.name, "type": unit.get_unit_type_display(), "contingent": unit.contingent.name,
            "country": unit.contingent.country, "strength": deployment.strength, "site": deployment.site.name,
            "start": deployment.start.isoformat(), "end": deployment.end.isoformat() if deployment.end else None,
            "url": reverse("units:detail", args=[unit.pk])}


register_layer(MapLayer(key="units", label=_("Units at sites"), model=Unit, colour="#6a1b9a", symbol="triangle",
                        properties=_properties, geometry=_geometry, select=_at_sites, related=("contingent",),
                        prefetch=("deployments__site",)))
