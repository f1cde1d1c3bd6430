"""The permission catalogue: every permission code PeaceOps checks, what it allows, and the defaults.

Which role gives which permission is data (`core.RolePermission`, edited by superusers in the admin); this
module only names the codes the code checks. A new permission is added here, checked through
`AccessProfile.has_perm(mission_id, code)`, and given to roles by a data migration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Role


class Permission(models.TextChoices):
    """What a role may allow in a mission. The label says it in plain words."""

    INCIDENT_VIEW = "incident.view", _("See PUBLIC incidents of the mission, and CONFIDENTIAL ones owned by or released to one's organisations")
    INCIDENT_VIEW_STRICTLY_CONFIDENTIAL = "incident.view_strictly_confidential", _("Also see STRICTLY CONFIDENTIAL incidents owned by or released to one's organisations")
    INCIDENT_REPORT = "incident.report", _("Report (create) and import incidents on behalf of one's organisations")
    INCIDENT_EDIT_OWN_ORG = "incident.edit_own_org", _("Edit incidents owned by one's organisations")
    INCIDENT_DELETE_OWN_ORG = "incident.delete_own_org", _("Delete incidents owned by one's organisations")
    INCIDENT_EDIT_ANY = "incident.edit_any", _("Edit any incident of the mission one can see")
    INCIDENT_DELETE_ANY = "incident.delete_any", _("Delete any incident of the mission one can see")
    SHARING_RELEASE = "sharing.release", _("Release records of one's organisations to other organisations")
    PARTNERS_VIEW = "partners.view", _("See the mission's partner organisations and what is released to them")
    MISSION_ADMINISTER = "mission.administer", _("Use the administration pages for the mission's reference data")
    MISSION_MANAGE_ROLES = "mission.manage_roles", _("Grant and revoke roles in the mission, and see any member's access")


_VIEW = {Permission.INCIDENT_VIEW, Permission.PARTNERS_VIEW}
_REPORT = _VIEW | {Permission.INCIDENT_REPORT, Permission.INCIDENT_EDIT_OWN_ORG, Permission.SHARING_RELEASE}

#: The permissions each role had when they were hard-coded sets (REPORTING_ROLES, DELETING_ROLES,
#: STRICTLY_CONFIDENTIAL_ROLES, and the mission administrator's overrides). Migration core 0002 seeds
#: RolePermission with a frozen copy of this; after that the table decides.
DEFAULT_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset(_VIEW),
    Role.REPORTER: frozenset(_REPORT),
    Role.ANALYST: frozenset(_REPORT),
    Role.WATCH_OFFICER: frozenset(_REPORT | {Permission.INCIDENT_DELETE_OWN_ORG}),
    Role.MISSION_ADMIN: frozenset(set(Permission.values)),
    Role.STRICTLY_CONFIDENTIAL_READER: frozenset(_VIEW | {Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL}),
}
