"""An edit made on a phone (390x844) with the network cut, to an incident someone else changes meanwhile, through
the server as deployed (the service worker, the offline queue): when the link returns, an edit of the same field
becomes an edit conflict that waits in the queue as "needs attention", opens on the conflict page and is resolved
field by field; an edit of another field is merged silently. Nothing is overwritten and nothing is made twice."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from peaceops.core.choices import ConflictState
from peaceops.core.models import EditConflict
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from tests.browser.conftest import sign_in
from tests.browser.test_offline import PHONE, QUEUED, phone  # noqa: F401  (the phone at the deployed server)
from tests.browser.test_page_weight import deployed  # noqa: F401  (the server as deployed)
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"test_offline_edit_conflict-{name}.png"))


@pytest.fixture
def incident(people, mission):
    return create_incident(acting_user=people["reporter"], mission=mission, data=incident_data(
        title="Roadblock near the bridge", location_name="Ibar bridge", status="reported"))


@pytest.fixture
def other_phone(browser, deployed):  # noqa: F811
    """Officer B's phone, online all along."""
    context = browser.new_context(base_url=deployed, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(40_000)
    yield context.new_page()
    context.close()


def edit_offline(phone, incident, **fields) -> object:  # noqa: F811
    """Officer A opens the incident's edit page with a link, loses it, changes `fields` and saves."""
    page = phone.new_page()
    sign_in(page, "watch", next_path=f"/incidents/{incident.pk}/edit/")
    page.wait_for_function("() => document.documentElement.dataset.shell === 'ready'")
    expect(page.locator("#id_title")).to_have_value(incident.title)
    phone.set_offline(True)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.click("#submit-incident")
    expect(page.locator("#outbox-status")).to_contain_text("Saved on this phone: will be sent when a link returns")
    expect(page.locator("#outbox-count")).to_have_text("1")
    return page


def edit_online(page, incident, **fields) -> None:
    """Officer B, with a link, edits the same incident and saves."""
    sign_in(page, "reporter", next_path=f"/incidents/{incident.pk}/edit/")
    for name, value in fields.items():
        if name == "status":
            page.select_option("#id_status", value)
        else:
            page.fill(f"#id_{name}", value)
    page.click("#submit-incident")
    expect(page.locator("#incident-title")).to_have_text(fields.get("title", incident.title))


def test_a_conflicting_offline_edit_becomes_a_conflict_and_is_resolved(phone, other_phone, incident):  # noqa: F811
    page = edit_offline(phone, incident, title="Roadblock still in place", location_name="Ibar bridge, north end",
                        reason="patrol report at 07:40")
    shot(page, "saved")
    edit_online(other_phone, incident, title="Roadblock cleared by KFOR", status="verified")

    # The link returns: the queue sends the edit; it is not accepted as it is and waits for its author.
    phone.set_offline(False)
    expect(page.locator("#outbox-status")).to_contain_text("Roadblock still in place needs your attention")
    expect(page.locator("#outbox-count")).to_have_text("1")
    page.click("#outbox-badge")
    expect(page.locator("#outbox-items li .outbox-state")).to_have_text("needs attention")
    shot(page, "needs-attention")
    conflict = EditConflict.objects.get()  # stored by the queue's sending, nothing written to the incident
    assert conflict.state == ConflictState.OPEN
    incident.refresh_from_db()
    assert (incident.title, incident.location_name) == ("Roadblock cleared by KFOR", "Ibar bridge")

    # "Open": the conflict page of that edit (not a second conflict, not "already received").
    page.click("#outbox-items li button[data-action=open]")
    expect(page).to_have_url(f"/conflicts/{conflict.pk}/")
    title = page.locator("#conflict-field-title")
    expect(title.locator(".side-current")).to_have_text("Roadblock cleared by KFOR")
    expect(title.locator(".side-mine")).to_have_text("Roadblock still in place")
    expect(page.locator("#conflict-others")).to_contain_text("Ibar bridge, north end")
    expect(page.locator("#outbox-badge")).to_be_hidden()  # the edit is on the server now: the queue let it go
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    shot(page, "conflict")
    assert EditConflict.objects.count() == 1

    page.check("#choice-title-mine")
    page.click("#conflict-apply")
    expect(page).to_have_url(f"/incidents/{incident.pk}/")
    expect(page.locator("#incident-title")).to_have_text("Roadblock still in place")
    expect(page.locator("#incident-status")).to_have_text("Verified")  # B's, kept
    expect(page.locator("#history")).to_contain_text(f"edit conflict {conflict.pk} resolved: patrol report at 07:40")
    expect(page.locator("#nav-conflicts")).to_have_count(0)
    shot(page, "resolved")
    assert [c.state for c in EditConflict.objects.all()] == [ConflictState.RESOLVED]
    incident.refresh_from_db()
    assert (incident.title, incident.location_name, incident.status) == (
        "Roadblock still in place", "Ibar bridge, north end", "verified")
    assert page.evaluate(QUEUED) == []


def test_an_offline_edit_of_another_field_is_merged_when_sent(phone, other_phone, incident):  # noqa: F811
    page = edit_offline(phone, incident, location_name="Ibar bridge, south end", reason="patrol at 08:10")
    edit_online(other_phone, incident, title="Roadblock cleared by KFOR")

    phone.set_offline(False)
    expect(page.locator("#outbox-status")).to_contain_text("Sent: Roadblock near the bridge")
    expect(page.locator("#outbox-badge")).to_be_hidden()
    page.click("#outbox-status a")
    expect(page.locator("#incident-title")).to_have_text("Roadblock cleared by KFOR")
    expect(page.locator("main")).to_contain_text("Ibar bridge, south end")
    expect(page.locator("#history")).to_contain_text("patrol at 08:10 (merged with changes made meanwhile)")
    shot(page, "merged")
    incident.refresh_from_db()
    assert (incident.title, incident.location_name) == ("Roadblock cleared by KFOR", "Ibar bridge, south end")
    assert EditConflict.objects.count() == 0 and Incident.objects.count() == 1
    assert page.evaluate(QUEUED) == []
