"""Edit conflicts on a record type of the kit's generic pages (deployment sites): it gets them with nothing of
its own, on the form and in the API."""

import json

import pytest
from django.test import Client
from lxml import html

from peaceops.core.models import EditConflict
from peaceops.sites.services import SiteService


def form_of(client, site) -> dict:
    values: dict = {}
    page = html.fromstring(client.get(f"/sites/{site.pk}/edit/").content.decode())
    for name, value in page.get_element_by_id("record-form").form_values():
        values.setdefault(name, []).append(value)
    return values


@pytest.fixture
def tabs(site_admins):
    """The administrator with the same site open in two tabs."""
    mission, admin = site_admins["UNMIK"]
    site = SiteService().create(acting_user=admin, mission=mission, data={
        "name": "Team site Leposavić", "lon": 20.80, "lat": 43.10, "classification": "PUBLIC", "notes": "Two rooms"})
    first, second = Client(), Client()
    first.force_login(admin)
    second.force_login(admin)
    return site, first, second


def test_edits_of_different_fields_are_merged(tabs):
    site, first, second = tabs
    a, b = form_of(first, site), form_of(second, site)
    b["notes"] = ["Three rooms"]
    assert second.post(f"/sites/{site.pk}/edit/", b).status_code == 302
    a["name"] = ["Team site Leposaviq"]
    assert first.post(f"/sites/{site.pk}/edit/", a).status_code == 302
    site.refresh_from_db()
    assert (site.name, site.notes) == ("Team site Leposaviq", "Three rooms")


def test_the_same_field_both_ways_is_a_conflict_resolved_on_its_page(tabs):
    site, first, second = tabs
    a, b = form_of(first, site), form_of(second, site)
    b["site_type"] = ["checkpoint"]
    second.post(f"/sites/{site.pk}/edit/", b)
    a["site_type"] = ["cob"]
    response = first.post(f"/sites/{site.pk}/edit/", a)
    conflict = EditConflict.objects.get()
    assert response["Location"] == f"/conflicts/{conflict.pk}/"
    site.refresh_from_db()
    assert site.site_type == "checkpoint"
    page = html.fromstring(first.get(f"/conflicts/{conflict.pk}/").content.decode())
    row = page.get_element_by_id("conflict-field-site_type")
    assert [dd.text_content().strip() for dd in row.iter("dd")] == ["Team site", "Checkpoint", "Company operating base"]
    banner = html.fromstring(first.get(f"/sites/{site.pk}/").content.decode()).get_element_by_id("conflict-banner")
    assert banner.xpath(".//a/@href") == [f"/conflicts/{conflict.pk}/"]
    seen = page.xpath("//input[@name='seen_version']/@value")[0]
    first.post(f"/conflicts/{conflict.pk}/", {"action": "apply", "choice-site_type": "mine", "seen_version": seen})
    site.refresh_from_db()
    assert site.site_type == "cob"


def test_the_api_patch_with_a_stale_base_version_answers_409(tabs):
    site, first, second = tabs
    version = first.get(f"/api/v1/sites/{site.pk}")["X-Record-Version"]
    SiteService().update(site, acting_user=site.created_by, changes={"notes": "Closed in winter"})
    response = first.patch(f"/api/v1/sites/{site.pk}", json.dumps({"notes": "Open", "base_version": version}),
                           content_type="application/json")
    assert response.status_code == 409 and response.json()["fields"] == ["notes"]
    response = first.patch(f"/api/v1/sites/{site.pk}", json.dumps({"name": "TS Leposavić", "base_version": version}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["notes"] == "Closed in winter"
