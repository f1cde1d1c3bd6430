"""The permission check of record types: `<app>.<model>.<action>` (e.g. `sites.site.add`) in a mission, as the
app registered it (`core.permissions.registry`) and the roles-as-data table grants it."""

from peaceops.core.access import access_profile


def perm_code(model, action: str) -> str:
    """The permission code of `action` on a record type, e.g. `sites.site.change`."""
    return f"{model._meta.app_label}.{model._meta.model_name}.{action}"


def has_perm(user, mission_id: int, code: str) -> bool:
    """Whether one of the user's roles in the mission gives `code` (always for superusers)."""
    return access_profile(user).has_perm(mission_id, code)


def missions_with(user, code: str) -> set[int]:
    """The missions where the user holds `code`."""
    return access_profile(user).missions_with(code)


def grant_like(role_permission_model, like: dict[str, str], using: str = "default") -> int:
    """Give each new code to every role holding the code it is like, e.g. {"sites.site.view": "incident.view"}
    (for data migrations: pass the historical RolePermission model). Returns how many grants were added."""
    rows = role_permission_model.objects.using(using)
    held = set(rows.values_list("role", "permission"))
    new = {(role, code) for code, model in like.items() for role, held_code in held if held_code == model}
    rows.bulk_create([role_permission_model(role=r, permission=c) for r, c in sorted(new - held)])
    return len(new - held)
