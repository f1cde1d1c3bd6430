"""The whole loop of a community alert in real browsers (issue 14): a community member, not signed in, sends the
public form from a phone; the watch officer's queue, open in another browser, shows the alert without a reload;
the officer opens it, claims it, verifies it into an incident through the prefilled report form, then tasks a
patrol from the alert's page; the reporter's status page, opened from the receipt, says action was taken, and
the reporter, who left a number, had an SMS at each step (through the mission's file gateway).

The worker's reading is not running here: tasks run at once in the process that queues them (tests/conftest.py),
so the public page's request reads the alert as the worker would within a minute. Screenshots (phone and desk)
in test-output/browser/alert-loop-*.png."""

import json
import re

import pytest
from playwright.sync_api import expect

from peaceops.alerts.choices import AlertStatus
from peaceops.alerts.models import Alert, AlertResponse
from peaceops.core.models import RecordLink
from peaceops.geo.placeindex import index_areas
from peaceops.incidents.models import Incident
from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.models import Gateway
from peaceops.testing import world
from tests.browser.conftest import PASSWORD, SCREENSHOTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1400, "height": 900}
TEXT = "Armed men at the bridge are shooting in the air, families are hiding in the school"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"alert-loop-{name}.png"), full_page=True)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width} px"


@pytest.fixture
def contexts(browser, live_server):
    made = []

    def make(viewport, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(15_000)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def test_a_public_report_is_seen_verified_answered_and_the_reporter_reads_it(contexts, mission, people, settings,
                                                                             tmp_path):
    settings.PEACEOPS_LIVE_POLL_SECONDS = 0.2
    settings.PEACEOPS_MESSAGING_FILE = sms = tmp_path / "outbox.jsonl"  # the mission's SMS gateway writes here
    Gateway.objects.create(mission=mission, name="file gateway", kind=GatewayKind.FILE, sender="+38344000000")
    world.mitrovica_areas(mission)
    index_areas(mission.pk)

    # The watch officer has the queue open.
    officer = contexts(DESK)
    sign_in(officer, "watch", PASSWORD, next_path="/alerts/queue/")
    officer.wait_for_selector("#queue-live-status[data-state=open]")
    loaded = officer.evaluate("performance.getEntriesByType('navigation').length")
    officer.evaluate("window.stillTheSamePage = true")

    # A community member, not signed in, reports from a phone.
    reporter = contexts(PHONE, is_mobile=True, has_touch=True)
    reporter.goto("/report/")
    reporter.fill("#id_text", TEXT)
    reporter.select_option("#id_category", "shooting")
    reporter.fill("#id_place_query", "Mitrovice")
    reporter.click("#find-place")
    expect(reporter.locator("#place-choices input[value^='area:']").first).to_be_checked()
    reporter.fill("#id_reporter_phone", "+383 44 123 456")
    reporter.click("#send-report")
    reference = reporter.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", reference)
    no_sideways_scroll(reporter)
    shot(reporter, "receipt-phone")

    # It appears in the officer's queue by itself.
    row = officer.wait_for_selector(f"#alert-{reference}")
    assert officer.evaluate("window.stillTheSamePage") is True
    assert officer.evaluate("performance.getEntriesByType('navigation').length") == loaded
    assert "unclaimed" in row.inner_text() and "Armed men at the bridge" in row.inner_text()
    shot(officer, "queue-desk")

    # The officer opens it: the message, and what can be done with it.
    officer.click(f"#alert-{reference} a.queue-ref")
    expect(officer.locator("#alert-text")).to_contain_text("Armed men at the bridge")
    for action in ("claim", "verify", "link", "respond", "ask", "dismiss", "misconduct"):
        expect(officer.locator(f"#action-{action}")).to_be_visible()
    alert_page = officer.url
    officer.set_viewport_size(PHONE)
    no_sideways_scroll(officer)
    for action in ("claim", "verify", "respond"):
        box = officer.locator(f"#action-{action}").bounding_box()
        assert box["height"] >= 43.5 and box["x"] + box["width"] <= PHONE["width"], action  # finger-sized
    shot(officer, "alert-phone")
    officer.set_viewport_size(DESK)
    shot(officer, "alert-desk")

    officer.click("#action-claim")
    expect(officer.locator(".messages")).to_contain_text(f"You claimed {reference}.")
    assert officer.url == alert_page
    expect(officer.locator("#alert-claimed-by")).to_have_text("watch")
    expect(officer.locator("#action-claim")).to_have_count(0)

    # Verify: the report form comes filled from the alert; the officer saves it.
    officer.click("#action-verify")
    expect(officer.locator("#id_description")).to_have_value(TEXT)
    assert officer.input_value("#id_title").startswith("Armed men at the bridge")
    assert officer.input_value("#id_category") == "acled/violence-against-civilians/attack"  # from "shooting"
    shot(officer, "verify-desk")
    officer.click("#submit-incident")
    expect(officer.locator(".messages")).to_contain_text(f"Alert {reference} verified: incident reported.")
    incident = Incident.objects.get()
    assert f"/incidents/{incident.pk}/" in officer.url
    alert = Alert.objects.get(reference=reference)
    assert alert.status == AlertStatus.VERIFIED and incident.description == TEXT and alert.location_name
    assert incident.category.path == "acled/violence-against-civilians/attack"
    assert RecordLink.objects.filter(from_id=str(alert.pk), to_id=str(incident.pk), kind="source").exists()

    # Back on the alert's page, a patrol is tasked.
    officer.goto(alert_page)
    expect(officer.locator("#alert-status-value")).to_contain_text("Verified")
    expect(officer.locator("#action-verify")).to_have_count(0)
    officer.click("#action-respond")
    officer.select_option("#response-form #id_kind", "patrol")
    officer.fill("#response-form #id_unit", "Patrol 3, Mitrovica North")
    officer.click("#response-form button[type=submit]")
    expect(officer.locator("#response-list")).to_contain_text("patrol dispatched")
    expect(officer.locator("#response-list")).to_contain_text("Patrol 3, Mitrovica North")
    expect(officer.locator("#alert-status-value")).to_contain_text("Acted on")
    assert AlertResponse.objects.get(alert=alert).kind == "patrol"
    officer.set_viewport_size(PHONE)
    no_sideways_scroll(officer)
    shot(officer, "answered-phone")

    # The reporter opens the status page from the receipt: action was taken.
    reporter.click("#status-link")
    expect(reporter).to_have_url(re.compile(rf"/report/status/{reference}/"))
    expect(reporter.locator("#status")).to_have_text("Action taken")
    assert "Armed men" not in reporter.content() and "Patrol 3" not in reporter.content()
    # The reporter left a number: they were told by SMS too, once at each step, in their language.
    told = list(alert.reporter_messages.order_by("created_at", "id").values_list("key", "recipient"))
    assert [key for key, _ in told] == ["receipt", "verified", "acted_on"]
    assert {recipient for _, recipient in told} == {"38344123456"}  # the number as follow-ups are matched
    sent = [json.loads(line) for line in sms.read_text(encoding="utf-8").splitlines()]
    assert [message["to"] for message in sent] == ["+38344123456"] * 3
    assert all(reference in message["text"] for message in sent), sent
    assert sent[-1]["text"].startswith("Action is being taken on your alert")
    no_sideways_scroll(reporter)
    shot(reporter, "status-phone")
