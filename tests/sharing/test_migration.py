"""Migration 0005 turns the releasability list into IncidentRelease on the same table: existing releases
survive it both ways, and the tally triggers on the table keep working after each step."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from peaceops.incidents.models import IncidentRelease
from peaceops.incidents.services import create_incident
from tests.factories import incident_data
from tests.incidents.test_tallies import assert_tallies_right

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("incidents", "0004_incident_tallies")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def release_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT incident_id, organisation_id FROM incidents_incident_releasable_to")
        return sorted((str(i).replace("-", ""), o) for i, o in cursor.fetchall())


def test_releases_survive_the_migration_both_ways_and_the_triggers_keep_counting(mission, people, orgs):
    incident = create_incident(acting_user=people["watch"], mission=mission,
                               data=incident_data(classification="CONFIDENTIAL", releasable_to=["KFOR"]))
    stored = release_rows()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE)
        assert release_rows() == stored
        with connection.cursor() as cursor:  # the old table's triggers still move the tallies
            cursor.execute("DELETE FROM incidents_incident_releasable_to")
        assert_tallies_right()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO incidents_incident_releasable_to (incident_id, organisation_id) "
                           "VALUES (%s, %s)", [incident.pk.hex if connection.vendor == "sqlite" else incident.pk,
                                               orgs["KFOR"].pk])
        assert_tallies_right()
    finally:
        migrate(latest)
    assert [(r.organisation.code, r.expires_at) for r in IncidentRelease.objects.all()] == [("KFOR", None)]
    IncidentRelease.objects.create(incident=incident, organisation=orgs["OSCE"])
    assert_tallies_right()
