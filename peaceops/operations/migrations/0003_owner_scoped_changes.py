"""Changes of operations records become owner-scoped, as incidents' are: `change_own_org` to the roles that
report incidents for their organisations, `change_any` to those who change any incident; the plain `change`
(which let a partner's reporter edit and re-release the owner's joint patrol) is withdrawn."""

from django.db import migrations

from peaceops.core.kit.permissions import grant_like

MODELS = ("patrol", "patrolroute", "checkpointshift")
GRANTS = {f"operations.{m}.{a}": f"incidents.incident.{a}" for m in MODELS for a in ("change_own_org", "change_any")}
PLAIN = [f"operations.{m}.change" for m in MODELS]


def grant(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")  # noqa: N806 - a model class
    grant_like(RolePermission, GRANTS)
    RolePermission.objects.filter(permission__in=PLAIN).delete()


def revoke(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")  # noqa: N806 - a model class
    grant_like(RolePermission, {code: "incidents.incident.add" for code in PLAIN})
    RolePermission.objects.filter(permission__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("operations", "0002_grant_operations_permissions")]
    operations = [migrations.RunPython(grant, revoke)]
