"""The permission check of record types: `<app>.<model>.<action>` (e.g. `sites.site.add`) in a mission.

Codes of the core catalogue (`core.permissions.Permission`) are answered by the user's access profile. Codes a
record type brings itself (granted by its app's data migration as `core.RolePermission` rows) are read from the
grants of the user's roles, in one query per user object; when the per-app permission registry
lands, `access_profile(user).has_perm` answers them all and this module keeps only `perm_code` and `has_perm`.
"""

from peaceops.core.access import access_profile
from peaceops.core.permissions import Permission

_CACHE_ATTR = "_peaceops_kit_permissions"


def perm_code(model, action: str) -> str:
    """The permission code of `action` on a record type, e.g. `sites.site.change`."""
    return f"{model._meta.app_label}.{model._meta.model_name}.{action}"


def has_perm(user, mission_id: int, code: str) -> bool:
    """Whether one of the user's roles in the mission gives `code` (always for superusers)."""
    profile = access_profile(user)
    if profile.has_perm(mission_id, code) or profile.superuser:
        return True
    access = profile.in_mission(mission_id)
    if access is None or code in Permission.values:
        return False
    return any(code in _extra_grants(user, profile).get(role, ()) for role in access.roles)


def _extra_grants(user, profile) -> dict[str, set[str]]:
    """The codes outside the core catalogue that each of the user's roles gives: one query per user object."""
    if _CACHE_ATTR not in user.__dict__:
        from peaceops.core.models import RolePermission

        roles = {role for access in profile.missions.values() for role in access.roles}
        grants: dict[str, set[str]] = {}
        for role, code in (RolePermission.objects.filter(role__in=roles).exclude(permission__in=Permission.values)
                           .values_list("role", "permission")):
            grants.setdefault(role, set()).add(code)
        user.__dict__[_CACHE_ATTR] = grants
    return user.__dict__[_CACHE_ATTR]


def missions_with(user, code: str) -> set[int]:
    """The missions where the user holds `code`."""
    return {m for m in access_profile(user).missions if has_perm(user, m, code)}


def grant_like(role_permission_model, like: dict[str, str], using: str = "default") -> int:
    """Give each new code to every role holding the code it is like, e.g. {"sites.site.view": "incident.view"}
    (for data migrations: pass the historical RolePermission model). Returns how many grants were added."""
    rows = role_permission_model.objects.using(using)
    held = set(rows.values_list("role", "permission"))
    new = {(role, code) for code, model in like.items() for role, held_code in held if held_code == model}
    rows.bulk_create([role_permission_model(role=r, permission=c) for r, c in sorted(new - held)])
    return len(new - held)


def default_grants(like: dict[str, str]):
    """A post_migrate receiver granting `like` again after a flush (a fresh test database): only when the grant
    table holds exactly core's just-seeded defaults, never over an administrator's choices."""

    def install(sender=None, using="default", **kwargs) -> None:
        from peaceops.core.models import RolePermission
        from peaceops.core.permissions import DEFAULT_ROLE_PERMISSIONS

        rows = set(RolePermission.objects.using(using).values_list("role", "permission"))
        if rows == {(role, code) for role, codes in DEFAULT_ROLE_PERMISSIONS.items() for code in codes}:
            grant_like(RolePermission, like, using)

    return install
