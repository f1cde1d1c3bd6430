"""The dashboard loads the early-warning section, which shows this week's unusual municipalities and the
hotspots of the last 28 days of what the user may see."""

import datetime as dt
import random
import re

import h3
import pytest
from django.utils import timezone

from peaceops.testing.world import Seed, create, make_areas
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/analytics/early-warning/"


def test_the_dashboard_loads_the_section_with_htmx(client_as, people, mission):
    html = client_as(people["viewer"]).get("/dashboard/").content.decode()
    assert f'hx-get="{URL}?as_of={timezone.now().date().isoformat()}"' in html


def test_the_section_follows_the_dashboards_charts_up_to_day(client_as, people, mission):
    """A dashboard drawn up to a past day shows the unusual municipalities and hotspots of that time, not of
    today (the section used to ignore the day)."""
    areas = make_areas(mission)
    then = dt.datetime(2025, 3, 12, 10, tzinfo=dt.UTC)  # a Wednesday
    create([Seed(then - dt.timedelta(hours=i), "mission/crime", 0, 0, "Westmark", "PUBLIC", "UNMIK", f"Then {i}")
            for i in range(5)], mission, people)
    client = client_as(people["viewer"])
    dashboard = client.get("/dashboard/?as_of=2025-03-14").content.decode()
    assert f'hx-get="{URL}?as_of=2025-03-14"' in dashboard
    then_html = client.get(URL, {"as_of": "2025-03-14"}, headers={"HX-Request": "true"}).content.decode()
    assert f'data-area="{areas["Westmark"].pk}"' in then_html
    assert "week of 2025-03-10" in then_html and "up to 2025-03-14" in then_html
    today_html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert f'data-area="{areas["Westmark"].pk}"' not in today_html


def test_a_bad_as_of_is_an_error_naming_it(client_as, people, mission):
    response = client_as(people["viewer"]).get(URL, {"as_of": "14/03/2025"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and 'data-field="as_of"' in response.content.decode()


@pytest.mark.parametrize("url", [URL, "/analytics/risk/"])
def test_a_section_opened_by_its_own_link_is_a_whole_page(client_as, people, mission, url):
    """The dashboard fetches the section with htmx (a bare fragment); its link opened in a tab or without
    JavaScript gives the same section inside the site's page, with navigation back to the dashboard."""
    client = client_as(people["viewer"])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    page = client.get(url).content.decode()
    assert "<html" not in fragment and "site-header" not in fragment
    assert "<html" in page and "site-header" in page and 'href="/dashboard/"' in page
    body = fragment.split(">", 1)[0]  # the fragment's opening <div id="...-body">
    assert body in page


def _now_seeds(municipality, classification, count):
    now = timezone.now() - dt.timedelta(minutes=5)
    return [Seed(now - dt.timedelta(minutes=i), "mission/crime", 0, 0, municipality, classification, "UNMIK",
                 f"{municipality} {classification} {i}") for i in range(count)]


def test_the_section_shows_anomalies_and_hotspots(client_as, people, mission):
    areas = make_areas(mission)
    create(_now_seeds("Westmark", "PUBLIC", 4) + _now_seeds("Eastfield", "CONFIDENTIAL", 5), mission, people)
    html = client_as(people["kfor"]).get(URL).content.decode()
    assert f'data-area="{areas["Westmark"].pk}"' in html
    assert f'data-area="{areas["Eastfield"].pk}"' not in html  # confidential to UNMIK, not released to KFOR
    html = client_as(people["viewer"]).get(URL).content.decode()
    assert f'data-area="{areas["Eastfield"].pk}"' in html


def test_a_cluster_shows_as_a_hotspot(client_as, people, mission):
    from peaceops.incidents.services import create_incident
    from tests.factories import incident_data

    centre = h3.latlng_to_cell(42.9, 20.9, 7)
    lat, lon = h3.cell_to_latlng(centre)
    when = timezone.now() - dt.timedelta(days=2)
    rng = random.Random(4)
    background = [(rng.uniform(-0.4, 0.4), rng.uniform(-0.3, 0.3)) for _ in range(25)]
    for i, (dlon, dlat) in enumerate([(0, 0)] * 12 + background):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title=f"n{i}", occurred_start=when, lon=lon + dlon, lat=lat + dlat))
    html = client_as(people["viewer"]).get(URL).content.decode()
    assert f'data-cell="{centre}"' in html
    cells = re.findall(r'data-cell="(\w+)"', html)
    assert all(h3.grid_distance(centre, cell) <= 1 for cell in cells)  # only cells with incidents, near it


def test_a_user_without_mission_is_told_so(client_as, db):
    html = client_as(UserFactory(username="nobody")).get(URL).content.decode()
    assert "not a member of any mission" in html


def test_anonymous_visitors_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def _cluster(mission, people, lat, lon, title, seed):
    """Twelve incidents at the centre of a cell two days ago, among 25 scattered around it: one hotspot."""
    from peaceops.incidents.services import create_incident
    from tests.factories import incident_data

    lat, lon = h3.cell_to_latlng(h3.latlng_to_cell(lat, lon, 7))
    when = timezone.now() - dt.timedelta(days=2)
    rng = random.Random(seed)
    background = [(rng.uniform(-0.4, 0.4), rng.uniform(-0.3, 0.3)) for _ in range(25)]
    for i, (dlon, dlat) in enumerate([(0, 0)] * 12 + background):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title=f"{title} {i}", occurred_start=when, lon=lon + dlon, lat=lat + dlat))


def test_the_section_issues_the_same_queries_whatever_the_incidents(client_as, people, mission):
    """The section's queries do not grow with the incidents nor with the hotspots: a world with one cluster and
    one with two clusters and sixty more incidents cost the same (naming the hotspots by place is one batch,
    a fixed number of queries once there is any hotspot)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peaceops.testing.world import random_seeds

    make_areas(mission)
    client = client_as(people["kfor"])
    today = timezone.now().date()
    counts, found = [], []
    _cluster(mission, people, 42.9, 20.9, "first", 4)
    for grow in (lambda: None,
                 lambda: (_cluster(mission, people, 42.4, 20.3, "second", 5),
                          create(random_seeds(60, today - dt.timedelta(days=20), today), mission, people))):
        grow()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(URL).content.decode()
        counts.append(len(queries))
        found.append(len(re.findall(r"data-cell=", html)))
    assert 0 < found[0] < found[1]
    assert counts[0] == counts[1] <= 14


def test_a_hotspot_is_named_by_its_place_in_the_readers_language(client_as, people, mission):
    """The hotspots read as places a watch officer knows, as on the analysts' hotspots page, in the reader's
    language; the H3 id stays out of the text."""
    from django.test import Client

    from peaceops.geo.named import save_named_place

    areas = make_areas(mission)
    centre = h3.latlng_to_cell(42.3, 20.25, 7)  # in Westmark
    lat, lon = h3.cell_to_latlng(centre)
    save_named_place(mission, {"name": "Old bridge", "names": {"sq": "Ura e vjetër"}, "kind": "bridge",
                               "lon": lon + 0.002, "lat": lat})
    _cluster(mission, people, lat, lon, "near the bridge", 4)

    def row(language):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(people["viewer"])
        html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
        return re.search(rf'<tr data-cell="{centre}"[^>]*>(.*?)</tr>', html, re.S).group(1)

    english, albanian = row("en"), row("sq")
    assert re.findall(r"<td[^>]*>(.*?)</td>", english)[:3] == ["Old bridge", areas["Westmark"].name, "12"]
    assert re.findall(r"<td[^>]*>(.*?)</td>", albanian)[:1] == ["Ura e vjetër"]
    assert centre not in english
