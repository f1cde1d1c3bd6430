"""The force registry's permission codes, registered with the core registry (found by `registry.discover()`).

Who is deployed where is the mission's common knowledge: every member reads contingents, units and the UN's
contribution figures (STRICTLY CONFIDENTIAL ones with need-to-know, as for incidents). Force and police
generation and personnel staff keep them: by default the mission administrators, who give `force.*.add` and
`.change` to whom they name."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, registry

SC = {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN}


def _register(model: str, records, strictly_confidential) -> dict:
    return registry.register_record_type(
        "force", model, records=records, actions={"view_strictly_confidential": strictly_confidential},
        roles={"view": ALL_ROLES, "view_strictly_confidential": SC, "add": ADMINISTRATORS,
               "change": ADMINISTRATORS, "delete": ADMINISTRATORS})


CONTINGENT_CODES = _register("contingent", _("contingents"), _(
    "Also see STRICTLY CONFIDENTIAL contingents owned by or released to one's organisations"))
UNIT_CODES = _register("unit", _("units"), _(
    "Also see STRICTLY CONFIDENTIAL units owned by or released to one's organisations"))
CONTRIBUTION_CODES = _register("contribution", _("contributions of uniformed personnel"), _(
    "Also see STRICTLY CONFIDENTIAL contributions of uniformed personnel owned by or released to one's "
    "organisations"))

#: Setting the mission's yearly gender targets (`force.targets.set_gender_target`): the mission administrators
#: by default; a superuser may give it to another role (a gender adviser's) without the registry's other writes.
GENDER_TARGET_CHANGE = registry.register(
    "force.gender_target.change", _("Set the mission's yearly targets for the share of women in uniform"),
    app="force", roles=ADMINISTRATORS)
