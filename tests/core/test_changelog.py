"""Every mutation leaves a change-log entry with actor, request id, reason and before/after."""

import pytest

from peaceops.core.context import request_id_scope
from peaceops.core.events import subscribe
from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.services import create_incident, delete_incident, update_incident
from tests.factories import incident_data


def history(incident_id):
    return list(ChangeLogEntry.objects.filter(object_type="incidents.incident", object_id=str(incident_id)))


@pytest.mark.django_db(transaction=True)
def test_create_update_delete_each_write_one_entry(mission, people):
    events = []
    unsubscribe = subscribe(events.append)
    watch = people["watch"]
    with request_id_scope("req-123"):
        incident = create_incident(acting_user=watch, mission=mission, data=incident_data(), reason="first report")
    update_incident(incident, acting_user=watch, changes={"status": "verified"}, reason="confirmed by KFOR")
    incident_id = incident.pk
    delete_incident(incident, acting_user=watch, reason="duplicate")
    unsubscribe()

    create, update, delete = history(incident_id)
    assert (create.action, create.actor, create.request_id, create.reason) == ("create", watch, "req-123",
                                                                               "first report")
    assert create.before is None and create.after["title"] == incident.title
    assert update.before["status"] == "reported" and update.after["status"] == "verified"
    assert delete.before["status"] == "verified" and delete.after is None
    assert [e.action for e in events] == ["create", "update", "delete"]


def test_failed_mutation_leaves_no_entry_and_no_record(mission, people):
    from peaceops.incidents.inputs import IncidentDataError
    from peaceops.incidents.models import Incident

    with pytest.raises(IncidentDataError) as err:
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data(lat=123.0))
    assert err.value.field == "lat"
    assert not Incident.objects.exists()
    assert not ChangeLogEntry.objects.filter(object_type="incidents.incident").exists()


def test_casualty_totals_and_children_are_recorded(mission, people):
    from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData

    data = incident_data(
        casualties=[CasualtyData("civilians", 1, 2, 4, 0, 3, 3), CasualtyData("un_personnel", 0, 1, 1)],
        actors=[ActorData("Unknown armed men", "perpetrator"), ActorData("Bus passengers", "victim")],
        sources=[SourceData("patrol", "KFOR patrol report 17", "B", "2")],
    )
    incident = create_incident(acting_user=people["watch"], mission=mission, data=data)
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (1, 3, 5)
    assert incident.injured_best == 3
    after = history(incident.pk)[0].after
    assert after["actors"] == [["Bus passengers", "victim"], ["Unknown armed men", "perpetrator"]]
    assert after["sources"][0]["reliability"] == "B"
