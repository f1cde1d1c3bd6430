"""Fixtures for the import tests: a MINUSCA mission with an importing analyst, and the fixture files."""

from pathlib import Path

import pytest

from peaceops.testing import world

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CAR_GED = FIXTURES / "ucdp" / "ged231_car_1991_2020.csv.gz"
SYRIA_GED = FIXTURES / "ucdp" / "ged_syria_2016_2018.csv.gz"
ACLED_SAMPLE = FIXTURES / "acled" / "acled_synthetic_sample.csv"
CAR_ADM1 = Path(__file__).resolve().parents[2] / "peaceops" / "demo" / "data" / "boundaries" / "cgaz_CAF_ADM1.geojson"


@pytest.fixture
def minusca(db):
    return world.mission("MINUSCA")


@pytest.fixture
def minusca_org(db):
    return world.organisation("MINUSCA")


@pytest.fixture
def analyst(minusca, minusca_org):
    """A JMAC analyst of MINUSCA: may report (and so import) incidents for MINUSCA."""
    return world.person("jmac")
