"""The incidents' two write paths, the service (form, API) and the import batch, under one rule set and one
snapshot: the same bad input is refused naming the same field with the same words, and an incident's change
snapshot is the same whichever path reads it (docs/developers/architecture.md, "One door for mutations")."""

import datetime as dt

import pytest

from peaceops.core.choices import Role
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import enrol_organisation
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident, import_batch, incident_snapshot, update_incident
from peaceops.incidents.versions import current_snapshots
from peaceops.sharing.services import release_incident
from tests.factories import MissionFactory, OrganisationFactory, incident_data, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mission, unmik, kfor = MissionFactory(code="PATHS"), OrganisationFactory(code="PATHS-UN"), OrganisationFactory(
        code="PATHS-KFOR")
    enrol_organisation(mission=mission, organisation=kfor)
    return mission, unmik, kfor, member(mission, unmik, Role.WATCH_OFFICER)


@pytest.mark.parametrize("overrides, field", [
    ({"location_name": "x" * 301}, "location_name"),  # a column limit the API's schema also holds
    ({"category_path": "mission/no-such-thing"}, "category"),
    ({"releasable_to": ["NOBODY"]}, "releasable_to"),
    ({"casualties": [CasualtyData(group="civilians", killed_low=3, killed_best=2, killed_high=4)]},
     "casualties[0].killed"),
])
def test_the_service_and_the_import_refuse_the_same_input_in_the_same_words(world, overrides, field):
    mission, unmik, _, watch = world
    data = incident_data(**overrides)
    with pytest.raises(FieldError) as refused:
        create_incident(acting_user=watch, mission=mission, data=data)
    result = import_batch([data], acting_user=watch, mission=mission, owner=unmik)
    assert refused.value.field == field
    assert result.rejected == [(0, str(refused.value))]
    assert not Incident.objects.filter(mission=mission).exists()


def test_an_incidents_snapshot_is_the_same_whichever_path_reads_it(world):
    mission, unmik, kfor, watch = world
    incident = create_incident(acting_user=watch, mission=mission, data=incident_data(
        releasable_to=[kfor.code], location_name="Mitrovica bridge",
        casualties=[CasualtyData(group="security_forces", injured_low=1, injured_best=1, injured_high=2),
                    CasualtyData(group="civilians", killed_low=1, killed_best=1, killed_high=1)],
        actors=[ActorData(name="Unknown youths"), ActorData(name="Kosovo Police", role="witness")],
        sources=[SourceData(type="police", reference="KP-1", reported_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))]))
    release_incident(incident, acting_user=watch, organisations=[kfor],
                     expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    mine = incident_snapshot(incident)
    assert mine == current_snapshots([str(incident.pk)])[str(incident.pk)]
    assert mine["releasable_to"] == [kfor.code] and mine["actors"] == [["Kosovo Police", "witness"],
                                                                       ["Unknown youths", "perpetrator"]]
    update_incident(incident, acting_user=watch, changes={"title": "Stones thrown at a bus"})
    entry = ChangeLogEntry.objects.filter(object_id=str(incident.pk), action="update").order_by("pk").last()
    assert {k: v for k, v in entry.before.items() if k != "title"} == {
        k: v for k, v in mine.items() if k != "title"}
