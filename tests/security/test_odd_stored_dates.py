"""A stored incident dated at the calendar's edge (written by an older version, or by hand in the database) must
not take the COP, the aggregates or the dashboard down for the mission: they answer, and the odd row stops
counting once it is deleted, without a recount of the tallies.

The probe's finding: an incident dated 0001-01-01T00:00:00Z was accepted, and from then on the COP histogram
answered 500 for every user of the mission, even after the incident was deleted, until the tallies were
recounted. Today such a date is refused at every edge (tests/security/test_edge_input.py); here the row is
written straight into the database, as an older version could have.
"""

import datetime as dt

import pytest
from django.test import Client

from peaceops.incidents.models import Incident

#: Dates no edge accepts any more, as they might already be stored.
ODD = [dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
       dt.datetime(1799, 12, 31, 12, tzinfo=dt.UTC)]
#: The read paths a mission's users open all the time, and what each must answer.
READS = [
    ("/cop/histogram.json", {}),
    ("/cop/points.geojson", {}),
    ("/cop/hexes.geojson", {"zoom": "8"}),
    ("/cop/list/", {}),
    ("/", {}),
    ("/dashboard/", {}),
    ("/api/v1/incidents/aggregate", {"by": "day"}),
    ("/api/v1/incidents/aggregate", {"by": "week"}),
    ("/api/v1/incidents/aggregate", {"by": "month"}),
    ("/api/v1/incidents/aggregate", {"by": "category"}),
    ("/api/v1/incidents", {}),
    ("/api/v1/analytics/trends", {"by": "category"}),
    ("/api/v1/analytics/changes", {}),
]


def _store_odd(world, moment: dt.datetime) -> str:
    """A seeded PUBLIC incident moved to `moment` behind the services' back (the tallies follow: triggers)."""
    record = world.record(owner="OSCE", classification="PUBLIC")
    Incident.objects.filter(pk=record.id).update(occurred_start=moment, occurred_end=moment)
    return record.id


def _failures(world, actors=("viewer", "watch", "partner")) -> list[str]:
    failures = []
    for actor in actors:
        client = Client()
        client.force_login(world.users[actor])
        for url, params in READS:
            response = client.get(url, params)
            if response.status_code != 200:
                failures.append(f"{actor} {url} {params}: {response.status_code}")
    return failures


@pytest.mark.parametrize("moment", ODD, ids=lambda m: m.isoformat())
def test_an_odd_stored_date_does_not_take_the_mission_down(moment, security_world, db):
    _store_odd(security_world, moment)
    assert not _failures(security_world)
    client = Client()
    client.force_login(security_world.users["viewer"])
    histogram = client.get("/cop/histogram.json").json()
    assert histogram["total"] == len(security_world.visible_ids("viewer")) - 1, "the odd row is not drawn"


@pytest.mark.parametrize("moment", ODD, ids=lambda m: m.isoformat())
def test_deleting_the_odd_incident_leaves_no_trace_in_the_histogram(moment, security_world, db):
    Incident.objects.filter(pk=_store_odd(security_world, moment)).delete()
    assert not _failures(security_world)
    client = Client()
    client.force_login(security_world.users["viewer"])
    histogram = client.get("/cop/histogram.json").json()
    assert histogram["by"] == "day", "no empty bucket left by the deleted row stretches the time axis"
    assert histogram["total"] == len(security_world.visible_ids("viewer")) - 1
