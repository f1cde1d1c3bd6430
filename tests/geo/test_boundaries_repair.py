"""Invalid polygons are repaired (make_valid, polygonal parts only), and points fall in the repaired areas."""

import json

import pytest
import shapely

from peaceops.geo.index import AdminIndex
from peaceops.geo.loaders import GeoDataError, load_boundaries
from peaceops.geo.models import AdminArea

from .conftest import FIXTURES

BOWTIE = FIXTURES / "bowtie.geojson"


def area_at(mission, lon, lat):
    (area_id,) = AdminIndex.for_mission(mission.pk).assign_level(1, [lon], [lat])
    return AdminArea.objects.get(pk=area_id).code if area_id else None


def test_bow_tie_and_spike_are_repaired_and_the_point_is_skipped(mission):
    result = load_boundaries(BOWTIE, mission=mission, level=1)
    assert (result.created, result.repaired, result.skipped) == (3, 2, 1)
    assert "no polygon" in result.warnings[0] and "A point" in result.warnings[0]
    for area in AdminArea.objects.all():
        geometry = shapely.from_geojson(area.geometry)
        assert geometry.is_valid and geometry.geom_type in ("Polygon", "MultiPolygon"), area.code
    assert shapely.from_geojson(AdminArea.objects.get(code="SP").geometry).area == pytest.approx(4.0)
    assert AdminArea.objects.get(code="BT").names == {"sq": "Papion"}


def test_points_fall_in_the_repaired_areas(mission):
    load_boundaries(BOWTIE, mission=mission, level=1)
    assert area_at(mission, 0.3, 1.0) == "BT"  # left lobe of the bow-tie
    assert area_at(mission, 1.7, 1.0) == "BT"  # right lobe
    assert area_at(mission, 1.0, 0.3) is None  # between the lobes: never inside the bow-tie
    assert area_at(mission, 4.0, 1.0) == "SQ"
    assert area_at(mission, 7.0, 1.0) == "SP"
    assert area_at(mission, 20.0, 20.0) is None


def test_reloading_a_repaired_file_changes_nothing(mission):
    load_boundaries(BOWTIE, mission=mission, level=1)
    again = load_boundaries(BOWTIE, mission=mission, level=1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_names_file_adds_languages_by_code_or_name(mission):
    names = {"SQ": {"sr": "Kvadrat", "en": "Square"}, "Bow-tie": {"fr": "Nœud papillon"}}
    load_boundaries(BOWTIE, mission=mission, level=1, names=names)
    assert AdminArea.objects.get(code="SQ").names == {"sr": "Kvadrat", "en": "Square"}
    assert AdminArea.objects.get(code="BT").names == {"sq": "Papion", "fr": "Nœud papillon"}


@pytest.mark.parametrize("content, message", [
    ("not json at all", "not valid JSON"),
    ('{"type": "Topology", "objects": {}}', "not a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection", "features": []}', "no feature with a polygon"),
    ('{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:32634"}},'
     ' "features": []}', "reproject"),
])
def test_bad_files_raise_a_clear_error(mission, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GeoDataError, match=message):
        load_boundaries(path, mission=mission, level=1)
    assert not AdminArea.objects.exists()


def test_projected_coordinates_are_refused(mission, tmp_path):
    square = [[[500000, 4700000], [510000, 4700000], [510000, 4710000], [500000, 4700000]]]
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "X"}, "geometry": {"type": "Polygon", "coordinates": square}}]}))
    with pytest.raises(GeoDataError, match="not WGS84"):
        load_boundaries(path, mission=mission, level=1)


def test_missing_file_and_bad_level(mission, tmp_path):
    with pytest.raises(GeoDataError, match="no such file"):
        load_boundaries(tmp_path / "nope.geojson", mission=mission, level=1)
    with pytest.raises(GeoDataError, match="level"):
        load_boundaries(BOWTIE, mission=mission, level=9)
