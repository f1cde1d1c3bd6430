"""The deployment sites layer on the COP in a real browser: UNMIK's Geo-PKO sites drawn as symbols with a legend
entry and a toggle, a site's popup linking to its page, and a CONFIDENTIAL site that KFOR does not get."""

import json
from pathlib import Path

import pytest

from peaceops.geo.loaders import load_boundaries
from peaceops.interop.records import import_records
from peaceops.sites.models import Site
from peaceops.sites.services import SiteService
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parents[2] / "peaceops" / "demo" / "data"


@pytest.fixture
def sites(mission, people, orgs):
    names = json.loads((DEMO / "boundaries" / "kosovo_names.json").read_text(encoding="utf-8"))
    for level in (0, 1, 2):
        load_boundaries(DEMO / "boundaries" / f"cgaz_XKX_ADM{level}.geojson", mission=mission, level=level,
                        names=names)
    import_records(SiteService(), DEMO / "geo_pko", format="geo-pko", mission=mission, acting_user=people["admin"])
    secret = Site.objects.get(mission=mission, name="Kosovska Mitrovica")
    SiteService().update(secret, acting_user=people["admin"], changes={"classification": "CONFIDENTIAL"})
    return list(Site.objects.filter(mission=mission))


def wait_layer(page, state="ready"):
    page.wait_for_function(f"() => document.querySelector('#cop-layers').dataset.sites === '{state}'",
                           timeout=20_000)
    return page.evaluate("() => ({...document.querySelector('#cop-layers').dataset})")


def test_the_watch_officer_sees_every_site_on_the_map_and_opens_one(page, signed_in, sites):
    signed_in(page, "watch")
    layer = wait_layer(page)
    assert layer["sitesCount"] == layer["sitesDrawn"] == str(len(sites))
    assert page.locator("#cop-layers label[data-layer=sites]").inner_text().strip().startswith("Deployment sites")
    assert page.locator("#cop-layers .legend-row[data-layer=sites] .chip").count() == 1
    prizren = next(s for s in sites if s.name == "Prizren")
    point = page.evaluate(f"() => COP.map.project([{prizren.lon}, {prizren.lat}])")
    page.mouse.click(page.locator("#cop-map canvas").bounding_box()["x"] + point["x"],
                     page.locator("#cop-map canvas").bounding_box()["y"] + point["y"])
    popup = page.locator(".layer-popup")
    popup.wait_for()
    assert popup.locator("a").inner_text() == "Prizren"
    popup.locator("a").click()
    page.wait_for_selector("#site-years")
    assert page.locator("#record-title").inner_text() == "Prizren"
    page.go_back()
    wait_layer(page)
    page.uncheck("#layer-sites-on")
    assert wait_layer(page, "off")["sitesCount"] == "0"


def test_kfor_does_not_get_the_confidential_site(page, signed_in, sites):
    signed_in(page, "kfor")
    layer = wait_layer(page)
    assert layer["sitesCount"] == layer["sitesDrawn"] == str(len(sites) - 1)


@pytest.mark.parametrize("width,height", [(1400, 900), (390, 844)])
def test_the_layers_legend_puts_each_layer_on_its_own_line(page, signed_in, sites, width, height):
    """The legend chip of a layer sits on its own line under the layer's toggle, inside the Layers box, on a
    desktop screen and on a phone (screenshots: test-output/browser/)."""
    page.set_viewport_size({"width": width, "height": height})
    signed_in(page, "watch")
    wait_layer(page)
    if page.locator("#cop-tab-filters").is_visible():  # on a phone the layers are in the "Filters and layers" tab
        page.click("#cop-tab-filters")
    box = page.locator("#cop-layers")
    box.scroll_into_view_if_needed()
    box.screenshot(path=str(SCREENSHOTS / f"sites-layer-legend-{width}x{height}.png"))
    toggle = page.locator("#layer-sites-on").bounding_box()
    row = page.locator("#cop-layers .legend-row[data-layer=sites]").bounding_box()
    chip = page.locator("#cop-layers .legend-row[data-layer=sites] .chip").bounding_box()
    frame = box.bounding_box()
    assert row["y"] >= toggle["y"] + toggle["height"] - 1, (toggle, row)  # below the toggle, not beside it
    assert abs(chip["x"] - toggle["x"]) < 4, (toggle, chip)  # lined up with the checkbox
    assert frame["x"] <= row["x"] and row["x"] + row["width"] <= frame["x"] + frame["width"] + 1, (frame, row)
    assert page.locator("#cop-layers .legend-row[data-layer=sites]").inner_text().strip() == "Deployment site"  # one symbol
    page.uncheck("#layer-sites-on")
    assert not page.locator("#cop-layers .legend-row[data-layer=sites]").is_visible()  # a hidden layer has no legend entry
