"""Geo test helpers: where the real data lives, read independently of the loaders (json, csv, shapely)."""

import csv
import gzip
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

import peaceops
from peaceops.geo.loaders import load_boundaries
from peaceops.testing import world

DEMO = Path(peaceops.__file__).parent / "demo" / "data"
BOUNDARIES = DEMO / "boundaries"
GAZETTEER = DEMO / "gazetteer" / "geonames_XK_2012.csv.gz"
KOSOVO_NAMES = BOUNDARIES / "kosovo_names.json"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "geo"


def boundary_file(iso3: str, level: int) -> Path:
    return BOUNDARIES / f"cgaz_{iso3}_ADM{level}.geojson"


def raw_features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def raw_shapes(path: Path) -> dict[str, shapely.Geometry]:
    """shapeName -> a valid shapely geometry, straight from the file."""
    return {f["properties"]["shapeName"]: shapely.make_valid(shape(f["geometry"])) for f in raw_features(path)}


def gazetteer_rows() -> list[dict]:
    with gzip.open(GAZETTEER, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def town(name: str) -> tuple[float, float]:
    """(lon, lat) of the populated place of that name in the gazetteer file."""
    row = next(r for r in gazetteer_rows() if r["name"] == name and r["feature_class"] == "P")
    return float(row["longitude"]), float(row["latitude"])


def load_kosovo(mission, levels=(0, 1, 2)):
    names = json.loads(KOSOVO_NAMES.read_text(encoding="utf-8"))
    return {level: load_boundaries(boundary_file("XKX", level), mission=mission, level=level, names=names)
            for level in levels}


@pytest.fixture
def kosovo(mission):
    """The UNMIK mission with Kosovo's country, 7 districts and 38 municipalities loaded."""
    load_kosovo(mission)
    return mission


@pytest.fixture
def car_mission(db):
    return world.mission("MINUSCA")


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    """The full Kosovo gazetteer, loaded once per test module and rolled back after it."""
    from django.db import transaction

    from peaceops.geo.loaders import load_gazetteer

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield load_gazetteer(GAZETTEER)
            transaction.set_rollback(True)
