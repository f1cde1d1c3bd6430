"""Who a user is in each mission: organisations and roles, resolved once and cached on the user object.

`visible_to()` and the permission checks read this profile; nothing else queries memberships.
"""

from dataclasses import dataclass, field

from .choices import DELETING_ROLES, REPORTING_ROLES, STRICTLY_CONFIDENTIAL_ROLES, Role


@dataclass(frozen=True)
class MissionAccess:
    """A user's organisations and roles in one mission."""

    mission_id: int
    organisation_ids: frozenset[int]
    roles: frozenset[str]

    @property
    def strictly_confidential(self) -> bool:
        return bool(self.roles & STRICTLY_CONFIDENTIAL_ROLES)

    def has_any(self, roles) -> bool:
        return bool(self.roles & set(roles))


@dataclass(frozen=True)
class AccessProfile:
    """Every mission a user belongs to, with what they are there. Superusers see everything."""

    superuser: bool = False
    missions: dict[int, MissionAccess] = field(default_factory=dict)

    def in_mission(self, mission_id: int) -> MissionAccess | None:
        return self.missions.get(mission_id)

    def can_report(self, mission_id: int) -> bool:
        access = self.in_mission(mission_id)
        return self.superuser or bool(access and access.has_any(REPORTING_ROLES))

    def can_edit(self, mission_id: int, owner_id: int) -> bool:
        """Edit: reporting roles of the owning organisation, or the mission administrator."""
        access = self.in_mission(mission_id)
        if self.superuser:
            return True
        if not access:
            return False
        if Role.MISSION_ADMIN in access.roles:
            return True
        return owner_id in access.organisation_ids and access.has_any(REPORTING_ROLES)

    def can_delete(self, mission_id: int, owner_id: int) -> bool:
        access = self.in_mission(mission_id)
        if self.superuser:
            return True
        if not access:
            return False
        if Role.MISSION_ADMIN in access.roles:
            return True
        return owner_id in access.organisation_ids and access.has_any(DELETING_ROLES)

    def organisations_for(self, mission_id: int) -> frozenset[int]:
        access = self.in_mission(mission_id)
        return access.organisation_ids if access else frozenset()


_CACHE_ATTR = "_peaceops_access_profile"


def access_profile(user) -> AccessProfile:
    """The user's access profile, read from the database once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return AccessProfile()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import Membership

    orgs: dict[int, set[int]] = {}
    roles: dict[int, set[str]] = {}
    for mission_id, org_id, role in Membership.objects.filter(user=user).values_list(
        "mission_id", "organisation_id", "role"
    ):
        orgs.setdefault(mission_id, set()).add(org_id)
        roles.setdefault(mission_id, set()).add(role)
    profile = AccessProfile(
        superuser=user.is_superuser,
        missions={
            m: MissionAccess(mission_id=m, organisation_ids=frozenset(orgs[m]), roles=frozenset(roles[m]))
            for m in orgs
        },
    )
    setattr(user, _CACHE_ATTR, profile)
    return profile


def forget_access_profile(user) -> None:
    """Drop the cached profile (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
