"""The COP page and its data endpoints (Django test client): who may see what, filters, hexagons, points,
histogram and list. Expected answers are computed from the seeded input data, never from the database."""

import datetime as dt
import json
import math
import random
import re
from collections import Counter
from dataclasses import dataclass

import h3
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peaceops.core.choices import Classification, Role
from peaceops.incidents.choices import IncidentStatus
from peaceops.incidents.inputs import CasualtyData
from peaceops.incidents.services import create_incident
from tests.factories import incident_data, member

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: Around Kosovo; the west half (lon < 20.9) is used for the bbox tests.
WEST_BBOX = (20.0, 42.0, 20.9, 43.3)
CATEGORIES = ["mission/crime", "mission/inter-ethnic", "acled/riots/mob-violence", "acled/battles", ""]


@dataclass
class Seeded:
    """One seeded incident as the tests know it: where, when, what, and which of the two users may see it."""

    id: str
    lon: float
    lat: float
    start: dt.datetime
    category: str
    status: str
    fatalities: int
    seen_by_watch: bool
    seen_by_kfor: bool


def sees(org: str, owner: str, classification: str, released: list[str]) -> bool:
    """Whether a plain member of `org` (no strictly-confidential role) may see a record."""
    if classification == "PUBLIC":
        return True
    return classification == "CONFIDENTIAL" and (owner == org or org in released)


def hexagon(s: Seeded, resolution: int) -> str:
    """The hexagon an incident is counted in: the ancestor of its fine (resolution 12) cell. H3 is not
    geometrically nested, so near an edge this can differ from the coarse cell containing the point."""
    return h3.cell_to_parent(h3.latlng_to_cell(s.lat, s.lon, 12), resolution)


def seed(mission, people, count: int, *, days: int = 90, rng_seed: int = 7) -> list[Seeded]:
    """`count` incidents by UNMIK and KFOR: PUBLIC, CONFIDENTIAL released to the other or not, STRICTLY
    CONFIDENTIAL; visibility worked out from the rules as a user would state them."""
    rng = random.Random(rng_seed)
    seeded = []
    for n in range(count):
        reporter = rng.choice(["watch", "kfor"])
        owner = "UNMIK" if reporter == "watch" else "KFOR"
        other = "KFOR" if owner == "UNMIK" else "UNMIK"
        classification = rng.choice(["PUBLIC", "PUBLIC", "CONFIDENTIAL", "CONFIDENTIAL", "STRICTLY_CONFIDENTIAL"])
        released = [other] if classification != "PUBLIC" and rng.random() < 0.5 else []
        lon, lat = round(rng.uniform(20.1, 21.7), 5), round(rng.uniform(42.1, 43.2), 5)
        start = START + dt.timedelta(days=rng.randrange(days), hours=rng.randrange(24))
        category = rng.choice(CATEGORIES)
        status = rng.choice([IncidentStatus.REPORTED, IncidentStatus.VERIFIED])
        killed = rng.choice([0, 0, 0, 1, 3])
        data = incident_data(
            title=f"Incident {n}", lon=lon, lat=lat, occurred_start=start, category_path=category,
            classification=classification, releasable_to=released, status=status,
            casualties=[CasualtyData(group="civilians", killed_low=killed, killed_best=killed, killed_high=killed)],
        )
        incident = create_incident(acting_user=people[reporter], mission=mission, data=data)

        seeded.append(Seeded(str(incident.pk), lon, lat, start, category, status, killed,
                             seen_by_watch=sees("UNMIK", owner, classification, released),
                             seen_by_kfor=sees("KFOR", owner, classification, released)))
    return seeded


def in_bbox(s: Seeded, bbox) -> bool:
    return bbox[0] <= s.lon <= bbox[2] and bbox[1] <= s.lat <= bbox[3]


def bbox_param(bbox) -> str:
    return ",".join(str(v) for v in bbox)


@pytest.fixture
def world(mission, people):
    return seed(mission, people, 60)


def test_anonymous_users_are_sent_to_sign_in(client, db):
    for url in ["/", "/cop/list/", "/cop/hexes.geojson", "/cop/points.geojson", "/cop/histogram.json", "/cop/live"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_watch_officer_sees_the_cop_with_map_filters_and_list(client_as, people, world):
    response = client_as(people["watch"]).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="cop-map"' in html and 'id="cop-histogram"' in html
    assert "maplibre-gl-csp.js" in html and "maplibre-gl-csp-worker.js" in html
    assert '<option value="mission/crime">' in html  # the category tree select
    expected = sum(s.seen_by_watch for s in world)
    assert f'data-total="{expected}"' in html  # the list before the map has moved: all the visible incidents
    assert "<script>" not in html  # the CSP allows no inline script


def test_a_user_without_a_mission_is_told_so(client_as, db):
    from tests.factories import UserFactory

    response = client_as(UserFactory(username="nobody")).get("/")
    assert response.status_code == 200
    assert b"not a member of any mission" in response.content
    assert client_as(UserFactory(username="nobody")).get("/cop/points.geojson").json()["features"] == []


@pytest.mark.parametrize("who", ["watch", "kfor"])
def test_points_hold_exactly_the_incidents_the_user_may_see(client_as, people, world, who):
    body = client_as(people[who]).get("/cop/points.geojson").json()
    got = {f["id"] for f in body["features"]}
    expected = {s.id for s in world if getattr(s, f"seen_by_{who}")}
    assert got == expected
    assert body["overflow"] is False and body["count"] == len(expected)
    hidden = {s.id for s in world} - expected
    assert hidden, "the seed must hold incidents this user may not see"
    assert not got & hidden


def test_kfor_never_gets_a_unmik_only_confidential_incident_anywhere(client_as, mission, people, world):
    secret = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK-only confidential", lon=20.5, lat=42.5, occurred_start=START + dt.timedelta(days=200),
        classification=Classification.CONFIDENTIAL))
    client = client_as(people["kfor"])
    kfor_expected = [s for s in world if s.seen_by_kfor]
    points = client.get("/cop/points.geojson").json()
    assert str(secret.pk) not in {f["id"] for f in points["features"]}
    hexes = client.get("/cop/hexes.geojson?zoom=8").json()
    assert sum(f["properties"]["count"] for f in hexes["features"]) == hexes["count"] == len(kfor_expected)
    histogram = client.get("/cop/histogram.json").json()
    assert histogram["total"] == len(kfor_expected)
    assert all(b["key"] < "2026-07" for b in histogram["buckets"])  # nothing on the secret's day
    listing = client.get("/cop/list/").content.decode()
    assert "UNMIK-only confidential" not in listing and str(secret.pk) not in listing
    assert f'data-total="{len(kfor_expected)}"' in listing
    # ...while the watch officer of UNMIK does get it.
    watch = client_as(people["watch"]).get("/cop/points.geojson").json()
    assert str(secret.pk) in {f["id"] for f in watch["features"]}


def test_hexagons_count_the_visible_incidents_per_h3_cell_at_the_zoom_resolution(client_as, people, world):
    body = client_as(people["watch"]).get("/cop/hexes.geojson", {"zoom": "8"}).json()
    resolution = body["resolution"]
    expected = Counter(hexagon(s, resolution) for s in world if s.seen_by_watch)
    got = {f["properties"]["cell"]: f["properties"]["count"] for f in body["features"]}
    assert got == dict(expected)
    killed = Counter()
    for s in world:
        if s.seen_by_watch:
            killed[hexagon(s, resolution)] += s.fatalities
    assert {f["properties"]["cell"]: f["properties"]["fatalities"] for f in body["features"]} == dict(killed)
    feature = body["features"][0]
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7  # a closed hexagon
    lat, lon = h3.cell_to_latlng(feature["properties"]["cell"])
    assert min(p[0] for p in ring) < lon < max(p[0] for p in ring)


def test_hexagons_are_some_twenty_to_sixty_pixels_wide_at_every_zoom():
    """The resolution chosen for a zoom gives hexagons a user can see and click, not dots or blankets."""
    from peaceops.web.cop.params import resolution_for_zoom

    latitude = 42.6
    for zoom in [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]:
        metres_per_pixel = 40075016.686 * math.cos(math.radians(latitude)) / (512 * 2**zoom)
        width_m = 2 * h3.average_hexagon_edge_length(resolution_for_zoom(zoom), unit="m")
        assert 12 <= width_m / metres_per_pixel <= 80, zoom


def test_filters_in_the_query_string_apply_to_points_hexes_and_list(client_as, people, world):
    client = client_as(people["watch"])
    query = {"category": "mission/crime", "since": "2026-02-01", "until": "2026-03-01",
             "bbox": bbox_param(WEST_BBOX)}
    expected = {s.id for s in world if s.seen_by_watch and s.category == "mission/crime"
                and dt.datetime(2026, 2, 1, tzinfo=dt.UTC) <= s.start < dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
                and in_bbox(s, WEST_BBOX)}
    assert expected
    assert {f["id"] for f in client.get("/cop/points.geojson", query).json()["features"]} == expected
    assert client.get("/cop/hexes.geojson", query).json()["count"] == len(expected)
    listing = client.get("/cop/list/", query).content.decode()
    assert f'data-total="{len(expected)}"' in listing
    assert set(re.findall(r'data-incident="([0-9a-f-]+)"', listing)) == expected


def test_category_filter_includes_subcategories_and_status_filter_applies(client_as, people, world):
    client = client_as(people["kfor"])
    acled = {s.id for s in world if s.seen_by_kfor and s.category.startswith("acled/")}
    assert {f["id"] for f in client.get("/cop/points.geojson", {"category": "acled"}).json()["features"]} == acled
    verified = {s.id for s in world if s.seen_by_kfor and s.status == IncidentStatus.VERIFIED}
    got = client.get("/cop/points.geojson", {"status": "verified"}).json()["features"]
    assert {f["id"] for f in got} == verified


def test_the_histogram_counts_per_day_and_ignores_the_time_window(client_as, people, world):
    client = client_as(people["watch"])
    body = client.get("/cop/histogram.json", {"since": "2026-02-01", "until": "2026-02-05"}).json()
    assert body["by"] == "day"
    expected = Counter(s.start.date().isoformat() for s in world if s.seen_by_watch)
    assert {b["key"]: b["count"] for b in body["buckets"]} == dict(expected)
    first = body["buckets"][0]
    assert dt.date.fromisoformat(first["end"]) - dt.date.fromisoformat(first["start"]) == dt.timedelta(days=1)
    crime = client.get("/cop/histogram.json", {"category": "mission/crime"}).json()
    assert crime["total"] == sum(1 for s in world if s.seen_by_watch and s.category == "mission/crime")


def test_the_histogram_counts_per_week_over_a_longer_span(client_as, mission, people):
    world = seed(mission, people, 40, days=400, rng_seed=3)
    body = client_as(people["kfor"]).get("/cop/histogram.json").json()
    assert body["by"] == "week"
    mondays = Counter((s.start.date() - dt.timedelta(days=s.start.weekday())).isoformat()
                      for s in world if s.seen_by_kfor)
    assert {b["key"]: b["count"] for b in body["buckets"]} == dict(mondays)
    assert all(dt.date.fromisoformat(b["start"]).weekday() == 0 for b in body["buckets"])


def test_the_list_paginates_sorts_and_links_each_row_to_its_incident(client_as, people, world):
    client = client_as(people["watch"])
    visible = sorted((s for s in world if s.seen_by_watch), key=lambda s: s.start, reverse=True)
    assert len(visible) > 25
    first = client.get("/cop/list/").content.decode()
    second = client.get("/cop/list/", {"page": "2"}).content.decode()
    first_ids = re.findall(r'data-incident="([0-9a-f-]+)"', first)
    second_ids = re.findall(r'data-incident="([0-9a-f-]+)"', second)
    assert first_ids == [s.id for s in visible[:25]]  # newest first by default
    assert second_ids == [s.id for s in visible[25:50]]
    assert f'href="/incidents/{visible[0].id}/"' in first
    by_killed = client.get("/cop/list/", {"sort": "-fatalities_best"}).content.decode()
    top = re.findall(r'data-incident="([0-9a-f-]+)"', by_killed)[0]
    assert next(s for s in visible if s.id == top).fatalities == max(s.fatalities for s in visible)


def test_a_bad_filter_answers_400_naming_the_field(client_as, people, world):
    client = client_as(people["watch"])
    response = client.get("/cop/points.geojson", {"since": "yesterday"})
    assert response.status_code == 400 and response.json()["field"] == "since"
    assert client.get("/cop/hexes.geojson", {"bbox": "1,2,3"}).json()["field"] == "bbox"
    listing = client.get("/cop/list/", {"category": "no-such-thing"})
    assert listing.status_code == 400 and b'data-field="category"' in listing.content
    page = client.get("/", {"status": "lost"})
    assert page.status_code == 200 and b'data-field="status"' in page.content


def test_too_many_points_tell_the_map_to_stay_on_hexagons(client_as, people, world, monkeypatch):
    visible = sum(s.seen_by_watch for s in world)
    client = client_as(people["watch"])
    monkeypatch.setattr("peaceops.web.cop.data.POINTS_CAP", visible)
    body = client.get("/cop/points.geojson").json()
    assert body["overflow"] is False and len(body["features"]) == visible
    monkeypatch.setattr("peaceops.web.cop.data.POINTS_CAP", visible - 1)
    body = client.get("/cop/points.geojson").json()
    assert body["overflow"] is True and body["features"] == []


def test_points_carry_category_names_and_colours_for_the_legend(client_as, people, world):
    body = client_as(people["watch"]).get("/cop/points.geojson").json()
    by_group = {}
    for feature in body["features"]:
        p = feature["properties"]
        if not p["category"]:
            assert p["group"] == "" and p["category_name"] == ""
            continue
        assert p["group"] == "/".join(p["category"].split("/")[:2])
        assert re.fullmatch(r"#[0-9a-f]{6}", p["colour"])
        by_group.setdefault(p["group"], set()).add(p["colour"])
    assert set(by_group) == {"mission/crime", "mission/inter-ethnic", "acled/riots", "acled/battles"}
    assert all(len(colours) == 1 for colours in by_group.values())
    assert len({c for colours in by_group.values() for c in colours}) == len(by_group)
    names = {f["properties"]["category"]: f["properties"]["category_name"] for f in body["features"]}
    assert names["mission/crime"] == "Crime"


URLS = ["/", "/cop/list/", "/cop/hexes.geojson?zoom=8", "/cop/points.geojson", "/cop/histogram.json"]


def _query_counts(client) -> dict[str, int]:
    counts = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_incidents(client_as, mission, people):
    client = client_as(people["watch"])
    seed(mission, people, 10, rng_seed=1)
    few = _query_counts(client)
    seed(mission, people, 90, rng_seed=2)
    many = _query_counts(client)
    assert few == many
    assert max(many.values()) <= 16  # 15, and the header's bell (one indexed count) on the page


def test_a_user_of_two_missions_sees_only_the_current_one(client_as, mission, orgs, people, world):
    from tests.factories import MissionFactory

    other = MissionFactory(code="MINUSCA")
    watch = member(other, orgs["UNMIK"], Role.WATCH_OFFICER, username="watch")
    elsewhere = create_incident(acting_user=watch, mission=other, data=incident_data(
        title="In the other mission", lon=18.5, lat=4.4))
    client = client_as(watch)
    session = client.session
    session["mission_id"] = mission.pk
    session.save()
    ids = {f["id"] for f in client.get("/cop/points.geojson").json()["features"]}
    assert str(elsewhere.pk) not in ids and len(ids) == sum(s.seen_by_watch for s in world)
    session["mission_id"] = other.pk
    session.save()
    ids = {f["id"] for f in client.get("/cop/points.geojson").json()["features"]}
    assert ids == {str(elsewhere.pk)}


def test_script_strings_and_areas_are_passed_as_json_not_code(client_as, people, world):
    html = client_as(people["watch"]).get("/").content.decode()
    strings = re.search(r'<script id="cop-strings" type="application/json">(.*?)</script>', html, re.S)
    assert strings and json.loads(strings.group(1))["inView"] == "incidents in view"


def test_every_script_and_style_the_page_names_is_served(client_as, people, world):
    client = client_as(people["watch"])
    html = client.get("/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html) + re.findall(r'data-worker-url="([^"]+)"', html)
    assert any(a.endswith("cop/cop.js") for a in assets) and any(a.endswith("cop/cop.css") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset


def test_the_list_stops_counting_at_the_cap_and_says_so(client_as, people, world, monkeypatch):
    """Counting a million rows takes seconds: past the cap the list says "more than" instead of a number."""
    from peaceops.web.cop import tables

    visible = sum(s.seen_by_watch for s in world)
    monkeypatch.setattr(tables, "COUNT_CAP", visible - 1)
    listing = client_as(people["watch"]).get("/cop/list/").content.decode()
    assert f"More than {visible - 1} incidents in view" in listing
    assert f'data-capped="{visible - 1}"' in listing
    assert listing.count('data-incident="') == tables.PAGE_SIZE  # the first page is still listed
    monkeypatch.setattr(tables, "COUNT_CAP", visible)
    listing = client_as(people["watch"]).get("/cop/list/").content.decode()
    assert f'data-total="{visible}"' in listing and "More than" not in listing
