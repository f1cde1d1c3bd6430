"""Incident pages in a real browser: reading an incident from its link, and reporting one through the form
after a deliberate mistake."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import peaceops
from peaceops.core.choices import Classification
from peaceops.geo.loaders import load_boundaries
from peaceops.incidents.inputs import CasualtyData, SourceData
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOUNDARIES = Path(peaceops.__file__).parent / "demo" / "data" / "boundaries"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"


@pytest.fixture
def kosovo(mission):
    """The mission's municipalities: the map's base layer."""
    names = json.loads((BOUNDARIES / "kosovo_names.json").read_text(encoding="utf-8"))
    load_boundaries(BOUNDARIES / "cgaz_XKX_ADM2.geojson", mission=mission, level=2, names=names)
    return mission


def test_open_an_incident_from_its_link(page, signed_in, people, kosovo):
    incident = create_incident(acting_user=people["watch"], mission=kosovo, data=incident_data(
        title="Shots fired at a patrol near the bridge", location_name="Ibar bridge",
        classification=Classification.CONFIDENTIAL, releasable_to=["KFOR"],
        casualties=[CasualtyData(group="civilians", injured_low=1, injured_best=2, injured_high=2)],
        sources=[SourceData(type="patrol", reference="KFOR SITREP 61", reliability="B", credibility="2")],
    ))
    signed_in(page, "kfor", next_path=f"/incidents/{incident.pk}/")
    assert page.url.endswith(f"/incidents/{incident.pk}/")
    expect(page.locator("#incident-title")).to_have_text("Shots fired at a patrol near the bridge")
    expect(page.locator("#releasability")).to_have_text("CONFIDENTIAL - releasable to UNMIK, KFOR")
    expect(page.locator("#sources")).to_contain_text("B2 - usually reliable, probably true")
    expect(page.locator("#casualties tr[data-group=civilians]")).to_contain_text("1 / 2 / 2")
    expect(page.locator("#history")).to_contain_text("Created by watch")
    expect(page.locator("#edit-incident")).to_have_count(0)  # KFOR reads UNMIK's record, may not edit it
    expect(page.locator("#incident-map[data-areas-loaded='1'] canvas")).to_have_count(1)
    page.wait_for_timeout(300)  # let the last frame paint before the screenshot


def test_report_an_incident_after_a_mistake(page, signed_in, people, kosovo):
    signed_in(page, "watch", next_path="/incidents/new/")
    page.fill("#id_title", "Roadblock on the Zubin Potok road")
    page.fill("#id_occurred_start", "2026-03-02T07:45")
    page.select_option("#id_category", "mission/freedom-of-movement")
    page.fill("#id_lon", "20.69")
    page.fill("#id_lat", "123")  # a slip of the keyboard
    page.fill("#id_location_name", "Zubin Potok road")
    page.fill("input[name='actor-0-name']", "Local residents")
    page.click("#submit-incident")

    expect(page.locator("#field-lat .errorlist")).to_have_text("Ensure this value is less than or equal to 90.")
    expect(page.locator("#id_title")).to_have_value("Roadblock on the Zubin Potok road")
    expect(page.locator("input[name='actor-0-name']")).to_have_value("Local residents")
    assert Incident.objects.count() == 0
    page.locator("#field-lat").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "test_report_an_incident_after_a_mistake-form-error.png"))

    # Fix it by clicking the map (the base map is Kosovo's municipalities): the point fills lon and lat. The
    # map library is loaded when asked (it is not on this device yet: tests/browser/test_page_weight.py).
    page.click("#incident-map-show")
    page.wait_for_selector("#incident-map[data-ready='1']")
    page.locator("#incident-map canvas").click()
    expect(page.locator("#id_lat")).not_to_have_value(re.compile(r"^123$"))
    lon, lat = float(page.input_value("#id_lon")), float(page.input_value("#id_lat"))
    assert 19.9 < lon < 21.9 and 41.8 < lat < 43.3  # inside Kosovo
    page.click("#submit-incident")

    expect(page.locator("#incident-title")).to_have_text("Roadblock on the Zubin Potok road")
    incident = Incident.objects.get()
    assert page.url.endswith(f"/incidents/{incident.pk}/")
    assert (round(incident.lon, 5), round(incident.lat, 5)) == (round(lon, 5), round(lat, 5))
    expect(page.locator("#actors")).to_contain_text("Local residents")
    expect(page.locator("#incident-map[data-areas-loaded='1']")).to_have_count(1)
    page.wait_for_timeout(300)


def test_duplicate_hint_while_reporting(page, signed_in, people, mission):
    create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Stone-throwing at a bus near the bridge"))
    signed_in(page, "reporter", next_path="/incidents/new/")
    page.fill("#id_occurred_start", "2026-03-01T16:00")
    page.fill("#id_lon", "20.87")
    page.fill("#id_lat", "42.90")
    page.select_option("#id_category", "mission/inter-ethnic")
    hint = page.locator("#duplicate-list")
    expect(hint).to_contain_text("Stone-throwing at a bus near the bridge")
    expect(hint).to_contain_text("1.0 km · 1.5 h")
    page.locator("#duplicates").scroll_into_view_if_needed()
