"""The alerts' test world: UNMIK with Kosovo's real admin areas (in English, Albanian and Serbian), the
Kosovo GeoNames gazetteer (Albanian, Serbian Latin and Cyrillic names) and the demo's named places (the Ibar
bridge, the crossing points): built once per module, only read by the tests."""

import pytest

from peaceops.demo.missions import UNMIK_NAMED_PLACES
from peaceops.geo.loaders import load_gazetteer
from peaceops.geo.named import load_named_places
from peaceops.testing import world
from tests.geo.conftest import GAZETTEER, load_kosovo


def build_unmik():
    unmik = world.mission("UNMIK")
    load_kosovo(unmik)
    load_gazetteer(GAZETTEER)
    load_named_places(UNMIK_NAMED_PLACES, mission=unmik)
    return unmik


@pytest.fixture(scope="module")
def unmik_built(django_db_setup, django_db_blocker):
    yield from world.built_once(django_db_blocker, build_unmik)


@pytest.fixture
def unmik(db, unmik_built):
    """The mission UNMIK of the world above (each test in a savepoint of its own)."""
    return unmik_built
