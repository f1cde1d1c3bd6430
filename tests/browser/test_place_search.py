"""The report form's place box (issue 13, "places people know"): North Mitrovica found by its English,
Albanian, Serbian Latin and Serbian Cyrillic names and the Ibar bridge by its name, each shown with its kind in
words and its municipality; choosing a result sets the point; picking a point on the map fills the place
name with the nearest known place. On the COP, choosing an area in the filter shows that area whole."""

import csv
import gzip
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import peaceops
from peaceops.demo.missions import UNMIK_NAMED_PLACES
from peaceops.geo.loaders import load_boundaries, load_gazetteer
from peaceops.geo.models import AdminArea
from peaceops.geo.named import load_named_places

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(peaceops.__file__).parent / "demo" / "data"


@pytest.fixture
def kosovo(mission, tmp_path):
    """Kosovo's districts and municipalities with their names, the gazetteer's Mitrovica rows and the demo's
    named places (the bridges over the Ibar, the crossing points)."""
    names = json.loads((DEMO / "boundaries" / "kosovo_names.json").read_text(encoding="utf-8"))
    for level in (1, 2):
        load_boundaries(DEMO / "boundaries" / f"cgaz_XKX_ADM{level}.geojson", mission=mission, level=level,
                        names=names)
    with gzip.open(DEMO / "gazetteer" / "geonames_XK_2012.csv.gz", "rt", encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = [r for r in reader if "mitrovic" in (r["name"] + r["alternatenames"]).lower()]
        fields = reader.fieldnames
    extract = tmp_path / "mitrovica.csv"
    with extract.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    load_gazetteer(extract)
    load_named_places(UNMIK_NAMED_PLACES, mission=mission)
    return mission


def test_place_box_finds_north_mitrovica_and_the_ibar_bridge(page, signed_in, people, kosovo):
    signed_in(page, "watch", next_path="/incidents/new/")
    for query in ("North Mitrovica", "Mitrovica e Veriut", "Severna Mitrovica", "Северна Митровица"):
        page.fill("#place-q", query)
        first = page.locator("#place-list li").first
        expect(first.locator(".place-result")).to_have_text("North Mitrovica")
        expect(first.locator(".place-kind")).to_have_text("municipality · Mitrovica District")

    page.fill("#place-q", "Ibar bridge")
    first = page.locator("#place-list li").first
    expect(first.locator(".place-result")).to_have_text("Ibar bridge")
    expect(first.locator(".place-kind")).to_contain_text("bridge ·")
    expect(page.locator("#place-list")).not_to_contain_text("PPL")
    first.locator(".place-result").click()
    expect(page.locator("#id_location_name")).to_have_value("Ibar bridge")
    assert (page.input_value("#id_lon"), page.input_value("#id_lat")) == ("20.86600", "42.89060")

    # Pick a point on the map at the bridge: the place name is filled with the nearest known place.
    page.fill("#id_location_name", "")
    if page.locator("#incident-map-show").is_visible():  # the form loads the map library on demand
        page.click("#incident-map-show")
    page.wait_for_selector("#incident-map[data-ready='1']")
    page.wait_for_timeout(600)  # the map eases to the chosen place
    page.locator("#incident-map canvas").click()
    expect(page.locator("#id_location_name")).to_have_value("Ibar bridge")
    expect(page.locator("#nearest-place")).to_contain_text("Ibar bridge (bridge)")
    # A name the reporter wrote is kept when they pick again.
    page.fill("#id_location_name", "Outside the café by the bridge")
    page.locator("#incident-map canvas").click(position={"x": 20, "y": 20})
    expect(page.locator("#nearest-place")).not_to_be_empty()
    expect(page.locator("#id_location_name")).to_have_value("Outside the café by the bridge")


def _view(page) -> tuple[float, float, float]:
    """(zoom, lat, lon) of the COP map, from the location hash MapLibre keeps up to date."""
    match = re.search(r"map=([\d.]+)/(-?[\d.]+)/(-?[\d.]+)", page.url)
    assert match, page.url
    return float(match.group(1)), float(match.group(2)), float(match.group(3))


def test_choosing_an_area_on_the_cop_shows_it_whole(page, signed_in, people, kosovo):
    north = AdminArea.objects.get(mission=kosovo, level=2, names__en="North Mitrovica")
    signed_in(page, "watch")
    page.wait_for_selector("#cop-map[data-state='ready']")
    page.wait_for_function("() => /map=/.test(location.hash)")
    start_zoom = _view(page)[0]
    page.select_option("#f-area", str(north.pk))
    page.wait_for_function(f"() => {{ const m = location.hash.match(/map=([\\d.]+)/); return m && +m[1] > {start_zoom + 2}; }}")
    page.wait_for_timeout(800)  # the fit animation ends and the hash settles
    _, lat, lon = _view(page)
    assert north.min_lon <= lon <= north.max_lon and north.min_lat <= lat <= north.max_lat
    # Back to the whole mission: the map shows all of it again.
    page.select_option("#f-area", "")
    page.wait_for_function(f"() => {{ const m = location.hash.match(/map=([\\d.]+)/); return m && +m[1] < {start_zoom + 0.5}; }}")
