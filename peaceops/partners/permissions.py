"""Who may look at what an organisation receives (its partner view and its feed).

Members of the organisation in the mission (any role); mission administrators; watch officers of a UN
component of the mission (the owner side, checking what the mission shares); superusers.
"""

from peaceops.core.access import access_profile
from peaceops.core.choices import OrganisationType, Role
from peaceops.core.models import Organisation


def may_view_partner(user, mission, organisation) -> bool:
    """Whether `user` may see what `organisation` receives in `mission`."""
    profile = access_profile(user)
    if profile.superuser:
        return True
    access = profile.in_mission(mission.pk)
    if access is None:
        return False
    if organisation.pk in access.organisation_ids or Role.MISSION_ADMIN in access.roles:
        return True
    if Role.WATCH_OFFICER not in access.roles:
        return False
    return Organisation.objects.filter(
        pk__in=access.organisation_ids, type=OrganisationType.UN_COMPONENT
    ).exists()
