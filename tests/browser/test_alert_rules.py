"""A watch officer on a phone (390x844) asks to be told of new camps from the sites list ("Notify me of new
records like these"), saves the rule with its filters carried over, and when a camp is recorded sees the bell's
count, opens the notification and lands on the camp's page; the rule can be paused from its list."""

import pytest
from playwright.sync_api import expect

from peaceops.sites.services import SiteService
from tests.browser.test_phones import PHONE, open_page, shot, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_watch_officer_is_told_of_a_new_camp_on_a_phone(browser, live_server, mission, people):
    context, page = open_page(browser, live_server, "watch", PHONE)
    try:
        page.goto("/sites/?site_type=camp")
        page.click("#record-notify-me")
        expect(page.locator("#rule-form")).to_be_visible()
        expect(page.locator("select[name=site_type] option[value=camp]")).to_have_attribute("selected", "")
        page.fill("#id_rule-name", "New camps")
        page.click("#rule-form button[type=submit]")
        expect(page.locator("#rule-list")).to_contain_text("New camps")
        assert sideways_overflow(page) == 0
        shot(page, "phone-alert-rules")
        expect(page.locator("#bell-count")).to_have_count(0)

        camp = SiteService().create(acting_user=people["admin"], mission=mission, data={
            "name": "Camp Bondsteel", "site_type": "camp", "lon": 21.25, "lat": 42.36})  # committed: matched
        SiteService().create(acting_user=people["admin"], mission=mission, data={
            "name": "Team site Zubin Potok", "site_type": "team_site", "lon": 20.69, "lat": 42.91})

        page.goto("/sites/")
        expect(page.locator("#bell-count")).to_contain_text("1")
        bell = page.locator("#header-bell").bounding_box()
        assert bell["x"] + bell["width"] <= PHONE["width"] and bell["height"] >= 40  # in the bar, finger-sized
        page.click("#header-bell")
        expect(page.locator("#notification-list li")).to_have_count(1)
        expect(page.locator("#notification-list")).to_contain_text("Camp Bondsteel")
        assert sideways_overflow(page) == 0
        shot(page, "phone-notifications")
        page.click("#notification-list a")
        page.wait_for_url(f"**/sites/{camp.pk}/")
        expect(page.locator("#bell-count")).to_have_count(0)

        page.goto("/subscriptions/")
        page.click("#rule-list button:has-text('Pause')")
        expect(page.locator("#rule-list")).to_contain_text("Paused")
    finally:
        context.close()
