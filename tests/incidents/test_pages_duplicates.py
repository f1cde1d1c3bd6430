"""The duplicate finder behind the reporting form's hint: near, same category and close in time is found;
far, other category, other time or invisible is not. Distances are checked against pyproj's geodesic."""

import datetime as dt

import pytest
from pyproj import Geod

from peaceops.core.choices import Classification
from peaceops.incidents.duplicates import likely_duplicates
from peaceops.incidents.models import Category
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

GEOD = Geod(ellps="WGS84")
HERE = (20.8671, 42.8914)  # Mitrovica bridge
WHEN = dt.datetime(2026, 3, 1, 14, 30, tzinfo=dt.UTC)


def offset(km: float, azimuth: float = 45.0) -> tuple[float, float]:
    """The point `km` from HERE along `azimuth`, by the WGS84 geodesic (independent of the code under test)."""
    lon, lat, _ = GEOD.fwd(HERE[0], HERE[1], azimuth, km * 1000)
    return lon, lat


def report(user, mission, title, km=0.0, azimuth=45.0, hours=0.0, category="mission/inter-ethnic", **extra):
    lon, lat = offset(km, azimuth) if km else HERE
    data = incident_data(title=title, lon=lon, lat=lat, occurred_start=WHEN + dt.timedelta(hours=hours),
                         category_path=category, **extra)
    return create_incident(acting_user=user, mission=mission, data=data)


@pytest.fixture
def reports(mission, people):
    watch = people["watch"]
    return {
        "near": report(watch, mission, "near", km=3.0, hours=-2),
        "near_other_side": report(watch, mission, "near other side", km=4.5, azimuth=250, hours=11),
        "far": report(watch, mission, "far", km=7.0),
        "far_east": report(watch, mission, "far east", km=5.6, azimuth=90),
        "other_category": report(watch, mission, "other category", km=1.0, category="mission/crime"),
        "too_early": report(watch, mission, "too early", km=1.0, hours=-13),
        "too_late": report(watch, mission, "too late", km=1.0, hours=14),
        "long_span": report(watch, mission, "long span", km=2.0, hours=-48,
                            occurred_end=WHEN - dt.timedelta(hours=10)),
        "kfor_secret": report(people["kfor"], mission, "kfor only", km=1.0,
                              classification=Classification.CONFIDENTIAL),
    }


def category(mission, path="mission/inter-ethnic"):
    return Category.objects.get(mission=mission, path=path)


def titles(found):
    return {d.incident.title for d in found}


def test_near_same_category_within_hours_found_others_not(mission, people, reports):
    found = likely_duplicates(people["watch"], mission, HERE[0], HERE[1], WHEN, category(mission))
    assert titles(found) == {"near", "near other side", "long span"}


def test_distances_and_time_gaps_reported(mission, people, reports):
    found = {d.incident.title: d for d in likely_duplicates(people["watch"], mission, *HERE, WHEN,
                                                             category(mission))}
    for title, expected_km in (("near", 3.0), ("near other side", 4.5), ("long span", 2.0)):
        assert found[title].km == pytest.approx(expected_km, rel=0.005)
    assert found["near"].hours == pytest.approx(2)
    assert found["near other side"].hours == pytest.approx(11)
    assert found["long span"].hours == pytest.approx(10)
    # Nearest in time first.
    ordered = likely_duplicates(people["watch"], mission, *HERE, WHEN, category(mission))
    assert [d.incident.title for d in ordered] == ["near", "long span", "near other side"]


def test_wider_radius_and_window_reach_further(mission, people, reports):
    found = likely_duplicates(people["watch"], mission, *HERE, WHEN, category(mission), km=8, hours=15)
    assert titles(found) == {"near", "near other side", "far", "far east", "too early", "too late", "long span"}


def test_only_incidents_the_user_may_see(mission, people, reports):
    kfor = likely_duplicates(people["kfor"], mission, *HERE, WHEN, category(mission))
    assert "kfor only" in titles(kfor)
    unmik = likely_duplicates(people["watch"], mission, *HERE, WHEN, category(mission))
    assert "kfor only" not in titles(unmik)


def test_without_category_every_category_counts(mission, people, reports):
    found = likely_duplicates(people["watch"], mission, *HERE, WHEN, None)
    assert titles(found) == {"near", "near other side", "long span", "other category"}


def test_limit_and_exclusion(mission, people, reports):
    found = likely_duplicates(people["watch"], mission, *HERE, WHEN, category(mission), limit=1)
    assert titles(found) == {"near"}
    found = likely_duplicates(people["watch"], mission, *HERE, WHEN, category(mission),
                              exclude_id=reports["near"].pk)
    assert titles(found) == {"near other side", "long span"}
