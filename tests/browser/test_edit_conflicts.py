"""Two people edit the same incident on their phones (390x844): the second to save meets a conflict page,
chooses field by field, and the incident then shows the values chosen, with the resolution in its history."""

import pytest
from playwright.sync_api import expect

from peaceops.core.models import EditConflict
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_conflicting_edit_is_resolved_field_by_field(page, new_page, signed_in, people, mission):
    incident = create_incident(acting_user=people["reporter"], mission=mission, data=incident_data(
        title="Roadblock near the bridge", location_name="Ibar bridge", status="reported"))
    edit = f"/incidents/{incident.pk}/edit/"
    other = new_page()
    for p, who in ((page, "watch"), (other, "reporter")):
        p.set_viewport_size(PHONE)
        signed_in(p, who, next_path=edit)
        expect(p.locator("#id_title")).to_have_value("Roadblock near the bridge")

    # The reporter saves first: a new title and status.
    other.fill("#id_title", "Roadblock cleared by KFOR")
    other.select_option("#id_status", "verified")
    other.click("#submit-incident")
    expect(other.locator("#incident-title")).to_have_text("Roadblock cleared by KFOR")

    # The watch officer, from the form opened before, changes the title too, and the place name.
    page.fill("#id_title", "Roadblock still in place")
    page.fill("#id_location_name", "Ibar bridge, north end")
    page.fill("#id_reason", "patrol report at 07:40")
    page.click("#submit-incident")
    conflict = EditConflict.objects.get()
    expect(page).to_have_url(f"/conflicts/{conflict.pk}/")
    expect(page.locator(".messages")).to_contain_text("Nothing was overwritten")
    title = page.locator("#conflict-field-title")
    expect(title.locator(".side-base")).to_have_text("Roadblock near the bridge")
    expect(title.locator(".side-current")).to_have_text("Roadblock cleared by KFOR")
    expect(title.locator(".side-mine")).to_have_text("Roadblock still in place")
    expect(page.locator(".conflict-field")).to_have_count(1)  # the status was theirs alone, the place mine alone
    expect(page.locator("#conflict-others")).to_contain_text("Ibar bridge, north end")
    assert fits(page), "the conflict page scrolls sideways on a phone"
    page.screenshot(path="test-output/browser/test_a_conflicting_edit_is_resolved_field_by_field-conflict.png")

    page.check("#choice-title-mine")
    page.click("#conflict-apply")
    expect(page).to_have_url(f"/incidents/{incident.pk}/")
    expect(page.locator("#incident-title")).to_have_text("Roadblock still in place")
    expect(page.locator("#incident-status")).to_have_text("Verified")  # theirs, kept
    expect(page.locator("#conflict-banner")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text(f"edit conflict {conflict.pk} resolved: patrol report at 07:40")
    incident.refresh_from_db()
    assert (incident.title, incident.location_name, incident.status) == (
        "Roadblock still in place", "Ibar bridge, north end", "verified")
