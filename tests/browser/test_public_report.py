"""The public report page on a small phone with JavaScript turned off (issue 14): a community member writes
what is happening, switches the page to Serbian Cyrillic without losing it, finds the place by name (Enter in
the name, as the "Find" button), sends the report, gets a reference code and opens the status page with it.
The page stays narrow enough for a 360 px screen and light enough for a thin link."""

import re

import pytest
from playwright.sync_api import expect

from peaceops.alerts.models import Alert
from peaceops.geo.placeindex import index_areas
from peaceops.testing import world
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
#: What a public form may weigh: the page, its stylesheet, its icon.
BUDGET = 30_000


def open_without_javascript(browser, live_server, url: str):
    """(context, page): a small phone without JavaScript on the public form at `url`, which weighs less than
    the budget."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(15_000)
    loaded = []
    page = context.new_page()
    page.on("response", lambda response: loaded.append(len(response.body())))
    page.goto(url)
    assert sum(loaded) < BUDGET, f"the form weighs {sum(loaded)} bytes"
    return context, page


def test_a_community_member_reports_from_a_phone_without_javascript(browser, live_server, mission, people):
    world.mitrovica_areas(mission)
    index_areas(mission.pk)
    context, page = open_without_javascript(browser, live_server, "/report/")
    try:
        page.fill("#id_text", "Наоружани људи на мосту, пуцају у ваздух")
        page.click(".languages [lang=sr]")  # after typing: the switch keeps the text
        expect(page.locator("html")).to_have_attribute("lang", "sr")
        expect(page.locator("#id_text")).to_have_value("Наоружани људи на мосту, пуцају у ваздух")
        assert page.locator("#report-map-show").count() == 0  # no map without JavaScript
        page.select_option("#id_category", "shooting")
        page.fill("#id_place_query", "Mitrovice")
        page.press("#id_place_query", "Enter")  # Enter finds, as "Find" does (not a language button)
        choice = page.locator("#place-choices input[value^='area:']").first
        expect(choice).to_be_checked()  # the best match, chosen
        expect(page.locator("html")).to_have_attribute("lang", "sr")
        expect(page.locator("#id_text")).to_have_value("Наоружани људи на мосту, пуцају у ваздух")
        page.fill("#id_reporter_phone", "+383 44 123 456")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the form scrolls sideways: {width} px"
        page.screenshot(path=str(SCREENSHOTS / "public-report-phone.png"), full_page=True)

        page.click("#send-report")
        reference = page.locator("#reference").inner_text()
        assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", reference)
        alert = Alert.objects.get(reference=reference)
        assert alert.language == "sr" and alert.location_name and alert.category == "shooting"
        page.screenshot(path=str(SCREENSHOTS / "public-report-receipt-phone.png"), full_page=True)

        page.click("#status-link")
        expect(page.locator("#status")).to_be_visible()
        assert "мосту" not in page.content() and "Mitrov" not in page.content()

        page.goto("/report/status/?lang=sr")
        page.fill("#code", reference.replace("-", "").lower())
        page.click("form.code-form button[type=submit]")
        expect(page).to_have_url(re.compile(rf"/report/status/{reference}/"))
        expect(page.locator("#status")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "public-report-status-phone.png"), full_page=True)
    finally:
        context.close()


def test_with_javascript_a_tap_on_the_small_map_sets_the_place(browser, live_server, mission, people):
    world.mitrovica_areas(mission)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        page.goto("/report/")
        assert page.locator("#report-map").is_hidden()  # the library is not fetched until asked
        page.click("#report-map-show")
        page.wait_for_function("() => { const m = document.getElementById('report-map').reportMap;"
                               " return m && m.loaded(); }")
        box = page.locator("#report-map canvas").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page.locator("#place-map")).to_be_checked()
        assert page.input_value("#id_lon") and page.input_value("#id_lat")
        page.locator("#place").screenshot(path=str(SCREENSHOTS / "public-report-map-phone.png"))
        page.fill("#id_text", "Shots fired near the market")
        page.click("#send-report")
        expect(page.locator("#reference")).to_be_visible()
        alert = Alert.objects.get()
        assert alert.location_precision == "exact" and 20.5 < alert.lon < 21.2 and 42.7 < alert.lat < 43.3
    finally:
        context.close()
