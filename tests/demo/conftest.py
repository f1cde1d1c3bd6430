"""Fixtures for the demo tests: Kosovo's geography as the scenario sees it, and the boundary files read
independently of the code under test (json + shapely)."""

import json

import pytest
import shapely
from django.db import transaction
from shapely.geometry import shape

from peaceops.core.services import create_mission
from peaceops.demo.geography import kosovo_geography
from peaceops.demo.missions import BOUNDARIES, GAZETTEER, KOSOVO_BOUNDARIES
from peaceops.geo.index import AdminIndex


@pytest.fixture(scope="module")
def kosovo(django_db_setup, django_db_blocker):
    """The scenario geography built from the demo's boundary and gazetteer files, loaded through the geo
    loaders into a transaction that is rolled back (the geography itself is plain Python)."""
    from peaceops.geo.loaders import load_boundaries, load_gazetteer

    with django_db_blocker.unblock(), transaction.atomic():
        mission = create_mission(code="UNMIK", name="UNMIK")
        for level, filename in KOSOVO_BOUNDARIES:
            load_boundaries(BOUNDARIES / filename, mission=mission, level=level)
        load_gazetteer(GAZETTEER)
        geography = kosovo_geography(mission)
        transaction.set_rollback(True)
    AdminIndex.invalidate()
    return geography


def _features(filename: str) -> list[dict]:
    return json.loads((BOUNDARIES / filename).read_text(encoding="utf-8"))["features"]


def _geometry(feature: dict) -> shapely.Geometry:
    return shapely.make_valid(shape(feature["geometry"]))


@pytest.fixture(scope="session")
def kosovo_polygon() -> shapely.Geometry:
    """Kosovo's country polygon, straight from the GeoJSON file."""
    return shapely.union_all([_geometry(f) for f in _features("cgaz_XKX_ADM0.geojson")])


@pytest.fixture(scope="session")
def kosovo_areas() -> dict[str, shapely.Geometry]:
    """Districts and municipalities by their name in the GeoJSON files ("District of Mitrovica", ...)."""
    return {
        f["properties"]["shapeName"]: _geometry(f)
        for filename in ("cgaz_XKX_ADM1.geojson", "cgaz_XKX_ADM2.geojson")
        for f in _features(filename)
    }
