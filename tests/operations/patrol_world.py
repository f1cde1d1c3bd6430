"""A patrol of UNMIK's watch in Mitrovica and incidents around it, for the run, report and linking tests."""

import datetime as dt

from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.services import create_incident
from peaceops.operations.services import PatrolService

UTC = dt.UTC
START = dt.datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
END = dt.datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
LINE = [[20.86, 42.89], [20.87, 42.90], [20.88, 42.905]]


def patrol(user, mission, *, path=LINE, **extra):
    data = {"name": "Night mobile patrol Zvečan", "patrol_type": "mobile", "time_of_day": "night", "path": path,
            "planned_start": START.isoformat(), "planned_end": END.isoformat(), **extra}
    return PatrolService().create(acting_user=user, mission=mission, data=data)


def incident(user, mission, lon, lat, at, *, title="Shots fired", classification="PUBLIC", releasable_to=()):
    return create_incident(acting_user=user, mission=mission, data=IncidentData(
        title=title, occurred_start=at, lon=lon, lat=lat, classification=classification,
        releasable_to=list(releasable_to)))
