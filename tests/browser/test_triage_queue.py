"""The watch officer's queue in a real browser, on a phone (390x844): it is open when an SMS alert arrives; the
alert appears at the top without a reload, and the officer claims it. Screenshots in test-output/browser."""

import pytest

from peaceops.alerts.intake import read_one
from peaceops.alerts.services import AlertService
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    try:
        from tests.browser.conftest import _screenshot_name

        page.screenshot(path=str(_screenshot_name(request)), full_page=True)
    finally:
        context.close()


def test_an_alert_appears_in_the_open_queue_without_reload_and_is_claimed(phone, mission, people, settings):
    settings.PEACEOPS_LIVE_POLL_SECONDS = 0.2
    waiting = AlertService().receive(mission, {"text": "Roadblock near the school, cars waiting", "channel": "sms"})
    read_one(waiting)
    sign_in(phone, "watch", PASSWORD, next_path="/alerts/queue/")
    phone.wait_for_selector("#queue-live-status[data-state=open]")
    phone.wait_for_selector(f"#alert-{waiting.reference}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    loaded = phone.evaluate("performance.getEntriesByType('navigation').length")
    phone.evaluate("window.stillTheSamePage = true")

    urgent = AlertService().receive(mission, {"text": "Shooting in the village, people wounded, come quickly",
                                              "channel": "sms", "severity": 4})
    read_one(urgent)
    row = phone.wait_for_selector(f"#alert-{urgent.reference}", timeout=15_000)
    assert phone.evaluate("window.stillTheSamePage") is True  # no reload: the row came through the stream
    assert phone.evaluate("performance.getEntriesByType('navigation').length") == loaded
    references = phone.eval_on_selector_all("#queue-list [data-reference]", "rows => rows.map(r => r.dataset.reference)")
    assert references[0] == urgent.reference  # the highest priority on top
    assert "unclaimed" in row.inner_text()
    box = phone.locator(f"#alert-{urgent.reference} .queue-claim").bounding_box()
    assert box["height"] >= 43.5 and box["x"] + box["width"] <= PHONE["width"]  # a finger-sized button

    phone.click(f"#alert-{urgent.reference} .queue-claim")
    phone.wait_for_selector(f"#alert-{urgent.reference} >> text=claimed by")
    assert f"You claimed {urgent.reference}." in phone.inner_text(".messages")
    urgent.refresh_from_db()
    assert urgent.claimed_by == people["watch"] and urgent.status == "claimed"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
