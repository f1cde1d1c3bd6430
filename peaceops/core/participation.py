"""Organisations taking part in missions (`Participation`), and whose participations a user administers.

The rule: a user administers organisation O's participation in mission M when they hold a role giving
mission.manage_roles in M on behalf of the participation's `administered_by` organisation (usually O itself),
or are a superuser. Only the administrator of O's participation in M grants or revokes memberships of O in M.
"""

from django.db.models import QuerySet

from .access import access_profile, current_memberships
from .models import Organisation, Participation, RolePermission
from .permissions import Permission


def participants(mission) -> QuerySet:
    """The organisations taking part in the mission, by code."""
    mission_id = getattr(mission, "pk", mission)
    return Organisation.objects.filter(participations__mission_id=mission_id).order_by("code")


def takes_part(mission, organisation) -> bool:
    """Whether the organisation takes part in the mission."""
    return Participation.objects.filter(mission_id=getattr(mission, "pk", mission),
                                        organisation_id=getattr(organisation, "pk", organisation)).exists()


def missions_of(organisation) -> set[int]:
    """Ids of the missions the organisation takes part in."""
    return set(Participation.objects.filter(organisation=organisation).values_list("mission_id", flat=True))


def administered_participations(user) -> set[tuple[int, int]] | None:
    """(mission id, organisation id) of every participation the user administers; None: all (superuser)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    managing_roles = RolePermission.objects.filter(permission=Permission.MISSION_MANAGE_ROLES).values("role")
    on_behalf = set(current_memberships(user).filter(role__in=managing_roles)
                    .values_list("mission_id", "organisation_id"))
    if not on_behalf:
        return set()
    rows = Participation.objects.filter(mission_id__in={m for m, _ in on_behalf}).values_list(
        "mission_id", "organisation_id", "administered_by_id")
    return {(m, o) for m, o, by in rows if (m, by) in on_behalf}


def administers(user, mission, organisation) -> bool:
    """Whether the user administers the organisation's participation in the mission."""
    pairs = administered_participations(user)
    return pairs is None or (getattr(mission, "pk", mission), getattr(organisation, "pk", organisation)) in pairs


def administered_organisations(user, mission) -> QuerySet:
    """The organisations whose participation in the mission the user administers (what "Grant a role" offers)."""
    pairs = administered_participations(user)
    if pairs is None:
        return participants(mission)
    mission_id = getattr(mission, "pk", mission)
    return Organisation.objects.filter(pk__in={o for m, o in pairs if m == mission_id}).order_by("code")


def is_mission_admin(user) -> bool:
    """Holds mission.administer in any mission, or superuser: may use the Django admin."""
    profile = access_profile(user)
    return profile.superuser or bool(profile.missions_with(Permission.MISSION_ADMINISTER))
