"""GET /api/v1/incidents: every filter against an independent computation over the seeded input data,
keyset pagination without duplicates or gaps, and a fixed number of queries whatever the page size."""

import datetime as dt

import pytest

from .conftest import API, walk
from .world import newest_first

SINCE, UNTIL = dt.datetime(2024, 6, 1, tzinfo=dt.UTC), dt.datetime(2025, 3, 3, tzinfo=dt.UTC)
BOX = (20.3, 42.2, 21.0, 42.9)


def in_box(r, box=BOX) -> bool:
    return box[0] <= r.data.lon <= box[2] and box[1] <= r.data.lat <= box[3]


def in_category(r, path) -> bool:
    own = r.data.category_path
    return bool(own) and (own == path or own.startswith(path + "/"))


def has_actor(r, name) -> bool:
    return any(a.name.lower() == name.lower() for a in r.data.actors)


def has_actor_for_watch(r, name) -> bool:
    """As the watch officer (UNMIK in UNMIK, MINUSCA in MINUSCA) may filter: witnesses and victims of incidents
    their organisation does not own are withheld (docs/user/partners.md), so there only other roles match."""
    return any(a.name.lower() == name.lower()
               and (r.owner in ("UNMIK", "MINUSCA") or a.role not in ("witness", "victim"))
               for a in r.data.actors)


def mentions(r, text) -> bool:
    text = text.lower()
    return any(text in s.lower() for s in (r.data.title, r.data.description, r.data.location_name))


FILTERS = {
    "bbox": ({"bbox": ",".join(map(str, BOX))}, in_box),
    "since": ({"since": "2024-06-01"}, lambda r: r.start >= SINCE),
    "until": ({"until": "2025-03-03T00:00:00Z"}, lambda r: r.start < UNTIL),
    "since+until": ({"since": "2024-06-01", "until": "2025-03-03"}, lambda r: SINCE <= r.start < UNTIL),
    "category-branch": ({"category": "acled"}, lambda r: in_category(r, "acled")),
    "category-nested": ({"category": "acled/battles"}, lambda r: in_category(r, "acled/battles")),
    "category-leaf": ({"category": "mission/crime"}, lambda r: in_category(r, "mission/crime")),
    "category-by-code": ({"category": "armed-clash"}, lambda r: in_category(r, "acled/battles/armed-clash")),
    "actor": ({"actor": "kosovo police"}, lambda r: has_actor_for_watch(r, "Kosovo Police")),
    "status": ({"status": "verified,closed"}, lambda r: r.data.status in ("verified", "closed")),
    "classification": ({"classification": "confidential"}, lambda r: r.data.classification == "CONFIDENTIAL"),
    "q": ({"q": "BRIDGE"}, lambda r: mentions(r, "bridge")),
    "mission": ({"mission": "MINUSCA"}, lambda r: r.mission == "MINUSCA"),
    "combined": (
        {"bbox": ",".join(map(str, BOX)), "since": "2024-06-01", "status": "reported,verified,draft"},
        lambda r: in_box(r) and r.start >= SINCE and r.data.status != "closed",
    ),
}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_returns_exactly_the_matching_visible_incidents(name, world, as_user):
    params, predicate = FILTERS[name]
    expected = [r for r in world.visible("watch") if predicate(r)]
    assert expected, "the seeded world should exercise this filter"
    items = walk(as_user("watch"), params)
    assert [i["id"] for i in items] == newest_first(expected)


@pytest.mark.parametrize("level", [1, 2])
def test_admin_area_filter_matches_the_region_or_municipality(level, world, as_user):
    name = "North" if level == 1 else "Southeast"
    expected = [r for r in world.visible("watch") if r.area(level) == name]
    assert expected
    items = walk(as_user("watch"), {"admin_area": world.areas[name]})
    assert [i["id"] for i in items] == newest_first(expected)
    assert {i[f"admin{level}_name"] for i in items} == {name}


def test_walking_every_page_gives_each_visible_incident_once_in_order(world, as_user):
    for username in ("watch", "kfor", "sc"):
        items = walk(as_user(username), limit=7)
        ids = [i["id"] for i in items]
        assert len(ids) == len(set(ids)), "no duplicates across pages"
        assert ids == newest_first(world.visible(username)), "no gaps, newest first"


def test_list_items_are_compact_and_right(world, as_user):
    items = {i["id"]: i for i in walk(as_user("sc"), limit=500)}
    for r in world.visible("sc"):
        item = items[r.id]
        assert dt.datetime.fromisoformat(item["occurred_start"]) == r.start
        assert (item["lon"], item["lat"]) == (r.data.lon, r.data.lat)
        assert item["category"] == (r.data.category_path or None)
        assert item["fatalities_best"] == r.fatalities[1]
        assert item["admin1_name"] == r.area(1) and item["admin2_name"] == r.area(2)
        assert item["classification"] == r.data.classification and item["status"] == r.data.status
        assert "description" not in item


def test_count_is_offered_on_request(world, as_user):
    body = as_user("kfor").get(API, {"count": "true", "limit": 5}).json()
    assert body["count"] == len(world.visible("kfor"))
    assert len(body["items"]) == 5
    assert as_user("kfor").get(API, {"limit": 5}).json()["count"] is None


def test_list_issues_the_same_few_queries_whatever_the_page_size(world, as_user, django_assert_max_num_queries):
    client = as_user("watch")
    client.get(API, {"limit": 1})  # the token's first use stamps last_used_at
    for limit in (5, 200):
        # token, memberships, the page, the mission codes
        with django_assert_max_num_queries(4):
            response = client.get(API, {"limit": limit, "since": "2024-01-01"})
        assert len(response.json()["items"]) == min(limit, len(world.visible("watch")))


def test_page_size_is_capped(world, as_user):
    response = as_user("watch").get(API, {"limit": 501})
    assert response.status_code == 422 and response.json()["field"] == "limit"
