"""Photos of incidents, as officers and partners meet them: chosen in the report and edit forms, shown as
thumbnails on the incident's page, uploaded and listed through the API; refused with the file's name when not a
photo or too large, without losing the report; seen exactly by who sees the incident, and never by a partner
reading it redacted."""

import hashlib
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from PIL import Image

from peaceops.core.choices import Classification
from peaceops.core.models import Attachment, ChangeLogEntry
from peaceops.core.services import create_api_token
from peaceops.incidents.models import Incident
from peaceops.incidents.services import IncidentService, create_incident
from peaceops.ledger.models import LedgerEntry
from peaceops.testing import world
from tests.factories import incident_data
from tests.incidents.test_pages_forms import edit_form_values, report

pytestmark = pytest.mark.django_db

API = "/api/v1/incidents"


def jpeg(name="bridge.jpg", size=(640, 480), colour="teal") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def page_of(response):
    return html.fromstring(response.content.decode())


@pytest.fixture
def incident(people):
    """A CONFIDENTIAL incident of UNMIK, released to KFOR."""
    return create_incident(acting_user=people["watch"], mission=world.mission("UNMIK"),
                           data=incident_data(classification=Classification.CONFIDENTIAL, releasable_to=["KFOR"]))


def photographed(incident, user, *photos):
    return IncidentService().attach(incident, list(photos) or [jpeg()], acting_user=user)


# --- the forms -------------------------------------------------------------------------------------------------

def test_the_report_form_takes_several_photos_and_the_page_shows_their_thumbnails(client_as, people):
    client = client_as(people["watch"])
    form = page_of(client.get("/incidents/new/"))
    assert form.get_element_by_id("incident-form").get("enctype") == "multipart/form-data"
    picker = form.xpath("//input[@type='file']")[0]
    assert (picker.get("name"), picker.get("accept"), picker.get("multiple")) == ("photos", "image/*", "multiple")

    sent = [jpeg("bus.jpg"), jpeg("road.jpg", colour="navy")]
    answer = client.post("/incidents/new/", {**report(), "photos": sent})
    assert answer.status_code == 302
    incident = Incident.objects.get()
    names = list(Attachment.objects.filter(record_id=str(incident.pk)).values_list("name", flat=True))
    assert names == ["bus.jpg", "road.jpg"]

    page = page_of(client.get(answer.url))
    thumbnails = page.xpath("//ul[@id='attachment-list']//img/@src")
    links = page.xpath("//ul[@id='attachment-list']//a/@href")
    assert len(thumbnails) == 2 and all(src.endswith("/thumbnail/") for src in thumbnails)
    shown = client.get(thumbnails[0])
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "private" in shown["Cache-Control"]
    original = client.get(links[0])
    assert b"".join(original.streaming_content) == sent[0].file.getvalue()


def test_a_file_that_is_not_a_photo_is_refused_by_name_and_the_typed_report_is_kept(client_as, people):
    client = client_as(people["watch"])
    fake = SimpleUploadedFile("holiday.jpg", b"MZ\x90\x00 this is a program, not a photo", content_type="image/jpeg")
    answer = client.post("/incidents/new/", {**report(title="Bus attacked at Zvečan"), "photos": [jpeg(), fake]})
    assert answer.status_code == 200
    page = page_of(answer)
    assert "holiday.jpg" in page.get_element_by_id("photos-error").text_content()
    assert "again" in page.get_element_by_id("photos-again").text_content()
    assert page.xpath("//input[@name='title']/@value") == ["Bus attacked at Zvečan"]
    assert not Incident.objects.exists() and not Attachment.objects.exists()


def test_a_photo_over_the_size_limit_is_refused_naming_the_file_and_the_limit(client_as, people, settings):
    settings.PEACEOPS_ATTACHMENT_MAX_BYTES = 20_000
    noisy = io.BytesIO()
    Image.effect_noise((600, 600), 90).convert("RGB").save(noisy, "JPEG", quality=95)
    big = SimpleUploadedFile("huge.jpg", noisy.getvalue(), content_type="image/jpeg")
    assert big.size > 20_000
    answer = client_as(people["watch"]).post("/incidents/new/", {**report(), "photos": [big]})
    message = page_of(answer).get_element_by_id("photos-error").text_content()
    assert "huge.jpg" in message and "19.5\xa0KB" in message
    assert not Incident.objects.exists()


def test_photos_added_when_editing_are_logged_with_the_reason(client_as, people, incident):
    client = client_as(people["watch"])
    edit = page_of(client.get(f"/incidents/{incident.pk}/edit/"))
    assert edit.get_element_by_id("incident-form").get("enctype") == "multipart/form-data"
    assert edit.xpath("//input[@type='file']/@name") == ["photos"]
    form = edit_form_values(client, incident)
    form.update({"reason": "photos from the patrol", "photos": [jpeg("patrol.jpg")]})
    answer = client.post(f"/incidents/{incident.pk}/edit/", form)
    assert answer.status_code == 302, page_of(answer).text_content()[:2000]
    attachment = Attachment.objects.get()
    entry = ChangeLogEntry.objects.get(object_type="core.attachment", object_id=str(attachment.pk))
    assert entry.action == "create" and entry.reason == "photos from the patrol"
    assert entry.after["sha256"] == attachment.sha256 and entry.after["record_id"] == str(incident.pk)
    assert entry.mission_id == incident.mission_id
    linked = {c[0] for le in LedgerEntry.objects.filter(kind="change") for c in json.loads(le.payload)["changes"]}
    assert entry.pk in linked


# --- who sees them ---------------------------------------------------------------------------------------------

def test_who_cannot_see_the_incident_gets_404_for_its_photos(client_as, people, incident):
    attachment = photographed(incident, people["watch"])[0]
    page_url = f"/incidents/{incident.pk}/attachments/{attachment.pk}/"
    api_url = f"{API}/{incident.pk}/attachments/{attachment.pk}"
    minusca = world.person("minusca-admin")
    for user in (people["osce"], minusca):  # OSCE takes part in UNMIK but nothing was released to it
        client = client_as(user)
        assert client.get(page_url).status_code == 404
        assert client.get(page_url + "thumbnail/").status_code == 404
        assert client.get(api_url).status_code == 404
        assert client.get(f"{API}/{incident.pk}/attachments").status_code == 404
    assert client_as(people["viewer"]).get(page_url).status_code == 200


def test_a_partner_reading_the_incident_redacted_sees_no_photos(client_as, people, incident):
    attachment = photographed(incident, people["watch"])[0]
    client = client_as(people["kfor"])  # released to KFOR, owned by UNMIK: KFOR reads it without its sources
    page = page_of(client.get(f"/incidents/{incident.pk}/"))
    assert page.get_element_by_id("attachments-withheld") is not None
    assert not page.xpath("//ul[@id='attachment-list']")
    assert client.get(f"/incidents/{incident.pk}/attachments/{attachment.pk}/").status_code == 404
    assert client.get(f"{API}/{incident.pk}/attachments/{attachment.pk}/thumbnail").status_code == 404
    assert client.get(f"{API}/{incident.pk}/attachments").json() == {"items": [], "withheld": True}


def test_a_partner_whose_release_includes_sources_sees_the_photos(client_as, people, incident):
    from peaceops.partners.services import set_release_scope

    attachment = photographed(incident, people["watch"])[0]
    set_release_scope(incident, world.organisation("KFOR"), include_sources=True, acting_user=people["watch"])
    client = client_as(people["kfor"])
    assert client.get(f"/incidents/{incident.pk}/attachments/{attachment.pk}/").status_code == 200


def test_viewing_a_strictly_confidential_incidents_photo_is_sealed_in_the_ledger(client_as, people):
    secret = create_incident(acting_user=people["watch"], mission=world.mission("UNMIK"),
                             data=incident_data(classification=Classification.STRICTLY_CONFIDENTIAL))
    attachment = photographed(secret, people["watch"])[0]
    before = LedgerEntry.objects.filter(kind="sensitive-view").count()
    assert client_as(people["viewer"]).get(f"/incidents/{secret.pk}/attachments/{attachment.pk}/").status_code == 404
    answer = client_as(people["sc"]).get(f"/incidents/{secret.pk}/attachments/{attachment.pk}/")
    assert answer.status_code == 200
    sealed = LedgerEntry.objects.filter(kind="sensitive-view").order_by("-id")
    assert sealed.count() == before + 1
    payload = json.loads(sealed.first().payload)
    assert payload["object_id"] == str(secret.pk) and payload["via"] == "page-attachment"
    assert sealed.first().actor == "sc"


# --- the API ---------------------------------------------------------------------------------------------------

def token_client(client, user, *scopes):
    _row, secret = create_api_token(user=user, scopes=list(scopes))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def test_the_api_uploads_lists_and_downloads_with_the_write_scope(client, people, incident):
    reader = token_client(client, people["watch"], "incidents:read")
    refused = reader.post(f"{API}/{incident.pk}/attachments", {"files": [jpeg()]})
    assert refused.status_code == 403 and not Attachment.objects.exists()

    writer = token_client(client, people["watch"], "incidents:write")
    photo = jpeg("checkpoint.jpg")
    answer = writer.post(f"{API}/{incident.pk}/attachments", {"files": [photo], "reason": "from the phone"})
    assert answer.status_code == 201, answer.content
    (item,) = answer.json()
    assert item["name"] == "checkpoint.jpg" and item["content_type"] == "image/jpeg" and item["has_thumbnail"]
    assert item["sha256"] == hashlib.sha256(photo.file.getvalue()).hexdigest()

    listed = writer.get(f"{API}/{incident.pk}/attachments").json()
    assert [a["id"] for a in listed["items"]] == [item["id"]] and listed["withheld"] is False
    download = writer.get(f"{API}/{incident.pk}/attachments/{item['id']}")
    assert download.status_code == 200 and "private" in download["Cache-Control"]
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == item["sha256"]


def test_the_api_refuses_a_bad_file_with_422_naming_it_and_attaches_none(client, people, incident):
    writer = token_client(client, people["watch"], "incidents:write")
    text = SimpleUploadedFile("notes.txt", b"just some words", content_type="text/plain")
    answer = writer.post(f"{API}/{incident.pk}/attachments", {"files": [jpeg(), text]})
    assert answer.status_code == 422
    assert answer.json()["field"] == "files" and "notes.txt" in answer.json()["detail"]
    assert not Attachment.objects.exists()


def test_removing_a_photo_needs_a_reason_and_leaves_its_sha256_in_the_change_log(client, people, incident):
    attachment = photographed(incident, people["watch"])[0]
    writer = token_client(client, people["watch"], "incidents:write")
    url = f"{API}/{incident.pk}/attachments/{attachment.pk}"
    assert writer.delete(url).status_code == 422 and Attachment.objects.exists()
    assert writer.delete(url + "?reason=wrong%20incident").status_code == 204
    assert not Attachment.objects.exists()
    entry = ChangeLogEntry.objects.get(object_type="core.attachment", action="delete")
    assert entry.before["sha256"] == attachment.sha256 and entry.reason == "wrong incident"
    assert writer.get(url).status_code == 404


def test_deleting_the_incident_removes_its_photos_with_the_deletions_reason(
        client, people, incident, django_capture_on_commit_callbacks):
    from peaceops.core.kit.attachments import media_dir

    attachment = photographed(incident, people["watch"])[0]
    original = media_dir() / attachment.path
    with django_capture_on_commit_callbacks(execute=True):
        answer = token_client(client, people["watch"], "incidents:write").delete(f"{API}/{incident.pk}?reason=test")
    assert answer.status_code == 204 and not Attachment.objects.exists() and not original.exists()
    entry = ChangeLogEntry.objects.get(object_type="core.attachment", action="delete")
    assert entry.reason == "test" and entry.before["sha256"] == attachment.sha256


def test_the_api_says_when_no_file_was_sent(client, people, incident):
    answer = token_client(client, people["watch"], "incidents:write").post(f"{API}/{incident.pk}/attachments", {})
    assert answer.status_code == 422 and answer.json()["field"] == "files"
