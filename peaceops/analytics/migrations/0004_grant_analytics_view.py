"""Grant `analytics.view` (the analysts' pages) to the roles that hold it by default: analysts, watch officers
and mission administrators."""

from django.db import migrations

CODE = "analytics.view"
ROLES = ("analyst", "watch_officer", "mission_admin")


def grant(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    if not RolePermission.objects.exists():
        return  # an empty table is seeded with every default after migrate (core.apps)
    held = set(RolePermission.objects.filter(permission=CODE).values_list("role", flat=True))
    RolePermission.objects.bulk_create([RolePermission(role=r, permission=CODE) for r in ROLES if r not in held])


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_forecast_targets_subsets_h3"),
                    ("core", "0006_per_record_type_permissions_and_need_to_know")]
    operations = [migrations.RunPython(grant, revoke)]
