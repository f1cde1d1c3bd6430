"""The incidents' permission codes, registered with the core registry (found by `registry.discover()`)."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, REPORTING_ROLES, registry

INCIDENT_CODES = registry.register_record_type(
    "incidents", "incident", records=_("incidents"), standard=("view", "add"),
    actions={
        "view": _("See PUBLIC incidents of the mission, and CONFIDENTIAL ones owned by or released to one's "
                  "organisations"),
        "view_strictly_confidential": _("Also see STRICTLY CONFIDENTIAL incidents owned by or released to one's "
                                        "organisations"),
        "add": _("Report (create) and import incidents on behalf of one's organisations"),
        "change_own_org": _("Edit incidents owned by one's organisations"),
        "delete_own_org": _("Delete incidents owned by one's organisations"),
        "change_any": _("Edit any incident of the mission one can see"),
        "delete_any": _("Delete any incident of the mission one can see"),
    },
    roles={
        "view": ALL_ROLES,
        "view_strictly_confidential": {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN},
        "add": REPORTING_ROLES,
        "change_own_org": REPORTING_ROLES,
        "delete_own_org": {Role.WATCH_OFFICER, Role.MISSION_ADMIN},
        "change_any": ADMINISTRATORS,
        "delete_any": ADMINISTRATORS,
    },
)
