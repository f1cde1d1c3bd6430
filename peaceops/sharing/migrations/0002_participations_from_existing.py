"""Organisations take part in missions (core.Participation): one participation for every (mission,
organisation) pair the data already ties together, so existing roles, releases, groups and agreements keep
working: memberships, incident owners, incident releases, sharing group members, agreements' owners and
partners. Each participation is administered by the organisation itself."""

from django.db import migrations


def pairs_in_use(apps) -> set[tuple[int, int]]:
    Membership = apps.get_model("core", "Membership")
    Incident = apps.get_model("incidents", "Incident")
    IncidentRelease = apps.get_model("incidents", "IncidentRelease")
    OrganisationGroup = apps.get_model("sharing", "OrganisationGroup")
    SharingAgreement = apps.get_model("sharing", "SharingAgreement")
    pairs = set(Membership.objects.values_list("mission_id", "organisation_id").distinct())
    pairs |= set(Incident.objects.values_list("mission_id", "owner_id").distinct())
    pairs |= set(IncidentRelease.objects.values_list("incident__mission_id", "organisation_id").distinct())
    for group in OrganisationGroup.objects.prefetch_related("members"):
        pairs |= {(group.mission_id, o.pk) for o in group.members.all()}
    for agreement in SharingAgreement.objects.all():
        pairs.add((agreement.mission_id, agreement.owner_id))
        if agreement.partner_id:
            pairs.add((agreement.mission_id, agreement.partner_id))
    return {(m, o) for m, o in pairs if m and o}


def create_participations(apps, schema_editor):
    Participation = apps.get_model("core", "Participation")
    Participation.objects.bulk_create(
        [Participation(mission_id=m, organisation_id=o, administered_by_id=o) for m, o in sorted(pairs_in_use(apps))],
        ignore_conflicts=True, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_participation"),
        ("incidents", "0006_child_incident_indexes_dropped"),
        ("sharing", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_participations, migrations.RunPython.noop)]
