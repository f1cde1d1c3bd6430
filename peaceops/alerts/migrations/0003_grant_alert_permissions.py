"""Grant the alerts' permission codes to the roles the registry names (`alerts/permissions.py`) in an
installation whose role table is already seeded (an empty one is seeded from the registry's defaults after
migrating, by core's post_migrate)."""

from django.db import migrations

WATCH = ("watch_officer", "analyst", "mission_admin")
TRIAGE = ("watch_officer", "mission_admin")
GRANTS = {
    "alerts.alert.view": WATCH,
    "alerts.alert.view_strictly_confidential": ("strictly_confidential_reader", "mission_admin"),
    "alerts.alert.add": (*WATCH, "reporter"),
    "alerts.alert.change": TRIAGE,
    "alerts.alert.delete": ("mission_admin",),
    "alerts.alert.triage": TRIAGE,
    "alerts.alert.conduct": ("mission_admin",),
    "alerts.focalpoint.view": TRIAGE,
    "alerts.focalpoint.add": TRIAGE,
    "alerts.focalpoint.change": TRIAGE,
    "alerts.focalpoint.delete": ("mission_admin",),
}


def grant(apps, schema_editor):
    rows = apps.get_model("core", "RolePermission").objects
    if not rows.exists():
        return
    for code, roles in GRANTS.items():
        for role in roles:
            rows.get_or_create(role=role, permission=code)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_alerts_focal_points_responses"),
                    ("core", "0006_per_record_type_permissions_and_need_to_know")]
    operations = [migrations.RunPython(grant, revoke)]
