"""Grant the sites permissions: `sites.site.view` to every role that has `incident.view` (who saw the mission's
records before sites existed sees its sites), `sites.site.add/change/delete` to roles having `mission.administer`."""

from django.db import migrations

VIEW_LIKE = "incident.view"
ADMIN_LIKE = "mission.administer"
VIEW = ("sites.site.view",)
WRITE = ("sites.site.add", "sites.site.change", "sites.site.delete")


def grants(RolePermission) -> list[tuple[str, str]]:
    """The (role, permission) rows to add, read from today's grants."""
    rows = RolePermission.objects.values_list("role", "permission")
    viewers = {role for role, code in rows if code == VIEW_LIKE}
    admins = {role for role, code in rows if code == ADMIN_LIKE}
    return [(r, c) for r in sorted(viewers) for c in VIEW] + [(r, c) for r in sorted(admins) for c in WRITE]


def grant(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    for role, code in grants(RolePermission):
        RolePermission.objects.get_or_create(role=role, permission=code)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission__startswith="sites.site.").delete()


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_deployment_sites"), ("core", "0005_changelog_keeps_actor_and_mission")]
    operations = [migrations.RunPython(grant, revoke)]
