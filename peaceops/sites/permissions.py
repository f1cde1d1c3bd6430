"""The sites' permission codes, registered with the core registry (found by `registry.discover()`): everyone
who sees the mission's records sees its sites (STRICTLY CONFIDENTIAL ones with need-to-know, as for incidents);
its administrators add, change and delete them."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, registry

SITE_CODES = registry.register_record_type(
    "sites", "site", records=_("deployment sites"),
    actions={"view_strictly_confidential": _("Also see STRICTLY CONFIDENTIAL deployment sites owned by or "
                                             "released to one's organisations")},
    roles={"view": ALL_ROLES, "view_strictly_confidential": {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN},
           "add": ADMINISTRATORS, "change": ADMINISTRATORS, "delete": ADMINISTRATORS},
)
