"""CAR prefectures and sub-prefectures (name-only features, one invalid polygon) load and index correctly:
each sampled point gets the area a brute-force shapely `contains` over every polygon of the file gives."""

import random

import shapely
from shapely.geometry import shape

from peaceops.geo.index import AdminIndex
from peaceops.geo.loaders import load_boundaries
from peaceops.geo.models import AdminArea

from .conftest import boundary_file, raw_features, raw_shapes


def test_car_loads_with_names_as_codes_and_repairs(car_mission):
    adm1 = load_boundaries(boundary_file("CAF", 1), mission=car_mission, level=1)
    adm2 = load_boundaries(boundary_file("CAF", 2), mission=car_mission, level=2)
    invalid = sum(not shape(f["geometry"]).is_valid for f in raw_features(boundary_file("CAF", 1)))
    assert (adm1.created, adm1.repaired) == (17, invalid) and invalid >= 1
    assert adm2.created == 72
    assert set(AdminArea.objects.filter(level=2).values_list("code", flat=True)) == {
        f["properties"]["shapeName"] for f in raw_features(boundary_file("CAF", 2))}
    prefectures, sub_prefectures = raw_shapes(boundary_file("CAF", 1)), raw_shapes(boundary_file("CAF", 2))
    for area in AdminArea.objects.filter(level=2).select_related("parent"):
        own = sub_prefectures[area.name]
        assert area.parent.name == max(prefectures, key=lambda p: prefectures[p].intersection(own).area)


def test_assignment_equals_brute_force_containment(car_mission):
    for level in (1, 2):
        load_boundaries(boundary_file("CAF", level), mission=car_mission, level=level)
    rng = random.Random(20260301)
    shapes = {level: raw_shapes(boundary_file("CAF", level)) for level in (1, 2)}
    min_lon, min_lat, max_lon, max_lat = shapely.union_all(list(shapes[1].values())).bounds
    points = [(rng.uniform(min_lon - 0.5, max_lon + 0.5), rng.uniform(min_lat - 0.5, max_lat + 0.5))
              for _ in range(400)]
    lons, lats = zip(*points, strict=True)
    names = dict(AdminArea.objects.values_list("id", "name"))
    index = AdminIndex.for_mission(car_mission.pk)
    outside = 0
    for level in (1, 2):
        assigned = index.assign_level(level, lons, lats)
        for (lon, lat), area_id in zip(points, assigned, strict=True):
            point = shapely.Point(lon, lat)
            containing = {name for name, geometry in shapes[level].items() if geometry.contains(point)}
            if containing:
                assert area_id is not None and names[area_id] in containing, (lon, lat)
            else:
                outside += 1
                assert area_id is None, (lon, lat)
    assert outside > 0  # the sample reaches beyond the country, so None is exercised too
