"""Fixtures of the sites tests: the bundled Geo-PKO subset and a mission administrator per mission."""

from pathlib import Path

import pytest

from peaceops.testing import world

GEO_PKO = Path(__file__).parents[2] / "peaceops" / "demo" / "data" / "geo_pko"


@pytest.fixture
def site_admins(db):
    """{mission code: (mission, its administrator)} for UNMIK and MINUSCA."""
    return {"UNMIK": (world.mission("UNMIK"), world.person("admin")),
            "MINUSCA": (world.mission("MINUSCA"), world.person("minusca-admin"))}
