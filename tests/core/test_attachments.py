"""The kit's attachments, for any record type (deployment sites here; incidents in tests/incidents/test_photos.py):
the original kept byte for byte with its SHA-256, thumbnails upright and without metadata, the kinds and limits
refused by the file's name, removal with a reason, and the generic API and pages."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from PIL import ExifTags, Image

from peaceops.core.kit.attachments import media_dir
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Attachment, ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.sites.services import SiteService
from peaceops.testing import world

pytestmark = pytest.mark.django_db


def photo_with_gps(name="camp.jpg", size=(800, 600)) -> SimpleUploadedFile:
    """A JPEG as a phone takes it: a GPS position, a camera model, and an orientation saying "turn it a quarter"."""
    image = Image.new("RGB", size, "olive")
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Field phone"
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown portrait
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (42.0, 53.0, 20.0)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (20.0, 52.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def upload(name: str, fmt: str, mode="RGB", size=(300, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def admin(people):
    return people["admin"]


@pytest.fixture
def site(admin):
    return SiteService().create(acting_user=admin, mission=world.mission("UNMIK"),
                                data={"name": "Team site Zubin Potok", "lon": 20.69, "lat": 42.91})


def test_the_original_is_kept_byte_for_byte_and_the_thumbnail_is_upright_without_metadata(site, admin):
    sent = photo_with_gps()
    (attachment,) = SiteService().attach(site, [sent], acting_user=admin)

    stored = (media_dir() / attachment.path).read_bytes()
    assert stored == sent.file.getvalue()
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest() and attachment.size == len(stored)
    assert (attachment.content_type, attachment.width, attachment.height) == ("image/jpeg", 800, 600)
    with Image.open(media_dir() / attachment.path) as original:  # evidence: its GPS position stays in it
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    with Image.open(media_dir() / attachment.thumbnail) as thumbnail:
        assert thumbnail.format == "JPEG" and not thumbnail.getexif() and "exif" not in thumbnail.info
        assert not thumbnail.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert thumbnail.size[1] > thumbnail.size[0] and max(thumbnail.size) == 480  # turned upright
    assert b"Field phone" not in (media_dir() / attachment.thumbnail).read_bytes()


@pytest.mark.parametrize("sent, content_type, thumbnail", [
    (lambda: upload("map.png", "PNG", "RGBA"), "image/png", True),
    (lambda: upload("street.webp", "WEBP"), "image/webp", True),
    (lambda: SimpleUploadedFile("order.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
     "application/pdf", False),
])
def test_png_webp_and_pdf_are_known_by_their_first_bytes(site, admin, sent, content_type, thumbnail):
    (attachment,) = SiteService().attach(site, [sent()], acting_user=admin)
    assert attachment.content_type == content_type and bool(attachment.thumbnail) == thumbnail


def test_a_name_saying_jpeg_does_not_make_a_program_a_photo(site, admin):
    program = SimpleUploadedFile("photo.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, content_type="image/jpeg")
    with pytest.raises(FieldError) as refused:
        SiteService().attach(site, [upload("fine.png", "PNG"), program], acting_user=admin)
    assert refused.value.field == "files" and "photo.jpg" in refused.value.message
    assert not Attachment.objects.exists()


def test_a_damaged_photo_is_refused_and_leaves_no_file_behind(site, admin):
    whole = upload("whole.jpg", "JPEG", size=(1200, 900)).file.getvalue()
    damaged = SimpleUploadedFile("damaged.jpg", whole[: len(whole) // 3])
    with pytest.raises(FieldError) as refused:
        SiteService().attach(site, [upload("first.png", "PNG"), damaged], acting_user=admin)
    assert "damaged.jpg" in refused.value.message
    assert not Attachment.objects.exists()
    folder = media_dir() / "attachments" / "sites.site" / str(site.pk)
    assert not folder.exists() or not any(folder.iterdir())


def test_the_records_limit_and_the_pixel_limit_name_the_file(site, admin, settings):
    settings.PEACEOPS_ATTACHMENTS_PER_RECORD = 2
    SiteService().attach(site, [upload("one.png", "PNG")], acting_user=admin)
    with pytest.raises(FieldError) as refused:
        SiteService().attach(site, [upload("two.png", "PNG"), upload("three.png", "PNG")], acting_user=admin)
    assert "three.png" in refused.value.message and "2" in refused.value.message
    assert Attachment.objects.count() == 1

    settings.PEACEOPS_ATTACHMENTS_PER_RECORD, settings.PEACEOPS_ATTACHMENT_MAX_PIXELS = 20, 1_000_000
    with pytest.raises(FieldError) as refused:
        SiteService().attach(site, [upload("panorama.png", "PNG", mode="L", size=(2000, 1000))], acting_user=admin)
    assert "panorama.png" in refused.value.message


def test_only_who_may_change_the_record_attaches_or_removes(site, admin, people):
    with pytest.raises(PermissionDenied):
        SiteService().attach(site, [upload("a.png", "PNG")], acting_user=people["viewer"])
    (attachment,) = SiteService().attach(site, [upload("a.png", "PNG")], acting_user=admin)
    with pytest.raises(PermissionDenied):
        SiteService().detach(site, attachment, acting_user=people["viewer"], reason="not mine")
    assert Attachment.objects.count() == 1


def test_removal_needs_a_reason_is_logged_and_deletes_the_files_once_committed(
        site, admin, django_capture_on_commit_callbacks):
    (attachment,) = SiteService().attach(site, [photo_with_gps()], acting_user=admin)
    files, attachment_id = [media_dir() / attachment.path, media_dir() / attachment.thumbnail], str(attachment.pk)
    with pytest.raises(FieldError) as refused:
        SiteService().detach(site, attachment, acting_user=admin, reason=" ")
    assert refused.value.field == "reason" and all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        SiteService().detach(site, attachment, acting_user=admin, reason="a face is recognisable")
    assert not any(f.exists() for f in files) and not Attachment.objects.exists()
    actions = list(ChangeLogEntry.objects.filter(object_type="core.attachment", object_id=attachment_id)
                   .values_list("action", "reason"))
    assert actions == [("create", ""), ("delete", "a face is recognisable")]


# --- the generic API and pages: every record type gets them ------------------------------------------------------

def test_a_sites_attachments_through_the_kits_api_and_page(client_as, site, admin, people):
    client = client_as(admin)
    answer = client.post(f"/api/v1/sites/{site.pk}/attachments", {"files": [photo_with_gps("gate.jpg")]})
    assert answer.status_code == 201, answer.content
    attachment_id = answer.json()[0]["id"]
    assert client.get(f"/api/v1/sites/{site.pk}/attachments").json()["items"][0]["name"] == "gate.jpg"

    page = html.fromstring(client_as(people["viewer"]).get(f"/sites/{site.pk}/").content.decode())
    assert page.xpath("//ul[@id='attachment-list']//img/@src") == [
        f"/sites/{site.pk}/attachments/{attachment_id}/thumbnail/"]
    assert not page.xpath("//form[contains(@class,'attachment-remove')]")  # a viewer may not remove it

    client = client_as(admin)
    remove = f"/sites/{site.pk}/attachments/{attachment_id}/remove/"
    assert client.post(remove, {"reason": ""}).status_code == 302 and Attachment.objects.exists()
    assert client.post(remove, {"reason": "duplicate"}).status_code == 302 and not Attachment.objects.exists()
    assert client.get(f"/sites/{site.pk}/attachments/{attachment_id}/").status_code == 404


def test_the_generic_form_attaches_files_and_a_refused_one_keeps_what_was_typed(client_as, admin):
    from peaceops.sites.models import Site

    client = client_as(admin)
    form = html.fromstring(client.get("/sites/new/").content.decode())
    assert form.get_element_by_id("record-form").get("enctype") == "multipart/form-data"
    assert form.xpath("//input[@type='file']/@name") == ["files"] and form.xpath("//input[@type='file']/@multiple")
    typed = {"name": "Team site Leposavić", "site_type": "team_site", "lon": "20.80", "lat": "43.10",
             "location_precision": "exact", "classification": "CONFIDENTIAL"}
    bad = SimpleUploadedFile("minutes.docx", b"PK\x03\x04 a word document")
    answer = client.post("/sites/new/", {**typed, "files": [upload("gate.png", "PNG"), bad]})
    assert answer.status_code == 422 and not Site.objects.exists() and not Attachment.objects.exists()
    page = html.fromstring(answer.content.decode())
    assert "minutes.docx" in page.get_element_by_id("field-files").text_content()
    assert page.xpath("//input[@name='name']/@value") == ["Team site Leposavić"]

    answer = client.post("/sites/new/", {**typed, "files": [upload("gate.png", "PNG")]})
    site = Site.objects.get()
    assert answer.status_code == 302 and list(Attachment.objects.values_list("record_id", "name")) == [
        (str(site.pk), "gate.png")]
