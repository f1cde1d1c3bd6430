"""Fixtures of the sites tests: the bundled Geo-PKO subset and a mission administrator per mission."""

from pathlib import Path

import pytest

from peaceops.core.choices import Role
from tests.factories import MissionFactory, OrganisationFactory, member

GEO_PKO = Path(__file__).parents[2] / "peaceops" / "demo" / "data" / "geo_pko"


@pytest.fixture
def site_admins(db):
    """{mission code: (mission, its administrator)} for UNMIK and MINUSCA."""
    out = {}
    for code in ("UNMIK", "MINUSCA"):
        mission, org = MissionFactory(code=code), OrganisationFactory(code=f"{code}-HQ")
        out[code] = (mission, member(mission, org, Role.MISSION_ADMIN, username=f"{code.lower()}-admin"))
    return out
