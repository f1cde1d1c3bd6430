"""The COP in a real browser: incidents at one point are one dot with their count on it, and a click lists them
(only those the user may see); the list follows live updates; a lone incident keeps its own popup."""

import datetime as dt
import json
from pathlib import Path

import pytest

from peaceops.core.choices import Classification
from peaceops.geo.loaders import load_boundaries
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOUNDARIES = Path(__file__).resolve().parents[2] / "peaceops" / "demo" / "data" / "boundaries"
START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
BRIDGE = (20.8700, 42.8900)  # North Mitrovica
ELSEWHERE = (20.8720, 42.8905)  # about 170 m away


@pytest.fixture
def bridge(mission, people, settings):
    """Kosovo's boundaries; 14 public incidents at one point, a confidential one KFOR may not see at the same
    point, and one public incident elsewhere. Returns the ids of the 14."""
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 8
    names = json.loads((BOUNDARIES / "kosovo_names.json").read_text(encoding="utf-8"))
    for level in (0, 1, 2):
        load_boundaries(BOUNDARIES / f"cgaz_XKX_ADM{level}.geojson", mission=mission, level=level, names=names)
    ids = []
    for n in range(14):
        incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
            title=f"Gathering at the bridge #{n}", lon=BRIDGE[0], lat=BRIDGE[1],
            occurred_start=START + dt.timedelta(hours=n)))
        ids.append(str(incident.pk))
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="UNMIK-only note at the bridge", lon=BRIDGE[0], lat=BRIDGE[1], occurred_start=START,
        classification=Classification.CONFIDENTIAL))
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Roadblock up the hill", lon=ELSEWHERE[0], lat=ELSEWHERE[1], occurred_start=START))
    return ids


def open_zoomed_in(page):
    """The COP zoomed in on the bridge (street level), once its markers are drawn."""
    page.goto("about:blank")
    page.goto(f"/#map=16/{BRIDGE[1]}/{BRIDGE[0]}")
    page.wait_for_function(
        "() => document.querySelector('#cop').dataset.state === 'ready' && "
        "document.querySelector('#cop-map').dataset.mode === 'points'", timeout=20_000)


def click_at(page, lon_lat):
    """Click the map where `lon_lat` is drawn."""
    box = page.locator("#cop-map").bounding_box()
    at = page.evaluate("(p) => COP.map.project(p)", list(lon_lat))
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def test_incidents_at_one_point_show_their_count_and_open_as_a_list(page, signed_in, mission, people, bridge):
    signed_in(page, "kfor")
    open_zoomed_in(page)
    assert page.evaluate("() => COP.map.ids().length") == 15  # the 14, and the one elsewhere (not the UNMIK one)
    page.wait_for_selector(".cluster-count >> text='14'")
    assert page.locator(".cluster-count").count() == 1  # the lone incident is a plain dot

    click_at(page, BRIDGE)
    stack = page.locator(".cop-stack")
    stack.wait_for()
    assert stack.get_attribute("data-count") == "14"
    assert "14 incidents at this point" in stack.inner_text()
    links = stack.locator("li a")
    assert links.count() == 14
    hrefs = {links.nth(i).get_attribute("href") for i in range(14)}
    assert hrefs == {f"/incidents/{pk}/" for pk in bridge}
    assert "UNMIK-only" not in stack.inner_text()
    assert "Public" in stack.locator("li").first.inner_text()  # the classification of each
    assert page.evaluate("() => document.querySelector('.cop-stack-list').scrollHeight > "
                         "document.querySelector('.cop-stack-list').clientHeight")  # long lists scroll

    # A new incident at the same point arrives live: the dot and the open list both say 15.
    page.wait_for_selector("#cop-live-status[data-state=open]")
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Second gathering at the bridge", lon=BRIDGE[0], lat=BRIDGE[1], occurred_start=START))
    page.wait_for_selector(".cop-stack[data-count='15']", timeout=20_000)
    assert "Second gathering at the bridge" in page.inner_text(".cop-stack")
    page.wait_for_selector(".cluster-count >> text='15'")

    # A click on the incident standing alone still opens its own popup.
    page.locator(".maplibregl-popup-close-button").click()
    click_at(page, ELSEWHERE)
    popup = page.locator(".cop-popup:not(.cop-stack)")
    popup.wait_for()
    assert "Roadblock up the hill" in popup.inner_text()
    assert page.locator(".cop-stack").count() == 0


def test_a_stack_seen_from_afar_opens_as_a_list_in_one_click(page, signed_in, bridge):
    """Zoomed out to the town, the 14 are part of nothing else: a click lists them rather than zooming in."""
    signed_in(page, "watch")
    page.goto("about:blank")
    page.goto(f"/#map=10/{BRIDGE[1]}/{BRIDGE[0]}")
    page.wait_for_function("() => document.querySelector('#cop-map').dataset.mode === 'points'", timeout=20_000)
    page.wait_for_selector(".cluster-count >> text='16'")  # the watch officer also sees the UNMIK one ...
    click_at(page, BRIDGE)  # ... and the roadblock, 170 m away, is in the same dot at this zoom
    page.wait_for_function("() => COP.view() && COP.view().zoom > 12", timeout=15_000)
    page.wait_for_selector(".cluster-count >> text='15'", timeout=15_000)
    click_at(page, BRIDGE)
    stack = page.locator(".cop-stack")
    stack.wait_for()
    assert stack.locator("li a").count() == 15
    assert "Confidential" in stack.inner_text()
