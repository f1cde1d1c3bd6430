"""Migration sharing 0002 gives every organisation the data already ties to a mission a participation in it
(memberships, incident owners, releases, group members, agreement partners), so an installation upgraded with
the participation rule keeps sharing as before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from peaceops.core.models import Participation
from peaceops.incidents.models import IncidentRelease
from peaceops.incidents.services import create_incident
from peaceops.sharing.services import create_agreement, create_group
from tests.factories import OrganisationFactory, incident_data

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_ties_become_participations(mission, people, orgs):
    unhcr, undp, eulex, kp = (OrganisationFactory(code=c) for c in ("UNHCR", "UNDP", "EULEX", "KP"))
    incident = create_incident(acting_user=people["watch"], mission=mission,
                               data=incident_data(classification="CONFIDENTIAL"))
    create_group(acting_user=people["admin"], mission=mission, name="UN family", members=[orgs["UNMIK"]])
    create_agreement(acting_user=people["admin"], mission=mission, owner=orgs["UNMIK"], partner=orgs["KFOR"],
                     classifications=["CONFIDENTIAL"])
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate([("sharing", "0001_initial")])
        # Data as an installation had it before participations: ties to organisations nobody enrolled.
        Participation.objects.all().delete()
        IncidentRelease.objects.create(incident=incident, organisation=unhcr)
        from peaceops.sharing.models import OrganisationGroup, SharingAgreement

        OrganisationGroup.objects.get(name="UN family").members.add(undp)
        SharingAgreement.objects.update(partner=eulex)
        SharingAgreement.objects.create(mission=mission, owner=kp, partner=orgs["UNMIK"],
                                        classifications=["CONFIDENTIAL"])
    finally:
        migrate(latest)
    taking_part = set(Participation.objects.filter(mission=mission).values_list("organisation__code", flat=True))
    assert taking_part == {"UNMIK", "KFOR", "OSCE", "UNHCR", "UNDP", "EULEX", "KP"}
    assert all(p.administered_by_id == p.organisation_id for p in Participation.objects.all())
