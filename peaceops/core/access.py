"""Who a user is in each mission: organisations, roles and the permissions those roles give, resolved once
and cached on the user object (so once per request: each request loads its own user).

`visible_to()` and the permission checks read this profile; nothing else queries memberships. Which role
gives which permission is data (`RolePermission`); the profile reads it in the same single query as the
memberships, so a change to either takes effect on the user's next request.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from .permissions import Permission, record_code, registry


@dataclass(frozen=True)
class MissionAccess:
    """A user's organisations, roles and permissions in one mission."""

    mission_id: int
    organisation_ids: frozenset[int]
    roles: frozenset[str]
    permissions: frozenset[str] = frozenset()

    def has(self, code: str) -> bool:
        return code in self.permissions

    def may(self, model, action: str) -> bool:
        """Whether their roles give `action` on the record type `model` here."""
        return self.has(record_code(model, action))

    @property
    def strictly_confidential(self) -> bool:
        """Reads STRICTLY CONFIDENTIAL incidents (the rule asks `may(model, "view_strictly_confidential")`)."""
        return self.has(Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL)


@dataclass(frozen=True)
class AccessProfile:
    """Every mission a user belongs to, with what they are there. Superusers may do everything."""

    superuser: bool = False
    missions: dict[int, MissionAccess] = field(default_factory=dict)

    def in_mission(self, mission_id: int) -> MissionAccess | None:
        return self.missions.get(mission_id)

    def has_perm(self, mission_id: int, code: str) -> bool:
        """Whether one of the user's roles in the mission gives the permission `code` (always for superusers)."""
        if self.superuser:
            return True
        access = self.in_mission(mission_id)
        return bool(access and access.has(code))

    def missions_with(self, code: str) -> set[int]:
        """Ids of the missions where the user holds `code` (superusers: only those they are members of)."""
        return {m for m, access in self.missions.items() if self.superuser or access.has(code)}

    def may(self, model, action: str, mission_id: int, owner_id: int | None = None) -> bool:
        """Whether the user may do `action` (add, change, delete...) on a record of type `model` in the mission:
        with `<type>.<action>` or `<type>.<action>_any` on any record there; with `<type>.<action>_own_org` on
        those owned by one of their organisations there (`owner_id`)."""
        if self.has_perm(mission_id, record_code(model, action)) or self.has_perm(
                mission_id, record_code(model, f"{action}_any")):
            return True
        return owner_id is not None and owner_id in self.organisations_for(mission_id) and self.has_perm(
            mission_id, record_code(model, f"{action}_own_org"))

    def can_report(self, mission_id: int) -> bool:
        """Report (create) incidents: incidents.incident.add."""
        return self.has_perm(mission_id, Permission.INCIDENT_REPORT)

    def can_edit(self, mission_id: int, owner_id: int) -> bool:
        """Edit: any incident with incidents.incident.change_any; those of one's organisations with
        incidents.incident.change_own_org."""
        return self.may("incidents.incident", "change", mission_id, owner_id)

    def can_delete(self, mission_id: int, owner_id: int) -> bool:
        """Delete: any with incidents.incident.delete_any; those of one's organisations with
        incidents.incident.delete_own_org."""
        return self.may("incidents.incident", "delete", mission_id, owner_id)

    def organisations_for(self, mission_id: int) -> frozenset[int]:
        access = self.in_mission(mission_id)
        return access.organisation_ids if access else frozenset()


_CACHE_ATTR = "_peaceops_access_profile"


def current_memberships(user):
    """The user's memberships in force now (a temporary role past its end gives nothing)."""
    from .models import Membership

    return Membership.objects.filter(user=user).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))


def access_profile(user) -> AccessProfile:
    """The user's access profile, read from the database (one query) once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return AccessProfile()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    codes = frozenset(registry.codes())
    orgs: dict[int, set[int]] = {}
    roles: dict[int, set[str]] = {}
    perms: dict[int, set[str]] = {}
    for mission_id, org_id, role, code in _memberships_with_grants(user):
        orgs.setdefault(mission_id, set()).add(org_id)
        roles.setdefault(mission_id, set()).add(role)
        granted = perms.setdefault(mission_id, set())
        if code in codes:  # only registered codes count (None: the role gives nothing)
            granted.add(code)
    profile = AccessProfile(
        superuser=user.is_superuser,
        missions={
            m: MissionAccess(mission_id=m, organisation_ids=frozenset(orgs[m]), roles=frozenset(roles[m]),
                             permissions=frozenset(perms[m]))
            for m in orgs
        },
    )
    setattr(user, _CACHE_ATTR, profile)
    return profile


def _memberships_with_grants(user):
    """(mission id, organisation id, role, permission code or None) of each of the user's memberships in force
    with each code its role gives: one query, whatever the number of registered codes (a join of the memberships
    with the roles-as-data table; `current_memberships` says which memberships are in force)."""
    from django.db import connection

    from .models import Membership, RolePermission

    q = connection.ops.quote_name
    membership, grant = q(Membership._meta.db_table), q(RolePermission._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.{q('mission_id')}, m.{q('organisation_id')}, m.{q('role')}, g.{q('permission')} "
            f"FROM {membership} m LEFT JOIN {grant} g ON g.{q('role')} = m.{q('role')} "
            f"WHERE m.{q('user_id')} = %s AND (m.{q('ends_at')} IS NULL OR m.{q('ends_at')} > %s)",
            [user.pk, now])
        return cursor.fetchall()


def forget_access_profile(user) -> None:
    """Drop the cached profile (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def missions_where(user, code: str):
    """The ids of the missions where a role of `user` in force gives `code` (a subquery of mission ids)."""
    from .models import RolePermission

    giving = RolePermission.objects.filter(permission=code).values("role")
    return current_memberships(user).filter(role__in=giving).values("mission_id")


def holders_of(code: str, mission_id: int):
    """The active users whom a role in force in the mission gives `code` (a queryset of users)."""
    from django.contrib.auth import get_user_model

    from .models import Membership, RolePermission

    giving = RolePermission.objects.filter(permission=code).values("role")
    members = (Membership.objects.filter(mission_id=mission_id, role__in=giving)
               .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now())).values("user_id"))
    return get_user_model().objects.filter(is_active=True, pk__in=members).order_by("username")
