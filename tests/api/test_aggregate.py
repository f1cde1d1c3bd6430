"""GET /api/v1/incidents/aggregate: every grouping against an independent computation over the seeded input
data (h3 with h3.latlng_to_cell, weeks with isocalendar...), with filters, and never counting hidden records."""

import datetime as dt
from collections import defaultdict

import h3
import pytest

from .conftest import API

AGG = API + "/aggregate"
WINDOW = {"bbox": "20.2,42.1,21.7,43.1", "since": "2024-04-01", "until": "2025-09-15"}
SINCE, UNTIL = dt.datetime(2024, 4, 1, tzinfo=dt.UTC), dt.datetime(2025, 9, 15, tzinfo=dt.UTC)


def in_window(r) -> bool:
    return 20.2 <= r.data.lon <= 21.7 and 42.1 <= r.data.lat <= 43.1 and SINCE <= r.start < UNTIL


def monday(r) -> str:
    day = r.start.date()
    return (day - dt.timedelta(days=day.isocalendar().weekday - 1)).isoformat()


def expected_buckets(records, key) -> dict:
    """{key: (count, fatalities low, best, high, injured best)} computed in Python."""
    sums = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in records:
        s = sums[key(r)]
        s[0] += 1
        for i, value in enumerate((*r.fatalities, r.injured_best), start=1):
            s[i] += value
    return {k: tuple(v) for k, v in sums.items()}


def answered(body) -> dict:
    return {b["key"]: (b["count"], b["fatalities_low"], b["fatalities_best"], b["fatalities_high"],
                       b["injured_best"]) for b in body["buckets"]}


def h3_bucket(r, resolution: int) -> str:
    """The H3 hierarchy's ancestor at `resolution` of the point's resolution-12 cell (H3 cells do not nest
    exactly: for about 6% of points this differs from latlng_to_cell at the coarse resolution)."""
    return h3.cell_to_parent(h3.latlng_to_cell(r.data.lat, r.data.lon, 12), resolution)


def key_for(by, world, resolution=None):
    ids = world.areas
    return {
        "h3": lambda r: h3_bucket(r, resolution),
        "admin1": lambda r: ids.get(r.area(1)),
        "admin2": lambda r: ids.get(r.area(2)),
        "category": lambda r: r.data.category_path or None,
        "day": lambda r: r.start.date().isoformat(),
        "week": monday,
        "month": lambda r: r.start.strftime("%Y-%m"),
    }[by]


CASES = [("h3", 4), ("h3", 7), ("h3", 12), ("admin1", None), ("admin2", None), ("category", None),
         ("day", None), ("week", None), ("month", None)]


@pytest.mark.parametrize("windowed", [False, True], ids=["all", "viewport+window"])
@pytest.mark.parametrize(("by", "resolution"), CASES)
def test_buckets_match_an_independent_count(by, resolution, windowed, world, as_user):
    params = {"by": by, **({"resolution": resolution} if resolution is not None else {})}
    records = world.visible("watch")
    if windowed:
        params.update(WINDOW)
        records = [r for r in records if in_window(r)]
    response = as_user("watch").get(AGG, params)
    assert response.status_code == 200, response.content
    body = response.json()
    expected = expected_buckets(records, key_for(by, world, resolution))
    assert answered(body) == expected
    totals = expected_buckets(records, lambda r: "all")["all"]
    t = body["total"]
    assert (t["count"], t["fatalities_low"], t["fatalities_best"], t["fatalities_high"], t["injured_best"]) == totals


def test_labels_name_the_bucket(world, as_user):
    client = as_user("watch")
    weeks = {b["key"]: b["label"] for b in client.get(AGG, {"by": "week"}).json()["buckets"]}
    # 2024-12-31 lies in ISO week 1 of 2025, whose Monday is 2024-12-30
    assert weeks["2024-12-30"] == "2025-W01"
    # Sunday 23:59:59 and Monday 00:00 fall in different weeks
    assert "2025-02-24" in weeks and "2025-03-03" in weeks
    areas = {b["key"]: b["label"] for b in client.get(AGG, {"by": "admin2"}).json()["buckets"]}
    assert areas[world.areas["Northeast"]] == "Northeast"
    cats = {b["key"]: b["label"] for b in client.get(AGG, {"by": "category"}).json()["buckets"]}
    assert cats["mission/crime"] == "Crime"
    time_keys = [b["key"] for b in client.get(AGG, {"by": "month"}).json()["buckets"]]
    assert time_keys == sorted(time_keys)


def test_category_depth_rolls_up_to_the_top_branch(world, as_user):
    body = as_user("watch").get(AGG, {"by": "category", "depth": 1}).json()
    expected = expected_buckets(world.visible("watch"),
                                lambda r: r.data.category_path.split("/")[0] if r.data.category_path else None)
    assert answered(body) == expected
    assert {b["label"] for b in body["buckets"] if b["key"] == "acled"} == {"ACLED event types"}


@pytest.mark.parametrize("username", ["kfor", "osce", "viewer", "sc", "nobody"])
def test_aggregates_never_count_what_the_user_cannot_see(username, world, as_user):
    body = as_user(username).get(AGG, {"by": "month"}).json()
    assert body["total"]["count"] == len(world.visible(username))
    assert answered(body) == expected_buckets(world.visible(username), key_for("month", world))


def test_category_filter_applies_to_aggregates(world, as_user):
    body = as_user("watch").get(AGG, {"by": "category", "category": "acled/battles"}).json()
    records = [r for r in world.visible("watch") if r.data.category_path.startswith("acled/battles")]
    assert answered(body) == expected_buckets(records, key_for("category", world))


@pytest.mark.parametrize(("params", "field"), [
    ({"by": "year"}, "by"),
    ({}, "by"),
    ({"by": "h3", "resolution": 13}, "resolution"),
    ({"by": "h3", "resolution": -1}, "resolution"),
    ({"by": "h3", "resolution": "fine"}, "resolution"),
    ({"by": "day", "resolution": 5}, "resolution"),
    ({"by": "day", "since": "yesterday"}, "since"),
    ({"by": "day", "bbox": "1,2,3"}, "bbox"),
    ({"by": "day", "category": "no-such-thing"}, "category"),
])
def test_bad_parameters_answer_422_naming_the_field(params, field, world, as_user):
    response = as_user("watch").get(AGG, params)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert field in response.json()["detail"]


VIEWPORTS = ["20.9,42.5,21.0,42.56", "20.5,42.3,20.9,42.6", "20.02,41.9,21.75,43.2", "21.31,42.2,21.31,42.2"]


@pytest.mark.parametrize("mission", [None, "UNMIK"], ids=["no-mission", "mission"])
@pytest.mark.parametrize("bbox", VIEWPORTS, ids=["village", "district", "whole", "point"])
@pytest.mark.parametrize("username", ["watch", "kfor"])
def test_viewports_of_every_size_match_an_independent_count(bbox, mission, username, world, as_user):
    """Small views are read by H3 cell ranges, views wide beside the mission's extent by the time index; both
    must give exactly what a plain lon/lat test over the visible records gives."""
    x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
    records = [r for r in world.visible(username) if x0 <= r.data.lon <= x1 and y0 <= r.data.lat <= y1
               and (mission is None or r.mission == mission)]
    params = {"by": "h3", "resolution": 8, "bbox": bbox, **({"mission": mission} if mission else {})}
    body = as_user(username).get(AGG, params).json()
    assert answered(body) == expected_buckets(records, key_for("h3", world, 8))
    del params["resolution"]
    day = as_user(username).get(AGG, {**params, "by": "day"}).json()
    assert day["total"]["count"] == len(records)


TALLIED = [
    ({"by": "week"}, None),
    ({"by": "category", "classification": "PUBLIC,CONFIDENTIAL"}, None),
    ({"by": "day", "since": "2024-04-01", "until": "2025-09-15", "category": "acled"}, None),
    ({"by": "month", "mission": "UNMIK", "bbox": "-180,-90,180,90"}, None),
    ({"by": "h3", "resolution": 5, "since": "2024-04-01", "until": "2025-09-01"}, None),
    ({"by": "admin2", "since": "2024-04-01", "until": "2025-09-01"}, None),
    ({"by": "admin1"}, None),
]


@pytest.mark.parametrize("username", ["watch", "kfor", "sc", "osce"])
@pytest.mark.parametrize(("params", "_"), TALLIED)
def test_whole_mission_questions_are_answered_from_the_tallies_exactly(params, _, username, world, as_user):
    """No filter the tallies are not keyed by, whole days or months, a bbox holding every incident: the answer
    comes from the tally tables (not the incident rows) and equals the independent count for each user."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    records = world.visible(username)
    if "since" in params:
        since = dt.datetime.fromisoformat(params["since"]).replace(tzinfo=dt.UTC)
        until = dt.datetime.fromisoformat(params["until"]).replace(tzinfo=dt.UTC)
        records = [r for r in records if since <= r.start < until]
    if "category" in params:
        records = [r for r in records if r.data.category_path.startswith(params["category"])]
    if "mission" in params:
        records = [r for r in records if r.mission == params["mission"]]
    if "classification" in params:
        records = [r for r in records if r.data.classification in params["classification"].split(",")]
    with CaptureQueriesContext(connection) as queries:
        body = as_user(username).get(AGG, params).json()
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "tally" in sql and 'FROM "incidents_incident"' not in sql
    assert answered(body) == expected_buckets(records, key_for(params["by"], world, params.get("resolution")))


def test_a_bbox_cutting_through_the_incidents_is_read_from_the_incidents(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = as_user("watch").get(AGG, {"by": "month", **WINDOW}).json()
    assert 'FROM "incidents_incident"' in " ".join(q["sql"] for q in queries.captured_queries)
    records = [r for r in world.visible("watch") if in_window(r)]
    assert answered(body) == expected_buckets(records, key_for("month", world))


def test_a_district_view_is_read_through_the_area_cells_around_it(world, as_user):
    """A view small beside the mission's extent names the area cells around it, so the database can seek the
    cell index (on SQLite, named in the query) instead of reading the whole time window."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peaceops.geo.h3cells import parent_sql
    from peaceops.incidents.models import AREA_CELL_RESOLUTION

    with CaptureQueriesContext(connection) as queries:
        body = as_user("watch").get(AGG, {"by": "day", "mission": "UNMIK", "bbox": VIEWPORTS[1]}).json()
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    cell = parent_sql('"incidents_incident"."h3_cell"', AREA_CELL_RESOLUTION)
    assert any(f"{cell} IN (" in sql for sql in grouped), grouped
    if connection.vendor == "sqlite":
        assert any('INDEXED BY "incident_cell_idx"' in sql for sql in grouped)
    x0, y0, x1, y1 = (float(v) for v in VIEWPORTS[1].split(","))
    assert body["total"]["count"] == len([r for r in world.visible("watch") if r.mission == "UNMIK"
                                          and x0 <= r.data.lon <= x1 and y0 <= r.data.lat <= y1])
