"""What a user can see and do in one mission, in plain words, with counts taken through `visible_to`.

When someone else looks (a mission administrator), the counts are of incidents both the user and the one
looking can see, so the page never tells an administrator how many records exist that they may not see.
"""

from django.db.models import Count

from peaceops.core.access import access_profile
from peaceops.core.choices import Classification
from peaceops.core.explain import MissionAccessExplained
from peaceops.core.permissions import Permission
from peaceops.incidents.models import Incident


def visible_counts(user, mission, *, looking=None) -> dict[str, int]:
    """Incidents of `mission` that `user` can see, by classification (also visible to `looking`, if given)."""
    incidents = Incident.objects.visible_to(user).filter(mission=mission)
    if looking is not None and looking.pk != user.pk and not looking.is_superuser:
        incidents = incidents.visible_to(looking)
    rows = incidents.order_by().values_list("classification").annotate(n=Count("pk"))
    counts = {level: 0 for level in Classification.values}
    counts.update(dict(rows))
    return counts


def _because(explained: MissionAccessExplained, code: str) -> str:
    roles = explained.sources(code)
    return f"{code} from {', '.join(roles)}" if roles else ""


def sight_lines(user, explained: MissionAccessExplained, *, looking=None) -> list[str]:
    """What the user can see in the mission, one sentence per classification, with counts."""
    code = explained.mission.code
    if access_profile(user).superuser:
        counts = visible_counts(user, explained.mission, looking=looking)
        return [f"Every incident of {code}, as a superuser: {sum(counts.values()):,}"]
    if Permission.INCIDENT_VIEW not in explained.codes:
        return [f"Incidents of {code}: none, because no role gives {Permission.INCIDENT_VIEW}"]
    counts = visible_counts(user, explained.mission, looking=looking)
    orgs = " or ".join(o.code for o in explained.organisations)
    lines = [
        f"PUBLIC incidents of {code}: {counts[Classification.PUBLIC]:,} ({_because(explained, Permission.INCIDENT_VIEW)})",
        f"CONFIDENTIAL incidents of {code} owned by or released to {orgs}: {counts[Classification.CONFIDENTIAL]:,}",
    ]
    if Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL in explained.codes:
        lines.append(f"STRICTLY CONFIDENTIAL incidents of {code} owned by or released to {orgs}: "
                     f"{counts[Classification.STRICTLY_CONFIDENTIAL]:,} "
                     f"({_because(explained, Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL)})")
    else:
        lines.append(f"STRICTLY CONFIDENTIAL: none, because no role gives "
                     f"{Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL}")
    return lines


def ability_lines(user, explained: MissionAccessExplained) -> list[str]:
    """What the user can do in the mission, one sentence each, naming the permission and its roles."""
    code = explained.mission.code
    if access_profile(user).superuser:
        return [f"Everything in {code}, as a superuser"]
    held = explained.codes
    orgs = ", ".join(o.code for o in explained.organisations)

    def can(permission: str, yes: str, no: str) -> str:
        return f"{yes} ({_because(explained, permission)})" if permission in held else f"{no}: no role gives {permission}"

    lines = [can(Permission.INCIDENT_REPORT, f"Can report incidents on behalf of {orgs}", "Cannot report incidents")]
    for verb, any_code, own_code in (("edit", Permission.INCIDENT_EDIT_ANY, Permission.INCIDENT_EDIT_OWN_ORG),
                                     ("delete", Permission.INCIDENT_DELETE_ANY, Permission.INCIDENT_DELETE_OWN_ORG)):
        if any_code in held:
            lines.append(f"Can {verb} any incident of {code} they can see ({_because(explained, any_code)})")
        else:
            lines.append(can(own_code, f"Can {verb} incidents owned by {orgs}", f"Cannot {verb} incidents"))
    lines.append(can(Permission.SHARING_RELEASE, f"Can release records of {orgs} to other organisations",
                     "Cannot release records to other organisations"))
    lines.append(can(Permission.MISSION_MANAGE_ROLES, f"Can grant and revoke roles in {code}",
                     "Cannot grant or revoke roles"))
    lines.append(can(Permission.MISSION_ADMINISTER, f"Can use the administration pages for {code}",
                     "Cannot use the administration pages"))
    return lines
