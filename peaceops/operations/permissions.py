"""The operations' permission codes, registered with the core registry (found by `registry.discover()`).

Patrols are the mission's own work: every member reads them (STRICTLY CONFIDENTIAL ones with need-to-know, as
for incidents; a partner reads the joint patrols released to it). Field officers and patrol leaders (reporters),
the watch and analysts plan, run and report them and keep checkpoint logs; the mission's administrators delete.
Saved routes are kept by the same people."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, REPORTING_ROLES, registry

SC = {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN}


def _register(model: str, records, strictly_confidential) -> dict:
    return registry.register_record_type(
        "operations", model, records=records, actions={"view_strictly_confidential": strictly_confidential},
        roles={"view": ALL_ROLES, "view_strictly_confidential": SC, "add": REPORTING_ROLES,
               "change": REPORTING_ROLES, "delete": ADMINISTRATORS})


PATROL_CODES = _register("patrol", _("patrols"), _(
    "Also see STRICTLY CONFIDENTIAL patrols owned by or released to one's organisations"))
ROUTE_CODES = _register("patrolroute", _("patrol routes"), _(
    "Also see STRICTLY CONFIDENTIAL patrol routes owned by or released to one's organisations"))
SHIFT_CODES = _register("checkpointshift", _("checkpoint shifts"), _(
    "Also see STRICTLY CONFIDENTIAL checkpoint shifts owned by or released to one's organisations"))
