"""The partners' permission codes (registered with the core registry, found by `registry.discover()`), and who
may look at what an organisation receives (its partner view and its feed).

Members of the organisation in the mission (any role); holders of `partners.view_any` (by default mission
administrators); holders of `partners.view_as_component` acting for a UN component of the mission (by default
watch officers: the owner side, checking what the mission shares); superusers.
"""

from django.utils.translation import gettext_lazy as _

from peaceops.core.access import access_profile
from peaceops.core.choices import OrganisationType, Role
from peaceops.core.models import Organisation
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, Permission, registry

registry.register(Permission.PARTNERS_VIEW,
                  _("See the mission's partner organisations and what is released to them"),
                  app="partners", roles=ALL_ROLES)
registry.register(Permission.PARTNERS_READ_WHOLE,
                  _("Read every record of the mission whole: sources' references, witnesses and victims' names "
                    "(otherwise withheld from non-owners)"), app="partners", roles=ADMINISTRATORS)
registry.register(Permission.PARTNERS_VIEW_ANY, _("See what any organisation of the mission receives"),
                  app="partners", roles=ADMINISTRATORS)
registry.register(Permission.PARTNERS_VIEW_AS_COMPONENT,
                  _("See what any organisation of the mission receives, when acting for a UN component of it"),
                  app="partners", roles={Role.WATCH_OFFICER})


def may_view_partner(user, mission, organisation) -> bool:
    """Whether `user` may see what `organisation` receives in `mission`."""
    profile = access_profile(user)
    if profile.superuser:
        return True
    access = profile.in_mission(mission.pk)
    if access is None:
        return False
    if organisation.pk in access.organisation_ids or access.has(Permission.PARTNERS_VIEW_ANY):
        return True
    if not access.has(Permission.PARTNERS_VIEW_AS_COMPONENT):
        return False
    return Organisation.objects.filter(
        pk__in=access.organisation_ids, type=OrganisationType.UN_COMPONENT
    ).exists()
