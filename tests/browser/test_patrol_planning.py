"""Planning a patrol in a real browser: the watch officer draws a route of three points on the map, picks a unit
and saves; the patrol's page shows the route on its map. On a desktop screen and on a phone (390 x 844);
screenshots in test-output/browser/."""

import json
from pathlib import Path

import pytest

from peaceops.force.services import ContingentService, UnitService
from peaceops.geo.loaders import load_boundaries
from peaceops.operations.models import Patrol
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parents[2] / "peaceops" / "demo" / "data"


@pytest.fixture
def units(mission, people, orgs):
    names = json.loads((DEMO / "boundaries" / "kosovo_names.json").read_text(encoding="utf-8"))
    load_boundaries(DEMO / "boundaries" / "cgaz_XKX_ADM1.geojson", mission=mission, level=1, names=names)
    admin = people["admin"]
    contingent = ContingentService().create(acting_user=admin, mission=mission, data={
        "name": "Polish contingent", "country": "POL", "kind": "military", "classification": "PUBLIC"})
    return [UnitService().create(acting_user=admin, mission=mission, data={
        "contingent": contingent.pk, "name": name, "unit_type": "infantry_battalion", "classification": "PUBLIC"})
        for name in ("POLUKRBAT Alpha", "POLUKRBAT Bravo")]


def map_ready(page):
    page.wait_for_function("() => { const m = document.querySelector('#patrol-map');"
                           " return m && m.dataset.ready === '1' && m.dataset.fitted === '1'; }", timeout=20_000)
    return page.evaluate("() => ({...document.querySelector('#patrol-map').dataset})")


@pytest.mark.parametrize("width,height", [(1400, 900), (390, 844)])
def test_the_watch_draws_a_route_picks_a_unit_and_the_patrol_page_shows_it(page, signed_in, units, width, height):
    page.set_viewport_size({"width": width, "height": height})
    signed_in(page, "watch", next_path="/operations/patrols/new/")
    assert map_ready(page)["points"] == "0"
    assert page.locator("#path-json").get_attribute("open") is None  # the text box folded away behind the map
    page.fill("#id_name", "Foot patrol Mitrovica North")
    page.select_option("#id_patrol_type", "foot")
    page.fill("#id_planned_start", "2026-03-01T08:00")
    page.fill("#id_planned_end", "2026-03-01T14:00")
    canvas = page.locator("#patrol-map canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    clicks = ((0.3, 0.4), (0.5, 0.55), (0.7, 0.45), (0.8, 0.3))
    for fx, fy in clicks:
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.wait_for_function("() => document.querySelector('#patrol-map').dataset.points === '4'")
    page.click("#patrol-map-undo")  # one too many: the last point goes
    page.wait_for_function("() => document.querySelector('#patrol-map').dataset.points === '3'")
    drawn = json.loads(page.input_value("#id_path"))
    expected = page.evaluate("(pts) => pts.map(([x, y]) => { const r = document.querySelector('#patrol-map canvas')"
                             ".getBoundingClientRect(); const p = document.querySelector('#patrol-map').patrolMap"
                             ".unproject([r.width * x, r.height * y]); return [p.lng, p.lat]; })",
                             [list(c) for c in clicks[:3]])
    assert len(drawn) == 3
    for (lon, lat), (want_lon, want_lat) in zip(drawn, expected, strict=True):
        assert abs(lon - want_lon) < 0.01 and abs(lat - want_lat) < 0.01
    assert all(18 < lon < 24 and 41.7 < lat < 43.4 for lon, lat in drawn)  # around Kosovo, where the map fitted
    page.check(f"input[name=units][value='{units[1].pk}']")
    page.locator("#record-form").screenshot(path=str(SCREENSHOTS / f"patrol-planning-form-{width}x{height}.png"))
    page.click("#record-save")
    page.wait_for_selector("#patrol-map-card")
    shown = map_ready(page)
    assert shown["points"] == "3" and shown["mode"] == "show"
    patrol = Patrol.objects.get(name="Foot patrol Mitrovica North")
    assert patrol.path == drawn
    assert [u.unit_id for u in patrol.units.all()] == [units[1].pk]
    assert page.locator("#patrol-units").inner_text() == "POLUKRBAT Bravo"
    assert page.locator("#patrol-status").inner_text() == "Planned"
    page.locator("#patrol-map-card").screenshot(path=str(SCREENSHOTS / f"patrol-page-map-{width}x{height}.png"))
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width + 1  # nothing wider than the screen
    page.goto("/operations/patrols/?view=all")
    row = page.locator("#patrol-table tbody tr[data-status=planned]")
    assert row.locator("a").inner_text() == "Foot patrol Mitrovica North"
    assert row.locator(".badge.patrol-status").inner_text() == "Planned"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    assert row.locator("td.optional").first.is_visible() == (width > 640)  # type, day or night: not on a phone
    page.screenshot(path=str(SCREENSHOTS / f"patrol-list-{width}x{height}.png"))
