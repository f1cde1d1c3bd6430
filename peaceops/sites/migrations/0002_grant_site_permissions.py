"""Grant the sites permissions: `sites.site.view` to every role that has `incidents.incident.view` (who saw
the mission's records sees its sites; STRICTLY CONFIDENTIAL ones likewise), `sites.site.add/change/delete` to
the roles having `mission.administer`."""

from django.db import migrations

from peaceops.core.kit.permissions import grant_like

GRANTS = {"sites.site.view": "incidents.incident.view",
          "sites.site.view_strictly_confidential": "incidents.incident.view_strictly_confidential",
          "sites.site.add": "mission.administer", "sites.site.change": "mission.administer",
          "sites.site.delete": "mission.administer"}


def grant(apps, schema_editor):
    grant_like(apps.get_model("core", "RolePermission"), GRANTS)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_deployment_sites"), ("core", "0006_per_record_type_permissions_and_need_to_know")]
    operations = [migrations.RunPython(grant, revoke)]
