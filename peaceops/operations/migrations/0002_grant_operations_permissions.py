"""Grant the operations permissions to the roles holding the codes they are like: view (and STRICTLY CONFIDENTIAL
view) like the incidents', writes like reporting incidents; deletes like the mission's administration."""

from django.db import migrations

from peaceops.core.kit.permissions import grant_like

GRANTS = {f"operations.{m}.{a}": {"view": "incidents.incident.view", "view_strictly_confidential": "incidents.incident.view_strictly_confidential", "add": "incidents.incident.add", "change": "incidents.incident.add", "delete": "mission.administer"}[a] for m in ("patrol", "patrolroute", "checkpointshift") for a in ("view", "view_strictly_confidential", "add", "change", "delete")}


def grant(apps, schema_editor):
    grant_like(apps.get_model("core", "RolePermission"), GRANTS)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_patrols_checkpoints_coverage"), ("core", "0010_record_links")]
    operations = [migrations.RunPython(grant, revoke)]
