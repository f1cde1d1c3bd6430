"""The alert pages on a 390x844 phone, as a watch officer uses them: the list and an alert's page fit the screen
without scrolling sideways, the message is in the first screen, and the priority's reasons are shown.

Screenshots are saved under test-output/browser/alerts/."""

import pytest

from peaceops.alerts.services import AlertService
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_phones import PHONE, open_page, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "alerts"


def test_an_alert_on_a_phone(browser, live_server, mission, people):
    text = ("Pucnjava kod škole u Zubinom Potoku, ljudi se kriju u kućama, dva ranjena, molimo pošaljite "
            "patrolu odmah jer se situacija pogoršava")
    alert = AlertService().receive(mission, {"text": text, "channel": "sms", "language": "sr-latn",
                                             "reporter_phone": "+38344123456", "lon": 20.69, "lat": 42.91})
    AlertService().step(alert, acting_user=None, system=True, priority=78, priority_band="critical",
                        priority_factors={"points": {"severity": 30.0, "vulnerability": 20.0, "source": 8.0,
                                                     "age": 20.0}})
    context, page = open_page(browser, live_server, people["watch"].username, PHONE)
    try:
        page.goto("/alerts/")
        assert page.locator(f"text={alert.reference}").count() == 1
        assert sideways_overflow(page) <= 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "list-phone.png"), full_page=True)
        page.click(f"text={alert.reference}")
        page.wait_for_load_state("load")
        message = page.locator("#alert-text")
        assert "Pucnjava kod škole" in message.inner_text()
        box = message.bounding_box()
        assert box["y"] < PHONE["height"] and box["x"] + box["width"] <= PHONE["width"]
        assert page.locator("#alert-priority-factors li").count() == 4
        assert page.locator("#alert-priority-band").inner_text().lower() == "critical"
        assert sideways_overflow(page) <= 0
        page.screenshot(path=str(SHOTS / "detail-phone.png"), full_page=True)
    finally:
        context.close()
