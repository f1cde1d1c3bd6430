"""The analysts' pages under the header's Analytics menu: an analyst opens trends (charts and a table with the
unusual periods flagged), what changed in an area, and the hotspots named by place; a viewer has no menu entry
and is refused; an analyst of a partner organisation sees figures of what is released to it only."""

import datetime as dt
import json
import re

import h3
import pytest
from django.utils import timezone

from peaceops.core.choices import Role
from peaceops.geo.models import Place
from peaceops.testing.world import Seed, create, make_areas
from tests.factories import member

pytestmark = pytest.mark.django_db
PAGES = ["/analytics/", "/analytics/trends/", "/analytics/changes/", "/analytics/hotspots/",
         "/analytics/external-forecasts/import/"]


@pytest.fixture
def analysts(mission, orgs, people):
    return {"unmik": member(mission, orgs["UNMIK"], Role.ANALYST, username="analyst"),
            "kfor": member(mission, orgs["KFOR"], Role.ANALYST, username="kfor-analyst")}


def _this_week(municipality, classification, owner, count, category="mission/crime"):
    """`count` incidents of the last minutes, kept inside this UTC week and month (a run just after Monday's or
    the month's midnight seeds them in its first seconds instead)."""
    now = timezone.now()
    start = max(now.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=now.weekday()),
                now.replace(day=1, hour=0, minute=0, second=0, microsecond=0))
    return [Seed(max(now - dt.timedelta(minutes=5 + i), start + dt.timedelta(seconds=i)), category, 1, 0,
                 municipality, classification, owner, f"{municipality} {classification} {i}")
            for i in range(count)]


@pytest.fixture
def world(mission, people):
    """This week: Westmark 5 PUBLIC incidents (1 killed each), Eastfield 4 CONFIDENTIAL to UNMIK; nothing
    before, so both stand out against their empty past, for those who see them."""
    areas = make_areas(mission)
    create(_this_week("Westmark", "PUBLIC", "UNMIK", 5) + _this_week("Eastfield", "CONFIDENTIAL", "UNMIK", 4),
           mission, people)
    return areas


def test_an_analyst_has_the_menu_entry_and_the_landing_page(client_as, analysts, people):
    client = client_as(analysts["unmik"])
    header = client.get("/dashboard/").content.decode()
    assert '<a href="/analytics/">Analytics</a>' in header
    page = client.get("/analytics/").content.decode()
    for url in ("/analytics/trends/", "/analytics/changes/", "/analytics/hotspots/", "/analytics/risk/",
                "/analytics/external-forecasts/", "/analytics/external-forecasts/import/"):
        assert f'href="{url}"' in page


@pytest.mark.parametrize("who", ["viewer", "reporter", "kfor"])
def test_others_have_no_menu_entry_and_are_refused(client_as, people, who):
    client = client_as(people[who])
    assert 'href="/analytics/"' not in client.get("/dashboard/").content.decode()
    for url in PAGES:
        assert client.get(url).status_code == 403, url


def test_trends_flag_the_unusual_week_of_what_the_analyst_sees(client_as, analysts, world):
    html = client_as(analysts["unmik"]).get("/analytics/trends/").content.decode()
    for name in ("Westmark", "Eastfield"):
        pk = world[name].pk
        chart = re.search(rf'<figure class="trend card flagged" data-group="{pk}">(.*?)</figure>', html, re.S)
        assert chart and "unusual" in chart.group(1) and "<svg" in chart.group(1)
        assert '<rect' in chart.group(1) and 'fill="#D55E00"' in chart.group(1)  # the flagged week's bar
        row = re.search(rf'<tr data-group="{pk}" class="flagged">(.*?)</tr>', html, re.S).group(1)
        cells = re.findall(r'<td class="num">(\d+)</td>', row)
        assert cells[-1] == str(5 if name == "Westmark" else 4) and set(cells[:-1]) == {"0"}  # 13 weeks
        assert len(cells) == 13
    assert "2 flagged;" in html and "9 incidents you may see" in html


def test_a_partner_analyst_sees_only_what_is_released_to_it(client_as, analysts, world):
    client = client_as(analysts["kfor"])
    html = client.get("/analytics/trends/").content.decode()
    assert f'data-group="{world["Westmark"].pk}"' in html
    assert f'data-group="{world["Eastfield"].pk}"' not in html
    assert "1 flagged;" in html and "5 incidents you may see" in html
    changes = client.get("/analytics/changes/").content.decode()
    assert re.search(r'data-measure="incidents"><th scope="row">Incidents</th><td class="num">5</td>', changes)


def test_monthly_trends_by_category(client_as, analysts, world):
    html = client_as(analysts["unmik"]).get("/analytics/trends/", {"interval": "month", "by": "category"}).content.decode()
    month = timezone.now().strftime("%Y-%m")
    assert f"<th class=\"num\">{month}</th>" in html and "months before" in html
    row = re.search(r'<tr data-group="\d+" class="flagged"><th scope="row">Crime \(mission/crime\)</th>(.*?)</tr>',
                    html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row)[-1] == "9"


def test_what_changed_in_an_area(client_as, analysts, world):
    today = timezone.now().date()
    html = client_as(analysts["unmik"]).get("/analytics/changes/", {
        "area": world["West"].pk, "since": (today - dt.timedelta(days=6)).isoformat(),
        "until": today.isoformat()}).content.decode()
    assert "5 incidents in West, up from 0 in the period before." in html  # the summary names the area
    assert re.search(r'data-measure="incidents"><th scope="row">Incidents</th><td class="num">5</td>'
                     r'<td class="num">0</td><td class="num">\+5</td>', html)
    assert f'data-area="{world["Westmark"].pk}"' in html  # newly affected
    assert f'data-area="{world["Eastfield"].pk}"' not in html  # not in West


def test_bad_dates_are_explained(client_as, analysts, world):
    client = client_as(analysts["unmik"])
    response = client.get("/analytics/changes/", {"since": "2026-02-30"})
    assert response.status_code == 400 and "From must be a date, YYYY-MM-DD (not 2026-02-30)" in response.content.decode()
    for page in ("/analytics/hotspots/", "/analytics/changes/"):
        response = client.get(page, {"since": "2026-03-10", "until": "2026-03-01"})
        html = response.content.decode()
        assert response.status_code == 400 and "To must not be before the first day" in html, page
        assert 'name="since" value="2026-03-10"' in html and 'name="until" value="2026-03-01"' in html, page


def test_hotspots_are_named_by_the_nearest_place_and_area(client_as, analysts, mission, people):
    import random

    from peaceops.incidents.services import create_incident
    from tests.factories import incident_data

    areas = make_areas(mission)
    centre = h3.latlng_to_cell(42.3, 20.25, 7)  # in Westmark
    lat, lon = h3.cell_to_latlng(centre)
    Place.objects.create(name="Bridgetown", lon=lon + 0.01, lat=lat, feature_class="P", population=900)
    Place.objects.create(name="Far Away", lon=lon + 0.6, lat=lat, feature_class="P", population=90000)
    when = timezone.now() - dt.timedelta(days=2)
    rng = random.Random(4)
    background = [(rng.uniform(-0.2, 0.2), rng.uniform(-0.15, 0.15)) for _ in range(25)]
    for i, (dlon, dlat) in enumerate([(0, 0)] * 12 + background):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title=f"n{i}", occurred_start=when, lon=lon + dlon, lat=lat + dlat))
    html = client_as(analysts["unmik"]).get("/analytics/hotspots/").content.decode()
    row = re.search(rf'<tr data-cell="{centre}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[:3] == ["Bridgetown", "Westmark", "12"]
    assert centre not in row  # the id is in the row's attributes only, not its text
    features = json.loads(re.search(r'<script id="hotspot-features" type="application/json">(.*?)</script>',
                                    html, re.S).group(1))
    labels = [f["properties"]["label"] for f in features["features"]]
    assert "Bridgetown, Westmark" in labels
    assert all(f["geometry"]["type"] == "Polygon" for f in features["features"])
    assert areas["Westmark"].name == "Westmark"


def _hotspot_row(client, cell) -> list[str]:
    html = client.get("/analytics/hotspots/").content.decode()
    row = re.search(rf'<tr data-cell="{cell}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


def test_hotspots_are_named_after_a_site_only_for_those_who_see_it(client_as, analysts, mission, people):
    """The hotspots are named by the same batch lookup as a map click's nearest place (geo.search.nearest_places):
    a deployment site nearer than any town names the cell for the analyst who may see the site, and the partner's
    analyst, to whom it is not released, reads the town instead."""
    import random

    from peaceops.incidents.services import create_incident
    from peaceops.sites.services import SiteService
    from tests.factories import incident_data

    make_areas(mission)
    centre = h3.latlng_to_cell(42.3, 20.25, 7)
    lat, lon = h3.cell_to_latlng(centre)
    Place.objects.create(name="Bridgetown", lon=lon + 0.01, lat=lat, feature_class="P", population=900)
    SiteService().create(acting_user=people["admin"], mission=mission, data={
        "name": "Camp Westmark", "site_type": "camp", "lon": lon, "lat": lat + 0.001,
        "classification": "CONFIDENTIAL"})
    when = timezone.now() - dt.timedelta(days=2)
    rng = random.Random(4)
    background = [(rng.uniform(-0.2, 0.2), rng.uniform(-0.15, 0.15)) for _ in range(25)]
    for i, (dlon, dlat) in enumerate([(0, 0)] * 12 + background):
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
            title=f"n{i}", occurred_start=when, lon=lon + dlon, lat=lat + dlat, classification="PUBLIC"))
    assert _hotspot_row(client_as(analysts["unmik"]), centre)[:3] == ["Camp Westmark", "Westmark", "12"]
    assert _hotspot_row(client_as(analysts["kfor"]), centre)[:3] == ["Bridgetown", "Westmark", "12"]
