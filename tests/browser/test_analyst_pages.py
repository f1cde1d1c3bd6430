"""An analyst clicks through the header's Analytics menu: trends with the unusual week flagged, what changed,
the hotspots drawn on the map and named by place, and the import form; on a 390 px phone the pages do not
scroll sideways (wide tables scroll inside their box)."""

import datetime as dt

import h3
import pytest
from django.utils import timezone

from peaceops.core.choices import Role
from peaceops.geo.models import Place
from peaceops.testing.world import make_areas
from tests.factories import incident_data, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(mission, orgs, people):
    from peaceops.incidents.services import create_incident

    areas = make_areas(mission)
    analyst = member(mission, orgs["UNMIK"], Role.ANALYST, username="analyst")
    centre = h3.latlng_to_cell(42.3, 20.25, 7)
    lat, lon = h3.cell_to_latlng(centre)
    Place.objects.create(name="Bridgetown", lon=lon + 0.01, lat=lat, feature_class="P")
    # this week's, whatever the hour: minutes back from the start of a Monday would be last week's
    when = timezone.now() - dt.timedelta(minutes=1)
    spread = [(0, 0)] * 12 + [((i % 5 - 2) * 0.08, (i // 5 - 2) * 0.06) for i in range(25)]
    for i, (dlon, dlat) in enumerate(spread):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title=f"n{i}", occurred_start=when - dt.timedelta(seconds=i),
                                           lon=lon + dlon, lat=lat + dlat))
    return {"analyst": analyst, "areas": areas, "centre": centre}


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.querySelector('main').scrollWidth <= window.innerWidth")


def test_an_analyst_clicks_through_the_analytics_menu(page, world, signed_in):
    signed_in(page, "analyst", next_path="/dashboard/")
    page.click(".main-nav a[href='/analytics/']")
    page.wait_for_selector("h1:has-text('Analytics')")

    page.click("#analytics-nav a[href='/analytics/trends/']")
    westmark = world["areas"]["Westmark"].pk
    flagged = page.locator(f"#trend-charts figure.flagged[data-group='{westmark}']")
    flagged.wait_for()
    assert flagged.locator("svg rect").count() == 13  # one bar per week
    page.select_option("#f-interval", "month")
    page.click("#trend-filters button[type=submit]")
    page.wait_for_url("**interval=month**")
    assert page.locator(f"#trend-table tr[data-group='{westmark}'] td").count() == 15  # 13 months + 2

    page.click("#analytics-nav a[href='/analytics/changes/']")
    page.wait_for_selector("#change-summary")
    assert "37 incidents in" in page.inner_text("#change-summary")

    page.click("#analytics-nav a[href='/analytics/hotspots/']")
    page.wait_for_selector(f"#hotspot-table tr[data-cell='{world['centre']}']")
    assert "Bridgetown" in page.inner_text(f"#hotspot-table tr[data-cell='{world['centre']}']")
    page.wait_for_selector("#hotspot-map[data-state='ready']")
    page.wait_for_selector(".hotspot-label:has-text('Bridgetown, Westmark')")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/analytics/trends/", "/analytics/changes/", "/analytics/hotspots/",
                 "/analytics/external-forecasts/import/"):
        page.goto(path)
        page.wait_for_load_state("load")
        assert _no_sideways_scroll(page), path
