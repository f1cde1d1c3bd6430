"""What a user can see and do in one mission, in plain words, with counts taken through `visible_to`.

When someone else looks (a mission administrator), the counts are of incidents both the user and the one
looking can see, so the page never tells an administrator how many records exist that they may not see.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

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
    return _("%(code)s from %(roles)s") % {"code": code, "roles": ", ".join(roles)} if roles else ""


def sight_lines(user, explained: MissionAccessExplained, *, looking=None) -> list[str]:
    """What the user can see in the mission, one sentence per classification, with counts."""
    code = explained.mission.code
    if access_profile(user).superuser:
        counts = visible_counts(user, explained.mission, looking=looking)
        return [_("Every incident of %(mission)s, as a superuser: %(n)s") % {
            "mission": code, "n": f"{sum(counts.values()):,}"}]
    if Permission.INCIDENT_VIEW not in explained.codes:
        return [_("Incidents of %(mission)s: none, because no role gives %(code)s") % {
            "mission": code, "code": Permission.INCIDENT_VIEW}]
    counts = visible_counts(user, explained.mission, looking=looking)
    values = {"mission": code, "orgs": _(" or ").join(o.code for o in explained.organisations)}
    lines = [
        _("PUBLIC incidents of %(mission)s: %(n)s (%(because)s)") % {
            **values, "n": f"{counts[Classification.PUBLIC]:,}",
            "because": _because(explained, Permission.INCIDENT_VIEW)},
        _("CONFIDENTIAL incidents of %(mission)s owned by or released to %(orgs)s: %(n)s") % {
            **values, "n": f"{counts[Classification.CONFIDENTIAL]:,}"},
    ]
    if Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL in explained.codes:
        lines.append(_("STRICTLY CONFIDENTIAL incidents of %(mission)s owned by or released to %(orgs)s: %(n)s "
                       "(%(because)s)") % {
            **values, "n": f"{counts[Classification.STRICTLY_CONFIDENTIAL]:,}",
            "because": _because(explained, Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL)})
    else:
        lines.append(_("STRICTLY CONFIDENTIAL: none, because no role gives %(code)s") % {
            "code": Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL})
    return lines


def ability_lines(user, explained: MissionAccessExplained) -> list[str]:
    """What the user can do in the mission, one sentence each, naming the permission and its roles."""
    code = explained.mission.code
    if access_profile(user).superuser:
        return [_("Everything in %(mission)s, as a superuser") % {"mission": code}]
    held = explained.codes
    values = {"mission": code, "orgs": ", ".join(o.code for o in explained.organisations)}

    def can(permission: str, yes: str, no: str) -> str:
        if permission in held:
            return f"{yes % values} ({_because(explained, permission)})"
        return _("%(no)s: no role gives %(code)s") % {"no": no % values, "code": permission}

    lines = [can(Permission.INCIDENT_REPORT, _("Can report incidents on behalf of %(orgs)s"),
                 _("Cannot report incidents"))]
    edit = (_("Can edit any incident of %(mission)s they can see"), Permission.INCIDENT_EDIT_ANY,
            Permission.INCIDENT_EDIT_OWN_ORG, _("Can edit incidents owned by %(orgs)s"), _("Cannot edit incidents"))
    delete = (_("Can delete any incident of %(mission)s they can see"), Permission.INCIDENT_DELETE_ANY,
              Permission.INCIDENT_DELETE_OWN_ORG, _("Can delete incidents owned by %(orgs)s"),
              _("Cannot delete incidents"))
    for any_text, any_code, own_code, own_text, no_text in (edit, delete):
        if any_code in held:
            lines.append(f"{any_text % values} ({_because(explained, any_code)})")
        else:
            lines.append(can(own_code, own_text, no_text))
    lines.append(can(Permission.SHARING_RELEASE, _("Can release records of %(orgs)s to other organisations"),
                     _("Cannot release records to other organisations")))
    lines.append(can(Permission.MISSION_MANAGE_ROLES, _("Can grant and revoke roles in %(mission)s"),
                     _("Cannot grant or revoke roles")))
    lines.append(can(Permission.MISSION_ADMINISTER, _("Can use the administration pages for %(mission)s"),
                     _("Cannot use the administration pages")))
    return lines
