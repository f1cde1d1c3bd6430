"""The Share control on an incident's page in a real browser: release to a partner with an end date, then
withdraw, each in place (htmx), and the partner's view follows."""

import pytest
from playwright.sync_api import expect

from peaceops.core.choices import Classification
from peaceops.incidents.models import IncidentRelease
from peaceops.incidents.services import create_incident
from tests.factories import incident_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_share_with_a_partner_and_withdraw_in_place(page, new_page, signed_in, people, orgs, mission):
    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Roadblock on the northern road", classification=Classification.CONFIDENTIAL))
    signed_in(page, "watch", next_path=f"/incidents/{incident.pk}/")
    expect(page.locator("#no-releases")).to_be_visible()
    page.select_option("#id_target", label=f"KFOR — {orgs['KFOR'].name}")
    page.fill("#id_expires_at", "2099-06-01T12:00")
    page.fill("#id_reason", "joint patrol tomorrow")
    page.click("#share-button")
    row = page.locator("#releases tr[data-organisation=KFOR]")
    expect(row).to_contain_text("2099-06-01 12:00 UTC")
    assert IncidentRelease.objects.filter(incident=incident, organisation=orgs["KFOR"]).exists()

    partner = new_page()
    signed_in(partner, "kfor", next_path=f"/incidents/{incident.pk}/")
    expect(partner.locator("#incident-title")).to_have_text("Roadblock on the northern road")
    expect(partner.locator("#share-form")).to_have_count(0)  # KFOR reads it, may not pass it on

    page.click("#withdraw-KFOR")
    expect(page.locator("#no-releases")).to_be_visible()
    partner.reload()
    expect(partner.locator("#incident-title")).to_have_count(0)  # gone for KFOR at once
