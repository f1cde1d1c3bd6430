"""Grant the setting of gender targets to the roles administering the mission."""

from django.db import migrations

from peaceops.core.kit.permissions import grant_like

GRANTS = {"force.gender_target.change": "mission.administer"}


def grant(apps, schema_editor):
    grant_like(apps.get_model("core", "RolePermission"), GRANTS)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("force", "0002_grant_force_permissions")]
    operations = [migrations.RunPython(grant, revoke)]
