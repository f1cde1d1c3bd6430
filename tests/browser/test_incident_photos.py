"""Photos in a real browser: an officer chooses two photos in the report form, saves, and sees their thumbnails on
the incident's page; a click opens the photo itself."""

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from peaceops.core.models import Attachment
from peaceops.incidents.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"


def test_report_with_photos_and_see_their_thumbnails(page, signed_in, people, tmp_path):
    photos = []
    for name, colour in (("roadblock.jpg", "darkred"), ("trucks.png", "steelblue")):
        photos.append(tmp_path / name)
        Image.new("RGB", (1600, 1200), colour).save(photos[-1])
    signed_in(page, "watch", next_path="/incidents/new/")
    page.fill("#id_title", "Roadblock with trucks on the Zubin Potok road")
    page.fill("#id_occurred_start", "2026-03-02T07:45")
    page.select_option("#id_category", "mission/freedom-of-movement")
    page.fill("#id_lon", "20.69")
    page.fill("#id_lat", "42.91")
    page.set_input_files("#id_photos", [str(p) for p in photos])
    page.click("#submit-incident")

    expect(page.locator("#incident-title")).to_have_text("Roadblock with trucks on the Zubin Potok road")
    thumbnails = page.locator("#attachment-list img.attachment-thumbnail")
    expect(thumbnails).to_have_count(2)
    for i in range(2):  # each thumbnail loaded and decoded (same origin: the page's CSP allows it)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnails.nth(i).element_handle())
        assert thumbnails.nth(i).evaluate("img => img.naturalWidth") == 480
    incident = Incident.objects.get()
    assert sorted(Attachment.objects.filter(record_id=str(incident.pk)).values_list("name", flat=True)) == [
        "roadblock.jpg", "trucks.png"]
    page.locator("#attachments").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "test_report_with_photos_and_see_their_thumbnails-page.png"))

    with page.expect_response(lambda r: "/attachments/" in r.url and not r.url.endswith("/thumbnail/")) as opened:
        thumbnails.first.click()
    assert opened.value.status == 200 and opened.value.headers["content-type"] in ("image/jpeg", "image/png")
