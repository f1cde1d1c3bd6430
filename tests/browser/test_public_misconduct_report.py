"""The public misconduct report on a small phone with JavaScript turned off: a villager types what happened,
switches the page to Albanian without losing it, sends it with Enter in a field (the form's own sending, not a
language button), and gets a reference code. The page, on the public forms' shared base, stays narrow enough
for a 360 px screen and light enough for a thin link."""

import re

import pytest
from playwright.sync_api import expect

from peaceops.alerts.models import AlertSettings
from peaceops.conduct.models import Case
from peaceops.testing import world
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_public_report import PHONE, open_without_javascript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Dy ushtarë nga kampi afër lumit u paguajnë vajzave nga fshati për të ardhur natën"


def test_a_villager_reports_misconduct_from_a_phone_without_javascript(browser, live_server, mission, people):
    world.people("cdo", "cdo2")
    AlertSettings.objects.update_or_create(mission=mission, defaults={"owner": world.organisation("UNMIK")})
    context, page = open_without_javascript(browser, live_server, "/report-misconduct/")
    try:
        page.fill("#id_summary", TEXT)
        page.click(".languages [lang=sq]")  # after typing: the switch keeps the text
        expect(page.locator("html")).to_have_attribute("lang", "sq")
        expect(page.locator("#id_summary")).to_have_value(TEXT)
        assert not Case._base_manager.exists()
        page.select_option("#id_personnel_category", "military_contingent")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the form scrolls sideways: {width} px"
        page.screenshot(path=str(SCREENSHOTS / "public-misconduct-report-phone.png"), full_page=True)
        page.press("#id_person_name", "Enter")  # sends the report (the form's default button)
        reference = page.locator("#reference").inner_text()
        assert re.fullmatch(r"[A-Z0-9-]{5,}", reference), reference
        case = Case._base_manager.get()
        assert case.reference == reference and case.summary == TEXT
        expect(page.locator("html")).to_have_attribute("lang", "sq")
    finally:
        context.close()
