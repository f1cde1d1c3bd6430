"""The sites permissions and who holds them by default: `sites.site.view` with `incident.view` (who sees the
mission's records sees its sites), `sites.site.add/change/delete` with `mission.administer`. Migration
0002 grants them once; after a flush (a fresh test database) `install_default_grants` grants them again when
core has just seeded its defaults."""

VIEW = ("sites.site.view",)
WRITE = ("sites.site.add", "sites.site.change", "sites.site.delete")


def install_default_grants(sender=None, using="default", **kwargs) -> None:
    """post_migrate: grant the sites permissions when no sites grant exists and the table holds exactly core's
    defaults (just seeded), never over an administrator's choices."""
    from peaceops.core.models import RolePermission
    from peaceops.core.permissions import DEFAULT_ROLE_PERMISSIONS

    rows = set(RolePermission.objects.using(using).values_list("role", "permission"))
    defaults = {(role, code) for role, codes in DEFAULT_ROLE_PERMISSIONS.items() for code in codes}
    if any(code.startswith("sites.") for _, code in rows) or rows != defaults:
        return
    viewers = {role for role, code in rows if code == "incident.view"}
    admins = {role for role, code in rows if code == "mission.administer"}
    RolePermission.objects.using(using).bulk_create([RolePermission(role=r, permission=c) for r in viewers for c in VIEW]
                                       + [RolePermission(role=r, permission=c) for r in admins for c in WRITE])
