"""Weekly trends and anomaly flags: the API's numbers equal an independent count of the seeded incidents as each
user may see them, and the anomaly rule works as documented."""

import datetime as dt
import math
from collections import Counter

import pytest

from peaceops.analytics.trends import anomaly
from peaceops.testing import world
from peaceops.testing.world import Seed, create, make_areas, random_seeds, visible_to_org

AS_OF = dt.date(2026, 3, 15)  # a Sunday: the latest week is Monday 9 to Sunday 15 March
LATEST = dt.date(2026, 3, 9)
FIRST = LATEST - dt.timedelta(weeks=12)


def test_anomaly_rule_by_hand():
    assert anomaly(3, [0] * 12)["anomaly"]  # a quiet area with 3 incidents
    assert not anomaly(2, [0] * 12)["anomaly"]  # fewer than 3 is never flagged
    alternating = [2, 8] * 6  # mean 5, sd 3: flagged above 11
    assert not anomaly(11, alternating)["anomaly"]
    result = anomaly(12, alternating)
    assert result["anomaly"] and result["baseline_mean"] == 5 and result["baseline_sd"] == 3
    # Poisson tail with rate 1: P(X >= 3) = 1 - e^-1 (1 + 1 + 1/2)
    assert anomaly(3, [1] * 12)["p_value"] == pytest.approx(1 - 2.5 / math.e)


def _spike() -> list[Seed]:
    """Six public incidents in Westmark in the latest week."""
    moment = dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC)
    return [Seed(moment + dt.timedelta(hours=i), "mission/crime", 1, 0, "Westmark", "PUBLIC", "UNMIK", f"spike {i}")
            for i in range(6)]


def _expected(seeds, org, areas, key) -> Counter:
    """(group, week Monday) -> count, of what a member of `org` sees."""
    counts = Counter()
    for s in seeds:
        if not visible_to_org(s, org):
            continue
        day = s.occurred.date()
        counts[key(s, areas), day - dt.timedelta(days=day.weekday())] += 1
    return counts


def _seeded():
    areas = make_areas(world.mission())
    seeds = random_seeds(90, FIRST, LATEST, seed=3) + _spike()
    create(seeds, world.mission(), world.people())
    return areas, seeds


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The areas and the seeded incidents, recorded once for the module (its tests only read them; the test
    that records incidents of its own is in test_trends_release.py)."""
    yield from world.built_once(django_db_blocker, _seeded)


@pytest.mark.django_db
@pytest.mark.parametrize("org, username", [("KFOR", "kfor"), ("UNMIK", "viewer")])
def test_weekly_counts_per_municipality_equal_the_seeds(seeded, client_as, people, org, username):
    areas, seeds = seeded
    body = client_as(people[username]).get("/api/v1/analytics/trends",
                                           {"mission": "UNMIK", "by": "admin2", "as_of": AS_OF}).json()
    mondays = [FIRST + dt.timedelta(weeks=i) for i in range(13)]
    assert body["weeks"] == [m.isoformat() for m in mondays]
    expected = _expected(seeds, org, areas, lambda s, a: a[s.municipality].pk if s.municipality else None)
    got = {(g["key"], dt.date.fromisoformat(w)): n for g in body["groups"] for w, n in zip(body["weeks"], g["weeks"],
                                                                                          strict=True) if n}
    assert got == dict(expected)
    assert body["total"] == sum(expected.values())
    westmark = next(g for g in body["groups"] if g["key"] == areas["Westmark"].pk)
    assert westmark["anomaly"] and westmark["latest"] == expected[areas["Westmark"].pk, LATEST]
    assert body["groups"][0]["anomaly"]  # anomalies first


@pytest.mark.django_db
def test_weekly_counts_per_region_and_category(seeded, client_as, people):
    areas, seeds = seeded
    client = client_as(people["kfor"])
    regions = client.get("/api/v1/analytics/trends", {"by": "admin1", "as_of": AS_OF}).json()
    expected = _expected(seeds, "KFOR", areas, lambda s, a: a[s.region].pk if s.region else None)
    assert {g["key"]: g["total"] for g in regions["groups"]} == {
        k: sum(n for (key, _w), n in expected.items() if key == k) for k, _w in expected}
    categories = client.get("/api/v1/analytics/trends", {"by": "category", "as_of": AS_OF}).json()
    by_path = Counter(s.category.split("/")[-1] or None for s in seeds if visible_to_org(s, "KFOR"))
    got = {g["label"].split("(")[-1].rstrip(")").split("/")[-1] if g["key"] else None: g["total"]
           for g in categories["groups"]}
    assert got == dict(by_path)
    top = client.get("/api/v1/analytics/trends", {"by": "category", "depth": 1, "as_of": AS_OF}).json()
    by_root = Counter(s.category.split("/")[0] or None for s in seeds if visible_to_org(s, "KFOR"))
    assert {g["key"]: g["total"] for g in top["groups"]} == dict(by_root)
