"""What changed: a region's week against the week before, as each user may see it."""

import datetime as dt

import pytest

from peaceops.testing.world import Seed, create, make_areas

SINCE, UNTIL = "2026-03-08", "2026-03-15"
NOW = dt.datetime(2026, 3, 10, 8, tzinfo=dt.UTC)
BEFORE = dt.datetime(2026, 3, 3, 8, tzinfo=dt.UTC)


def _seed(when, category, fatalities, municipality, classification="PUBLIC", n=0):
    return Seed(when + dt.timedelta(hours=n), category, fatalities, 0, municipality, classification, "UNMIK",
                f"{category} {municipality} {n}")


SEEDS = [
    # the week before: 3 crime and 2 inter-ethnic in Westmark, 1 crime in Eastfield
    *[_seed(BEFORE, "mission/crime", 0, "Westmark", n=i) for i in range(3)],
    *[_seed(BEFORE, "mission/inter-ethnic", 1, "Westmark", n=3 + i) for i in range(2)],
    _seed(BEFORE, "mission/crime", 0, "Eastfield", n=6),
    # this week: 1 crime, 5 inter-ethnic (2 killed each) in Westmark, 2 crime in Northeast (new), and one
    # confidential inter-ethnic incident in Northwest (new, but only for UNMIK)
    _seed(NOW, "mission/crime", 0, "Westmark"),
    *[_seed(NOW, "mission/inter-ethnic", 2, "Westmark", n=1 + i) for i in range(5)],
    *[_seed(NOW, "mission/crime", 0, "Northeast", n=6 + i) for i in range(2)],
    _seed(NOW, "mission/inter-ethnic", 3, "Northwest", "CONFIDENTIAL", n=9),
]


@pytest.fixture
def areas(mission, people):
    areas = make_areas(mission)
    create(SEEDS, mission, people)
    return areas


@pytest.mark.django_db
def test_changes_of_the_mission_as_kfor_sees_them(areas, client_as, people):
    body = client_as(people["kfor"]).get("/api/v1/analytics/changes",
                                         {"mission": "UNMIK", "since": SINCE, "until": UNTIL}).json()
    assert body["previous_period"]["since"].startswith("2026-03-01")
    assert body["incidents"] == {"now": 8, "before": 6, "change": 2, "percent": 33.3}
    assert body["fatalities"] == {"now": 10, "before": 2, "change": 8, "percent": 400.0}
    assert [(c["name"], c["change"]) for c in body["categories_rose"]] == [("Inter-ethnic incident", 3)]
    assert [(c["name"], c["change"]) for c in body["categories_fell"]] == [("Crime", -1)]
    assert [(a["name"], a["count"]) for a in body["new_areas"]] == [("Northeast", 2)]
    assert body["total"] == 8
    assert "8 incidents" in body["summary"] and "up from 6" in body["summary"]
    assert "Northeast" in body["summary"] and "Northwest" not in body["summary"]


@pytest.mark.django_db
def test_changes_include_confidential_records_for_their_owner(areas, client_as, people):
    body = client_as(people["viewer"]).get("/api/v1/analytics/changes",
                                           {"mission": "UNMIK", "since": SINCE, "until": UNTIL}).json()
    assert body["incidents"]["now"] == 9 and body["fatalities"]["now"] == 13
    assert {a["name"] for a in body["new_areas"]} == {"Northeast", "Northwest"}


@pytest.mark.django_db
def test_changes_of_one_admin_area(areas, client_as, people):
    body = client_as(people["kfor"]).get("/api/v1/analytics/changes", {
        "admin_area": areas["Westmark"].pk, "since": SINCE, "until": UNTIL}).json()
    assert body["region"] == "Westmark"
    assert body["incidents"] == {"now": 6, "before": 5, "change": 1, "percent": 20.0}
    assert body["new_areas"] == []
    assert body["summary"].startswith("6 incidents in Westmark from 2026-03-08 to 2026-03-15, up from 5")


@pytest.mark.django_db
def test_a_new_cluster_is_a_new_hotspot(mission, people, client_as):
    import random

    import h3

    from peaceops.incidents.services import create_incident
    from tests.factories import incident_data

    centre = h3.latlng_to_cell(42.9, 20.9, 7)
    lat, lon = h3.cell_to_latlng(centre)
    rng = random.Random(8)
    points = [(BEFORE, lon + rng.uniform(-0.4, 0.4), lat + rng.uniform(-0.3, 0.3)) for _ in range(20)]
    points += [(NOW, lon + rng.uniform(-0.4, 0.4), lat + rng.uniform(-0.3, 0.3)) for _ in range(20)]
    points += [(NOW, lon, lat)] * 12
    for i, (when, x, y) in enumerate(points):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title=f"p{i}", occurred_start=when, lon=x, lat=y))
    body = client_as(people["kfor"]).get("/api/v1/analytics/changes", {"since": SINCE, "until": UNTIL}).json()
    assert body["incidents"]["now"] == 32 and body["incidents"]["before"] == 20
    assert centre in [h["cell"] for h in body["new_hotspots"]]
    assert all(h["count"] > 0 for h in body["new_hotspots"])
    assert "new hotspot" in body["summary"]
