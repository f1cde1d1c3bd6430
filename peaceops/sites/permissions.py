"""The sites' permission codes, registered with the core registry (found by `registry.discover()`): everyone
who sees the mission's records sees its sites; its administrators add, change and delete them."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, registry

SITE_CODES = registry.register_record_type(
    "sites", "site", records=_("deployment sites"),
    roles={"view": ALL_ROLES, "add": ADMINISTRATORS, "change": ADMINISTRATORS, "delete": ADMINISTRATORS},
)
