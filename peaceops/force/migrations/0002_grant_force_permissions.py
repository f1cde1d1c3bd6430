"""Grant the force permissions to the roles holding the codes they are like: view (and STRICTLY CONFIDENTIAL
view) like the incidents', writes like the mission's administration."""

from django.db import migrations

from peaceops.core.kit.permissions import grant_like

GRANTS = {f"force.{m}.{a}": ("incidents.incident.view" if a == "view" else "incidents.incident.view_strictly_confidential" if a == "view_strictly_confidential" else "mission.administer") for m in ("contingent", "unit", "contribution") for a in ("view", "view_strictly_confidential", "add", "change", "delete")}


def grant(apps, schema_editor):
    grant_like(apps.get_model("core", "RolePermission"), GRANTS)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("force", "0001_force_registry"), ("core", "0010_record_links")]
    operations = [migrations.RunPython(grant, revoke)]
