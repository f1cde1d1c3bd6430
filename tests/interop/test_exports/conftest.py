"""Fixtures of the export tests: reference admin areas and the SEEDS incidents, created through the services."""

import pytest

from peaceops.geo.index import AdminIndex
from peaceops.incidents.services import create_incident
from peaceops.testing import world
from tests.factories import incident_data

from .seeds import OTHER_MISSION_TITLE, SEEDS


@pytest.fixture
def admin_areas(mission):
    """A region and a municipality containing the default incident point (reference data for enrichment):
    Mitrovicë and Mitrovicë e Veriut of the test world."""
    AdminIndex.invalidate()
    areas = world.mitrovica_areas(mission, "region", "north")
    yield {"admin1": areas["region"], "admin2": areas["north"]}
    AdminIndex.invalidate()


@pytest.fixture
def seeded(mission, orgs, people, admin_areas):
    """The SEEDS incidents by title, plus one public incident in another mission."""
    created = {}
    for seed in SEEDS:
        data = incident_data(title=seed.title, classification=seed.classification,
                             releasable_to=list(seed.releasable_to), **seed.extra)
        created[seed.title] = create_incident(acting_user=people[seed.reporter], mission=mission, data=data)
    other, outsider = world.mission("MINUSCA"), world.person("minusca-watch")
    create_incident(acting_user=outsider, mission=other, data=incident_data(title=OTHER_MISSION_TITLE))
    return created


