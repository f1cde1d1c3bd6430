"""Loading Kosovo's real boundaries: counts, parents, names, bbox and centroid, idempotence, change log."""

import gzip
import json
import shutil

import pytest
import shapely

from peaceops.core.models import ChangeLogEntry
from peaceops.geo.index import AdminIndex
from peaceops.geo.loaders import load_boundaries
from peaceops.geo.models import AdminArea

from .conftest import boundary_file, load_kosovo, raw_features, raw_shapes, town

MITROVICA_DISTRICT = {"Municipality of North Mitrovica", "Municipality of Zveçan", "Municipality of Leposaviq",
                      "Municipality of Zubin Potok", "Municipality of Mitrovica"}


def parent_name(name: str) -> str:
    return AdminArea.objects.select_related("parent").get(name=name).parent.name


def test_counts_and_codes_match_the_files(kosovo):
    for level in (0, 1, 2):
        expected = {f["properties"]["shapeID"]: f["properties"]["shapeName"]
                    for f in raw_features(boundary_file("XKX", level))}
        loaded = dict(AdminArea.objects.filter(mission=kosovo, level=level).values_list("code", "name"))
        assert loaded == expected
    assert [AdminArea.objects.filter(level=n).count() for n in (0, 1, 2)] == [1, 7, 38]


def test_each_municipality_has_the_district_that_contains_it(kosovo):
    for name in MITROVICA_DISTRICT:
        assert parent_name(name) == "District of Mitrovica"
    assert parent_name("Municipality of Prizren") == "District of Prizren"
    assert parent_name("Municipality of Gjilan") == "District of Gjilan"
    assert parent_name("Municipality of Gracanica") == "District of Prishtina"
    assert {parent_name(d.name) for d in AdminArea.objects.filter(level=1)} == {"Kosovo"}
    # Independently (shapely on the raw files): the parent is the district holding the largest part of it.
    districts, municipalities = raw_shapes(boundary_file("XKX", 1)), raw_shapes(boundary_file("XKX", 2))
    for area in AdminArea.objects.filter(level=2).select_related("parent"):
        own = municipalities[area.name]
        assert area.parent.name == max(districts, key=lambda d: districts[d].intersection(own).area), area.name


def test_names_in_three_languages(kosovo):
    pristina = AdminArea.objects.get(name="Municipality of Pristina")
    assert pristina.names == {"en": "Pristina", "sq": "Prishtinë", "sr": "Priština"}
    mitrovica = AdminArea.objects.get(name="Municipality of Mitrovica")
    assert (mitrovica.name_in("sq"), mitrovica.name_in("sr-Latn")) == ("Mitrovicë", "Kosovska Mitrovica")
    assert all(set(a.names) >= {"en", "sq", "sr"} for a in AdminArea.objects.all())


def test_bbox_matches_the_file_and_centroid_lies_inside(kosovo):
    shapes = raw_shapes(boundary_file("XKX", 2))
    for area in AdminArea.objects.filter(level=2):
        assert (area.min_lon, area.min_lat, area.max_lon, area.max_lat) == pytest.approx(shapes[area.name].bounds)
        stored = shapely.from_geojson(area.geometry)
        assert stored.is_valid and stored.contains(shapely.Point(area.centroid_lon, area.centroid_lat))


def test_reloading_changes_nothing_and_writes_no_log(kosovo):
    ids = dict(AdminArea.objects.values_list("code", "id"))
    entries = ChangeLogEntry.objects.count()
    again = load_kosovo(kosovo)
    assert [(r.created, r.updated, r.unchanged, r.relinked) for r in again.values()] == [
        (0, 0, 1, 0), (0, 0, 7, 0), (0, 0, 38, 0)]
    assert ChangeLogEntry.objects.count() == entries
    assert dict(AdminArea.objects.values_list("code", "id")) == ids


def test_first_load_logs_one_creation_per_area(mission, people):
    load_boundaries(boundary_file("XKX", 1), mission=mission, level=1, acting_user=people["admin"])
    entries = ChangeLogEntry.objects.filter(object_type="geo.adminarea")
    assert entries.count() == 7
    assert {(e.action, e.actor, e.mission_id) for e in entries} == {("create", people["admin"], mission.pk)}
    assert {e.after["name"] for e in entries} == {f["properties"]["shapeName"]
                                                  for f in raw_features(boundary_file("XKX", 1))}


def test_levels_load_in_any_order(mission):
    load_boundaries(boundary_file("XKX", 2), mission=mission, level=2)
    assert not AdminArea.objects.filter(level=2, parent__isnull=False).exists()
    result = load_boundaries(boundary_file("XKX", 1), mission=mission, level=1)
    assert result.relinked == 38
    for name in MITROVICA_DISTRICT:
        assert parent_name(name) == "District of Mitrovica"


def test_changed_file_updates_the_area_and_logs_before_and_after(mission, tmp_path):
    load_boundaries(boundary_file("XKX", 1), mission=mission, level=1)
    data = json.loads(boundary_file("XKX", 1).read_text(encoding="utf-8"))
    data["features"][0]["properties"]["shapeName"] = "District of Prishtinë"
    changed = tmp_path / "adm1.geojson.gz"
    with gzip.open(changed, "wt", encoding="utf-8") as stream:
        json.dump(data, stream)
    result = load_boundaries(changed, mission=mission, level=1)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    entry = ChangeLogEntry.objects.get(action="update")
    assert (entry.before["name"], entry.after["name"]) == ("District of Prishtina", "District of Prishtinë")


def test_gzipped_file_loads_like_the_plain_one(mission, tmp_path):
    packed = tmp_path / "municipalities.geojson.gz"
    with boundary_file("XKX", 2).open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    assert load_boundaries(packed, mission=mission, level=2).created == 38


def test_index_assigns_known_towns_to_their_municipality(kosovo):
    index = AdminIndex.for_mission(kosovo.pk)
    towns = {"Prizren": "Municipality of Prizren", "Pejë": "Municipality of Peja", "Gjilan": "Municipality of Gjilan"}
    lons, lats = zip(*(town(name) for name in towns), strict=True)
    admin1, admin2 = index.assign([*lons, 0.0], [*lats, 0.0])
    names = dict(AdminArea.objects.values_list("id", "name"))
    assert [names[i] for i in admin2[:3]] == list(towns.values())
    assert [names[i] for i in admin1[:3]] == ["District of Prizren", "District of Peja", "District of Gjilan"]
    assert (admin1[3], admin2[3]) == (None, None)


def test_loading_refreshes_the_cached_index(mission):
    load_boundaries(boundary_file("XKX", 1), mission=mission, level=1)
    lon, lat = town("Prizren")
    assert AdminIndex.for_mission(mission.pk).assign_level(2, [lon], [lat]) == [None]
    load_boundaries(boundary_file("XKX", 2), mission=mission, level=2)
    (area_id,) = AdminIndex.for_mission(mission.pk).assign_level(2, [lon], [lat])
    assert AdminArea.objects.get(pk=area_id).name == "Municipality of Prizren"


def test_index_notices_a_load_made_by_another_process(mission, monkeypatch):
    """A web worker's cached index is rebuilt when boundaries change elsewhere (no invalidate() reaches it)."""
    load_boundaries(boundary_file("XKX", 1), mission=mission, level=1)
    lon, lat = town("Prizren")
    assert AdminIndex.for_mission(mission.pk).assign_level(2, [lon], [lat]) == [None]
    monkeypatch.setattr(AdminIndex, "invalidate", classmethod(lambda cls, mission_id=None: None))
    load_boundaries(boundary_file("XKX", 2), mission=mission, level=2)
    (area_id,) = AdminIndex.for_mission(mission.pk).assign_level(2, [lon], [lat])
    assert AdminArea.objects.get(pk=area_id).name == "Municipality of Prizren"
