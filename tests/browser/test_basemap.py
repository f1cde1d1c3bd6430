"""The offline base map in a real browser: with the tests' sample archive installed the COP and the incident
page draw its roads, water, buildings and place names (in the user's language, with the shipped glyphs) under
the mission's layers; without one the COP still works, with the neighbouring countries drawn as land.
Screenshots in test-output/browser."""

import pytest

from peaceops.incidents.services import create_incident
from peaceops.testing.basemap import CENTRE, write_sample_archive
from tests.browser.test_cop import kosovo, wait_ready  # noqa: F401  (kosovo: boundaries and 50 incidents)
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("kosovo")]

LON, LAT = CENTRE


@pytest.fixture
def archive(settings, tmp_path):
    settings.PEACEOPS_BASEMAP = write_sample_archive(tmp_path / "mitrovica.pmtiles")
    return settings.PEACEOPS_BASEMAP


def drawn(page, condition: str, lnglat=None) -> list[str]:
    """The base map features drawn (layer/source layer), once `condition` holds of them (a JS expression on
    `names`); the map draws tiles and labels asynchronously."""
    page.wait_for_function("(at) => { const names = COP.map.drawn(at); return " + condition + "; }",
                           arg=lnglat, timeout=20_000)
    return page.evaluate("(at) => COP.map.drawn(at)", lnglat)


def test_cop_draws_the_installed_base_map_at_street_level(page, signed_in, archive):
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    signed_in(page, "watch")
    page.goto("about:blank")
    page.goto(f"/#map=13/{LAT}/{LON}")
    wait_ready(page)
    assert page.get_attribute("#cop-map", "data-basemap") == "streets"
    names = drawn(page, "names.includes('places_locality/places') && names.includes('roads_major/roads')")
    assert {"earth/earth", "water/water", "buildings/buildings", "roads_major/roads",
            "places_locality/places"} <= set(names)
    assert "OpenStreetMap contributors" in page.inner_text("#cop-map .maplibregl-ctrl-attrib")
    # PeaceOps' own layers are on top of the base map.
    order = page.evaluate("() => COP.map.layerOrder()")
    assert order.index("places_locality") < order.index("regions") < order.index("clusters")
    assert not [text for text in console if "glyph" in text.lower() or "Could not load" in text]


def test_cop_labels_in_serbian_cyrillic_use_the_shipped_glyphs(page, signed_in, archive):
    glyphs = []
    page.on("response", lambda response: glyphs.append((response.url, response.status))
            if "/basemap/glyphs/" in response.url else None)
    signed_in(page, "watch")
    wait_ready(page)
    with page.expect_navigation():
        page.select_option("#language-switch", "sr")  # Serbian, Cyrillic script
    page.goto("about:blank")
    page.goto(f"/#map=13/{LAT}/{LON}")
    wait_ready(page)
    drawn(page, "names.includes('places_locality/places')")
    assert any("1024-1279.pbf" in url and status == 200 for url, status in glyphs), glyphs


def test_cop_without_an_archive_draws_neighbours_as_land(page, signed_in):
    signed_in(page, "watch")
    wait_ready(page)
    assert page.get_attribute("#cop-map", "data-basemap") == "boundaries"
    albania = drawn(page, "names.length > 0", [20.0, 41.9])
    assert "countries/Albania" in albania
    assert page.evaluate("() => COP.map.drawn().every(n => !n.startsWith('roads'))")
    assert page.locator("#cop-map .maplibregl-ctrl-attrib").count() == 0


def test_incident_page_map_is_drawn_over_the_base_map(page, signed_in, archive, mission, people):
    incident = create_incident(acting_user=people["watch"], mission=mission,
                               data=incident_data(title="At the bridge", lon=LON, lat=LAT))
    signed_in(page, "watch")
    page.goto(f"/incidents/{incident.pk}/")
    page.wait_for_function("() => document.querySelector('#incident-map').dataset.ready === '1'")
    assert page.get_attribute("#incident-map", "data-basemap") == "streets"
    page.wait_for_function("""() => { const m = document.querySelector('#incident-map').incidentMap;
        return m.queryRenderedFeatures().some(f => f.source === 'basemap' && f.sourceLayer === 'roads'); }""",
                           timeout=20_000)


def test_report_form_map_shows_streets_where_a_point_is_picked(page, signed_in, archive):
    signed_in(page, "reporter", next_path="/incidents/new/")
    if page.is_visible("#incident-map-show"):  # the map library is not on this new device yet
        page.click("#incident-map-show")
    page.wait_for_function("() => document.querySelector('#incident-map').dataset.ready === '1'")
    assert page.get_attribute("#incident-map", "data-basemap") == "streets"
    page.fill("#id_lon", str(LON))  # typed: the map moves to the point
    page.fill("#id_lat", str(LAT))
    page.wait_for_function("""() => document.querySelector('#incident-map').incidentMap.queryRenderedFeatures()
        .some(f => f.source === 'basemap' && f.sourceLayer === 'roads')""", timeout=20_000)
    page.wait_for_function("() => !document.querySelector('#incident-map').incidentMap.isMoving()")
    box = page.locator("#incident-map canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert abs(float(page.input_value("#id_lon")) - LON) < 0.01
    assert abs(float(page.input_value("#id_lat")) - LAT) < 0.01
