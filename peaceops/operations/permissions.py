"""The operations' permission codes, registered with the core registry (found by `registry.discover()`).

Patrols are the mission's own work: every member reads them (STRICTLY CONFIDENTIAL ones with need-to-know, as
for incidents; a partner reads the joint patrols released to it). Field officers and patrol leaders (reporters),
the watch and analysts plan, run and report them and keep checkpoint logs; the mission's administrators delete.
Saved routes are kept by the same people."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, REPORTING_ROLES, registry

SC = {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN}


def _register(model: str, records, strictly_confidential, own, any_) -> dict:
    """A record type's codes. Changes are owner-scoped (as incidents'): a partner's reporter, who reads the
    joint patrol released to it, neither edits nor re-releases the owner's record (`change_own_org`); the
    mission's administrators change any (`change_any`)."""
    return registry.register_record_type(
        "operations", model, records=records, standard=("view", "add", "delete"),
        actions={"view_strictly_confidential": strictly_confidential,
                 "change_own_org": own, "change_any": any_},
        roles={"view": ALL_ROLES, "view_strictly_confidential": SC, "add": REPORTING_ROLES,
               "change_own_org": REPORTING_ROLES, "change_any": ADMINISTRATORS, "delete": ADMINISTRATORS})


PATROL_CODES = _register("patrol", _("patrols"), _(
    "Also see STRICTLY CONFIDENTIAL patrols owned by or released to one's organisations"),
    _("Change and release patrols owned by one's organisations"),
    _("Change and release any patrol of the mission one can see"))
ROUTE_CODES = _register("patrolroute", _("patrol routes"), _(
    "Also see STRICTLY CONFIDENTIAL patrol routes owned by or released to one's organisations"),
    _("Change and release patrol routes owned by one's organisations"),
    _("Change and release any patrol route of the mission one can see"))
SHIFT_CODES = _register("checkpointshift", _("checkpoint shifts"), _(
    "Also see STRICTLY CONFIDENTIAL checkpoint shifts owned by or released to one's organisations"),
    _("Change and release checkpoint shifts owned by one's organisations"),
    _("Change and release any checkpoint shift of the mission one can see"))
