"""The UNMIK scenario generator: deterministic, inside Kosovo, dense in the north, labelled synthetic."""

import datetime as dt
from collections import Counter

import pytest
import shapely

from peaceops.core.choices import Classification
from peaceops.demo.scenario import ScenarioGenerator

TODAY = dt.date(2026, 3, 1)
NORTH = [
    "Municipality of North Mitrovica",
    "Municipality of Zveçan",
    "Municipality of Leposaviq",
    "Municipality of Zubin Potok",
]
MISSION_CATEGORIES = {
    "inter-ethnic",
    "demonstration",
    "freedom-of-movement",
    "crime",
    "arrest",
    "explosive-hazard",
    "attack-on-un",
}


@pytest.fixture(scope="module")
def incidents(kosovo):
    return list(ScenarioGenerator(kosovo, today=TODAY, seed=7).generate(300))


def _points(incidents):
    return shapely.points([i.data.lon for i in incidents], [i.data.lat for i in incidents])


def test_same_seed_and_day_give_the_same_incidents_and_a_smaller_run_is_a_prefix(kosovo, incidents):
    again = list(ScenarioGenerator(kosovo, today=TODAY, seed=7).generate(300))
    assert again == incidents
    assert list(ScenarioGenerator(kosovo, today=TODAY, seed=7).generate(50)) == incidents[:50]
    other_seed = list(ScenarioGenerator(kosovo, today=TODAY, seed=8).generate(50))
    assert [i.data.title for i in other_seed] != [i.data.title for i in incidents[:50]]


def test_the_scenario_covers_the_two_years_before_today(kosovo, incidents):
    starts = [i.data.occurred_start for i in incidents]
    assert min(starts).date() >= TODAY - dt.timedelta(days=731)
    assert max(i.data.occurred_end for i in incidents).date() <= TODAY
    assert max(starts).date() >= TODAY - dt.timedelta(days=30)
    assert min(starts).date() <= TODAY - dt.timedelta(days=700)
    assert all(i.data.reported_at >= i.data.occurred_end for i in incidents)
    later = list(ScenarioGenerator(kosovo, today=TODAY + dt.timedelta(days=365), seed=7).generate(300))
    assert min(i.data.occurred_start for i in later).date() >= TODAY + dt.timedelta(days=365 - 731)


def test_every_point_lies_inside_kosovo(incidents, kosovo_polygon):
    inside = shapely.contains(kosovo_polygon, _points(incidents))
    outside = [
        (i.data.lon, i.data.lat, i.data.location_name)
        for i, ok in zip(incidents, inside, strict=True)
        if not ok
    ]
    assert outside == []


def test_the_north_and_mitrovica_get_far_more_than_their_share_of_area(
    incidents, kosovo_polygon, kosovo_areas
):
    points = _points(incidents)
    north = shapely.union_all([kosovo_areas[name] for name in NORTH])
    district = kosovo_areas["District of Mitrovica"]
    for region, factor in ((north, 2.5), (district, 1.8)):
        area_share = region.area / kosovo_polygon.area
        incident_share = shapely.contains(region, points).mean()
        assert incident_share > factor * area_share, (incident_share, area_share)
    bridge = shapely.Point(20.8667, 42.8914).buffer(0.005)
    assert shapely.contains(bridge, points).sum() >= 3


def test_the_category_mix_is_mostly_mission_categories_and_covers_them(incidents):
    paths = Counter(i.data.category_path for i in incidents)
    mission = {path.split("/", 1)[1] for path in paths if path.startswith("mission/")}
    assert MISSION_CATEGORIES <= mission
    assert sum(n for path, n in paths.items() if path.startswith("mission/")) > 0.85 * len(incidents)
    attacks_on_un = paths["mission/attack-on-un"]
    assert 0 < attacks_on_un < 0.08 * len(incidents)


def test_every_incident_is_labelled_synthetic(incidents):
    assert all(i.data.title.startswith("[SYNTHETIC] ") for i in incidents)
    assert all(
        "generated" in i.data.description and "did not happen" in i.data.description for i in incidents
    )
    assert [i.data.external_id for i in incidents] == [f"synthetic-unmik-{n}" for n in range(1, 301)]


def test_classification_releasability_and_owners(incidents):
    for i in incidents:
        i.data.validate()
    owners = Counter(i.owner for i in incidents)
    assert set(owners) == {"UNMIK", "KFOR", "KP"}
    assert owners["UNMIK"] > owners["KFOR"] and owners["UNMIK"] > owners["KP"]
    levels = Counter(i.data.classification for i in incidents)
    assert levels[Classification.PUBLIC] > 0.6 * len(incidents)
    assert 0 < levels[Classification.STRICTLY_CONFIDENTIAL] < 0.06 * len(incidents)
    kfor_only = [
        i
        for i in incidents
        if i.data.classification == Classification.CONFIDENTIAL
        and i.owner == "UNMIK"
        and i.data.releasable_to == ["KFOR"]
    ]
    assert len(kfor_only) >= 5


def test_casualties_are_mostly_zero_with_some_injuries_and_sources_are_graded(incidents):
    injured = [i for i in incidents if any(c.injured_best for c in i.data.casualties)]
    assert 0.03 * len(incidents) < len(injured) < 0.25 * len(incidents)
    assert all(i.data.actors for i in incidents)
    grades = Counter(s.reliability + s.credibility for i in incidents for s in i.data.sources)
    assert len(grades) >= 4 and all(
        s.reliability in "ABCDEF" and s.credibility in "123456" for i in incidents for s in i.data.sources
    )


def test_weekly_seasonal_and_flare_up_rhythm(kosovo):
    starts = [
        i.data.occurred_start.astimezone(dt.UTC).date()
        for i in ScenarioGenerator(kosovo, today=TODAY, seed=7).generate(3000)
    ]
    by_weekday = Counter(d.weekday() for d in starts)
    assert by_weekday[5] > 1.15 * (by_weekday[1] + by_weekday[2]) / 2  # Saturday busier than mid-week
    summer = sum(1 for d in starts if d.month in (6, 7, 8))
    winter = sum(1 for d in starts if d.month in (12, 1, 2))
    assert summer > 1.4 * winter  # both seasons appear twice in a two-year window ending on 1 March
    crisis = TODAY - dt.timedelta(days=1 + 250)  # the invented crisis peaks 250 days before the last day
    in_crisis = sum(1 for d in starts if crisis - dt.timedelta(days=2) <= d <= crisis + dt.timedelta(days=5))
    assert in_crisis > 2.5 * 8 * len(starts) / 730


def test_descriptions_never_name_their_sources(incidents):
    """Partners from whom sources are withheld still read the description: it must not carry them."""
    for incident in incidents:
        description = incident.data.description
        assert incident.data.sources
        for source in incident.data.sources:
            assert source.reference not in description, description
            assert "SYN-" not in description and "graded" not in description, description
