"""Fixtures of the export tests: reference admin areas and the SEEDS incidents, created through the services."""

import json

import pytest

from peaceops.core.choices import Role
from peaceops.geo.index import AdminIndex
from peaceops.geo.models import AdminArea
from peaceops.incidents.services import create_incident
from tests.factories import MissionFactory, incident_data, member

from .seeds import OTHER_MISSION_TITLE, SEEDS


#: Two nested squares around Mitrovica: a region (admin-1) and a municipality (admin-2).
def _square(lon0, lat0, lon1, lat1) -> str:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def admin_areas(mission):
    """A region and a municipality containing the default incident point (reference data for enrichment)."""
    AdminIndex.invalidate()
    common = dict(mission=mission)
    region = AdminArea.objects.create(
        **common, level=1, code="XK-MIT", name="Mitrovicë", geometry=_square(20.5, 42.7, 21.2, 43.3),
        min_lon=20.5, min_lat=42.7, max_lon=21.2, max_lat=43.3, centroid_lon=20.85, centroid_lat=43.0)
    municipality = AdminArea.objects.create(
        **common, level=2, code="XK-MIT-N", name="Mitrovicë e Veriut", parent=region,
        geometry=_square(20.8, 42.85, 20.95, 42.95),
        min_lon=20.8, min_lat=42.85, max_lon=20.95, max_lat=42.95, centroid_lon=20.875, centroid_lat=42.9)
    yield {"admin1": region, "admin2": municipality}
    AdminIndex.invalidate()


@pytest.fixture
def seeded(mission, orgs, people, admin_areas):
    """The SEEDS incidents by title, plus one public incident in another mission."""
    created = {}
    for seed in SEEDS:
        data = incident_data(title=seed.title, classification=seed.classification,
                             releasable_to=list(seed.releasable_to), **seed.extra)
        created[seed.title] = create_incident(acting_user=people[seed.reporter], mission=mission, data=data)
    other = MissionFactory(code="MINUSCA")
    outsider = member(other, orgs["UNMIK"], Role.WATCH_OFFICER, username="minusca-watch")
    create_incident(acting_user=outsider, mission=other, data=incident_data(title=OTHER_MISSION_TITLE))
    return created


