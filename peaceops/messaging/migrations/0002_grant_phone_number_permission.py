"""Grant `messaging.view_phone_numbers` to the roles that need to know who wrote: watch officers (triage) and
mission administrators (an installation's seeded table; an empty one is seeded with the registry's defaults)."""

from django.db import migrations

CODE = "messaging.view_phone_numbers"
ROLES = ("watch_officer", "mission_admin")


def grant(apps, schema_editor):
    rows = apps.get_model("core", "RolePermission").objects
    if not rows.exists():
        return  # seeded from the registry's defaults after migrating (core's post_migrate)
    for role in ROLES:
        rows.get_or_create(role=role, permission=CODE)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_gateways_messages_templates"),
                    ("core", "0006_per_record_type_permissions_and_need_to_know")]
    operations = [migrations.RunPython(grant, revoke)]
