"""Give the conduct codes to the roles of an existing installation (a new one is seeded from the registry's
defaults): conduct and discipline officers hold the case codes and, as members, what viewers hold; every role
may refer an allegation; analysts, administrators and conduct officers see the suppressed statistics; the
prevention records are read like incidents and kept by administrators and conduct officers.

Misconduct allegations raised through community alerts go to conduct officers from now on, no longer to the
mission administrators (`alerts.alert.conduct`): an allegation is need-to-know, and an administrator's role is
not a reason to read it. Allegations already assigned stay assigned."""

from django.db import migrations

from peaceops.core.kit.permissions import grant_like

CDO = "conduct_officer"
CASE_ACTIONS = ("view", "add", "change", "assign", "break_glass", "receive", "supervise", "view_identities")
PREVENTION = ("riskassessment", "trainingcompletion", "preventionmeasure")


def grant(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    if not RolePermission.objects.exists():
        return  # a new installation: seeded from the defaults after migrating
    like = {"conduct.case.refer": "incidents.incident.view"}
    for model in PREVENTION:
        like.update({f"conduct.{model}.view": "incidents.incident.view",
                     f"conduct.{model}.view_strictly_confidential": "incidents.incident.view_strictly_confidential",
                     f"conduct.{model}.add": "mission.administer", f"conduct.{model}.change": "mission.administer",
                     f"conduct.{model}.delete": "mission.administer"})
    like["conduct.settings.change"] = "mission.administer"
    grant_like(RolePermission, like)
    for role in ("analyst", "mission_admin"):
        RolePermission.objects.get_or_create(role=role, permission="conduct.statistics.view")
    viewer = set(RolePermission.objects.filter(role="viewer").values_list("permission", flat=True))
    codes = viewer | {f"conduct.case.{a}" for a in CASE_ACTIONS} | {
        "conduct.case.refer", "conduct.statistics.view", "conduct.settings.change", "alerts.alert.conduct",
        *(f"conduct.{m}.{a}" for m in PREVENTION for a in ("view", "view_strictly_confidential", "add", "change",
                                                            "delete"))}
    held = set(RolePermission.objects.filter(role=CDO).values_list("permission", flat=True))
    RolePermission.objects.bulk_create([RolePermission(role=CDO, permission=c) for c in sorted(codes - held)])
    RolePermission.objects.filter(role="mission_admin", permission="alerts.alert.conduct").delete()


def revoke(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    RolePermission.objects.filter(permission__startswith="conduct.").delete()
    if RolePermission.objects.filter(role=CDO, permission="alerts.alert.conduct").exists():
        RolePermission.objects.get_or_create(role="mission_admin", permission="alerts.alert.conduct")
    RolePermission.objects.filter(role=CDO).delete()


class Migration(migrations.Migration):
    dependencies = [("conduct", "0001_cases_people_prevention"), ("core", "0011_conduct_officer_role"),
                    ("alerts", "0006_triage_queue_indexes"), ("analytics", "0004_grant_analytics_view")]
    operations = [migrations.RunPython(grant, revoke)]
