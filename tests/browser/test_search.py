"""The header's search box on a phone: typed into and sent with Enter, it opens the search page, whose results
link to the records; a CONFIDENTIAL incident of UNMIK's does not show for KFOR."""

import pytest

from peaceops.incidents.services import create_incident
from peaceops.sites.services import SiteService
from tests.browser.conftest import SCREENSHOTS
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(mission, people, orgs):
    admin = people["admin"]
    public = create_incident(acting_user=admin, mission=mission, owner=orgs["UNMIK"], data=incident_data(
        title="Roadblock at the Ibar bridge", classification="PUBLIC"))
    secret = create_incident(acting_user=admin, mission=mission, owner=orgs["UNMIK"], data=incident_data(
        title="Ibar crossing watch list", classification="CONFIDENTIAL"))
    site = SiteService().create(acting_user=admin, mission=mission, owner=orgs["UNMIK"], data={
        "name": "Camp Ibar", "lon": 20.87, "lat": 42.89, "classification": "PUBLIC"})
    return public, secret, site


@pytest.mark.parametrize("user,found", [("watch", 3), ("kfor", 2)])
def test_the_header_search_on_a_phone(page, signed_in, records, user, found):
    public, secret, site = records
    page.set_viewport_size({"width": 390, "height": 844})
    signed_in(page, user, next_path="/dashboard/")
    box = page.locator("#header-search-q")
    assert box.is_visible() and box.bounding_box()["width"] >= 200  # a box a thumb can use
    box.fill("ibar")
    box.press("Enter")
    page.wait_for_selector("#search-count")
    page.screenshot(path=str(SCREENSHOTS / f"search-phone-{user}.png"))
    hits = page.locator("#search-results .search-hit")
    assert hits.count() == found
    assert page.locator("#search-count").inner_text().startswith(f"{found} records found")
    assert (page.locator(f'[data-id="{secret.pk}"]').count() == 1) == (user == "watch")
    page.locator(f'[data-id="{site.pk}"] a').click()
    page.wait_for_selector("#record-title")
    assert page.locator("#record-title").inner_text() == "Camp Ibar"
