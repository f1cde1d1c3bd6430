"""The analytics permission code, registered with the core registry (found by `registry.discover()`):
`analytics.view` opens the analysts' pages (trends, what changed, hotspots, and the analytics menu that leads
to them and to the risk and external forecasts). By default analysts, watch officers and mission
administrators hold it. What the pages show is still only what the user may see (`visible_to(user)`): the
permission opens the pages, not the records."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import registry

ANALYTICS_VIEW = "analytics.view"
#: The roles holding `analytics.view` by default (migration 0004 grants it to them in existing databases).
ANALYST_ROLES = frozenset({Role.ANALYST, Role.WATCH_OFFICER, Role.MISSION_ADMIN})

registry.register(ANALYTICS_VIEW, _("Use the analytics pages: trends, what changed, hotspots and forecasts "
                                    "(computed from the incidents one may see)"),
                  app="analytics", roles=ANALYST_ROLES)
