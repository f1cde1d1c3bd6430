"""Attachments of kit records: photos and files (`core.models.Attachment`) added to one record of any record type.

    service.attach(record, request.FILES.getlist("photos"), acting_user=user)   # RecordService.attach
    service.detach(record, attachment, acting_user=user, reason="wrong photo")  # RecordService.detach

- **Checked before anything is written** (`check_uploads`): each file's content type is read from its first bytes
  (JPEG, PNG, WebP, PDF; the name and the browser's word are not trusted), its size and its pixel count are held
  to the limits (`PEACEOPS_ATTACHMENT_MAX_BYTES`, `PEACEOPS_ATTACHMENT_MAX_PIXELS`), and the record may hold at
  most `PEACEOPS_ATTACHMENTS_PER_RECORD` files. A refusal is a `FieldError` naming the upload field, whose
  message names the file.
- **Evidence kept unchanged**: the original bytes are written as received under `PEACEOPS_MEDIA_DIR`, with their
  SHA-256 and size; a thumbnail (JPEG, at most `THUMBNAIL_PIXELS` wide or high, turned upright) is made from the
  decoded pixels alone, so it carries no metadata (no EXIF, no GPS position).
- **One write door**: `add_attachments` and `remove_attachment` (called by the record service after its
  permission check: `change` of the record) write the rows and a change-log entry per file in one transaction,
  which the ledger covers; files written for a transaction that fails are removed, and a removed attachment's
  files go once its removal is committed.
- **Seen exactly when the record is**: `visible_attachment` starts from `Model.objects.visible_to(user)`, and
  withholds the attachments of a record the reader reads redacted (`withheld_from`: the rule partners install,
  `partners.redaction.Reader.withholds`; until then, fail closed: every reader outside the owning organisation).
  `file_response` says the record was shown (`sealing.shown`: the ledger seals views of STRICTLY CONFIDENTIAL
  records) and answers `Cache-Control: private, no-store`.
"""

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change, object_type, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.models import Attachment

from .errors import FieldError
from .sealing import shown

#: Content types accepted, by the first bytes of the file: (signature test, content type, extension).
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
#: The longest side of a thumbnail, in pixels.
THUMBNAIL_PIXELS = 480
#: How much of a file is read to know its type.
HEAD_BYTES = 16


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file from its first bytes, or None when it is none of the accepted kinds."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    return None


def media_dir() -> Path:
    """Where attachments live (`PEACEOPS_MEDIA_DIR`)."""
    return Path(settings.PEACEOPS_MEDIA_DIR)


def max_bytes() -> int:
    return int(getattr(settings, "PEACEOPS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def per_record() -> int:
    return int(getattr(settings, "PEACEOPS_ATTACHMENTS_PER_RECORD", 20))


def max_pixels() -> int:
    return int(getattr(settings, "PEACEOPS_ATTACHMENT_MAX_PIXELS", 100_000_000))


def _size(size: int) -> str:
    """A size in words of the reader's language (e.g. "9.5 MB")."""
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


def clean_name(name: str) -> str:
    """The file's own name (no folders), printable, at most 255 characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "file")[-255:]


@dataclass
class CheckedUpload:
    """An upload that passed the checks: what will be written."""

    upload: object
    name: str
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def check_uploads(uploads, *, existing: int = 0, field: str = "files") -> list[CheckedUpload]:
    """Check every upload (Django `UploadedFile`s) against the kinds and limits, without writing anything;
    `existing`: how many files the record holds already. Raise `FieldError(field, ...)` naming the first file
    refused."""
    from PIL import Image, UnidentifiedImageError

    checked = []
    limit_bytes, limit_count, limit_pixels = max_bytes(), per_record(), max_pixels()
    for number, upload in enumerate(uploads, start=1):
        name = clean_name(upload.name)
        if existing + number > limit_count:
            raise FieldError(field, _("%(name)s: a record may hold at most %(limit)s files (it holds %(held)s "
                                      "already).") % {"name": name, "limit": limit_count, "held": existing})
        if not upload.size:
            raise FieldError(field, _("%(name)s: the file is empty.") % {"name": name})
        if upload.size > limit_bytes:
            raise FieldError(field, _("%(name)s: the file is %(size)s; at most %(limit)s are allowed.") % {
                "name": name, "size": _size(upload.size), "limit": _size(limit_bytes)})
        upload.seek(0)
        kind = sniff(upload.read(HEAD_BYTES))
        upload.seek(0)
        if kind is None:
            raise FieldError(field, _("%(name)s: only JPEG, PNG and WebP photos and PDF documents may be "
                                      "attached.") % {"name": name})
        item = CheckedUpload(upload, name, *kind)
        if item.content_type in IMAGE_TYPES:
            try:
                with Image.open(upload) as image:
                    if image.format != IMAGE_TYPES[item.content_type]:
                        raise UnidentifiedImageError(image.format)
                    item.width, item.height = image.size
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
                raise FieldError(field, _("%(name)s: the photo cannot be read (damaged, or not the kind of "
                                          "image its first bytes say).") % {"name": name}) from None
            finally:
                upload.seek(0)
            if item.width * item.height > limit_pixels:
                raise FieldError(field, _("%(name)s: the photo has %(pixels)s million pixels; at most %(limit)s "
                                          "million are allowed.") % {
                    "name": name, "pixels": round(item.width * item.height / 1e6), "limit": limit_pixels // 10**6})
        checked.append(item)
    return checked


def attachments_of(record):
    """The attachments of one record (a queryset, oldest first). Callers read a record through `visible_to`
    first; see `visible_attachment` and `readable_attachments`."""
    return Attachment.objects.filter(record_type=object_type(record), record_id=str(record.pk))


def add_attachments(record, uploads, *, acting_user, field: str = "files", reason: str = "") -> list[Attachment]:
    """Attach the uploads to the record (the caller checked the user may change it: `RecordService.attach`).
    Every file is checked first; then, in one transaction, each is written (original and thumbnail), its row
    saved and its change-log entry written. Returns the attachments, in the uploads' order."""
    uploads = list(uploads)
    if not uploads:
        return []
    written: list[Path] = []
    try:
        with transaction.atomic():
            # Lock the record so that two uploads at once cannot pass the per-record limit together.
            list(type(record).objects.select_for_update().filter(pk=record.pk).values_list("pk", flat=True))
            checked = check_uploads(uploads, existing=attachments_of(record).count(), field=field)
            user = acting_user if getattr(acting_user, "pk", None) else None
            attachments = []
            for item in checked:
                attachment = _store(record, item, user, written, field)
                log_change(action=ChangeAction.CREATE, obj=attachment, acting_user=acting_user, before=None,
                           after=attachment_snapshot(attachment), reason=reason)
                attachments.append(attachment)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return attachments


def remove_attachment(attachment: Attachment, *, acting_user, reason: str) -> None:
    """Remove an attachment with a reason (required); the caller checked the user may change its record
    (`RecordService.detach`). Its change-log entry keeps what it was (name, size, SHA-256); its files are deleted
    once the removal is committed."""
    if not (reason or "").strip():
        raise FieldError("reason", _("Say why the file is removed."))
    files = [media_dir() / p for p in (attachment.path, attachment.thumbnail) if p]
    with transaction.atomic():
        log_change(action=ChangeAction.DELETE, obj=attachment, acting_user=acting_user,
                   before=attachment_snapshot(attachment), after=None, reason=reason.strip())
        attachment.delete()
        transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in files])


def remove_all(record, *, acting_user, reason: str = "") -> int:
    """Remove every attachment of a record being deleted (call in the deletion's transaction): each removal
    logged, with the deletion's reason or "the record was deleted". Returns how many."""
    removed = 0
    for attachment in attachments_of(record):
        remove_attachment(attachment, acting_user=acting_user, reason=reason or "the record was deleted")
        removed += 1
    return removed


def attachment_snapshot(attachment: Attachment) -> dict:
    """What the change log stores of an attachment (its row: record, name, type, size, SHA-256, uploader)."""
    return snapshot(attachment)


def _store(record, item: CheckedUpload, user, written: list[Path], field: str) -> Attachment:
    """Write one checked upload (original, then thumbnail) and save its row."""
    attachment_id = uuid.uuid4()
    folder = Path("attachments") / object_type(record) / str(record.pk)
    (media_dir() / folder).mkdir(parents=True, exist_ok=True)
    original = folder / f"{attachment_id}{item.extension}"
    digest, size = _write_original(item.upload, media_dir() / original, written)
    thumbnail = ""
    if item.content_type in IMAGE_TYPES:
        thumbnail = str(folder / f"{attachment_id}.thumb.jpg")
        try:
            make_thumbnail(media_dir() / original, media_dir() / thumbnail, written)
        except Exception:  # noqa: BLE001 - any decoding failure: the photo is refused, by name
            raise FieldError(field, _("%(name)s: the photo cannot be read (damaged, or not the kind of image its "
                                      "first bytes say).") % {"name": item.name}) from None
    return Attachment.objects.create(
        id=attachment_id, record_type=object_type(record), record_id=str(record.pk), mission_id=record.mission_id,
        owner_id=record.owner_id, name=item.name, content_type=item.content_type, size=size, sha256=digest,
        path=str(original), thumbnail=thumbnail, width=item.width, height=item.height, uploaded_by=user,
        uploaded_at=timezone.now())


def _write_original(upload, target: Path, written: list[Path]) -> tuple[str, int]:
    """Write the upload's bytes unchanged (through a temporary name, synced to disk); their SHA-256 and size."""
    partial = target.with_name(target.name + ".part")
    written.extend([partial, target])
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    with open(partial, "wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, target)
    return digest.hexdigest(), size


def make_thumbnail(source: Path, target: Path, written: list[Path] | None = None) -> None:
    """A JPEG thumbnail of the image at `source`, upright (its EXIF orientation applied), at most
    `THUMBNAIL_PIXELS` on its longest side, made from its pixels alone: no EXIF, no GPS, no comment."""
    from PIL import Image, ImageOps

    if written is not None:
        written.append(target)
    with Image.open(source) as image:
        image.draft("RGB", (THUMBNAIL_PIXELS * 2, THUMBNAIL_PIXELS * 2))  # JPEG: decode at a reduced scale
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
        if upright.mode in ("RGBA", "LA", "P", "PA"):
            rgba = upright.convert("RGBA")
            upright = Image.new("RGB", rgba.size, "white")
            upright.paste(rgba, mask=rgba.getchannel("A"))
        elif upright.mode != "RGB":
            upright = upright.convert("RGB")
        pixels = Image.frombytes("RGB", upright.size, upright.tobytes())  # a new image: no info, no metadata
        pixels.save(target, "JPEG", quality=80, optimize=True)


# --- who reads a record's attachments ------------------------------------------------------------------------

#: The rule saying whether a user reads a record redacted (then its attachments are withheld), installed by the
#: partners app (`partners.redaction.Reader.withholds`), a layer above core.
_reader_rule = None


def install_reader_rule(rule) -> None:
    """Let `withheld_from` use `rule(user, record) -> bool` (called once, by the partners app at start-up)."""
    global _reader_rule
    _reader_rule = rule


def withheld_from(user, record) -> bool:
    """Whether the record's attachments are withheld from `user` (who reads the record redacted). Without an
    installed rule, every reader outside the owning organisation (superusers excepted)."""
    if _reader_rule is not None:
        return bool(_reader_rule(user, record))
    profile = access_profile(user)
    return not profile.superuser and record.owner_id not in profile.organisations_for(record.mission_id)


def readable_attachments(user, record) -> list[Attachment] | None:
    """The attachments of a record the user sees (read through `visible_to`), or None when they are withheld
    from the user."""
    if withheld_from(user, record):
        return None
    return list(attachments_of(record).select_related("uploaded_by"))


def visible_attachment(user, model, record_id, attachment_id):
    """(record, attachment) when the user sees the record of `model` and receives its attachments, and the
    attachment is one of them; else None (a 404 for the caller, whatever the reason)."""
    record = model.objects.visible_to(user).filter(pk=record_id).first()
    if record is None or withheld_from(user, record):
        return None
    attachment = attachments_of(record).filter(pk=attachment_id).first()
    return None if attachment is None else (record, attachment)


def file_response(user, record, attachment: Attachment, *, thumbnail: bool = False, via: str = "attachment"):
    """The attachment's original (or its thumbnail) as an answer, after saying the record was shown (the ledger
    seals the view of a STRICTLY CONFIDENTIAL record); None when there is no such file (a PDF has no thumbnail).
    A PDF downloads; photos show in the browser."""
    shown(user, [record], via=f"{via}-thumbnail" if thumbnail else via, detail=True)
    if thumbnail and not attachment.thumbnail:
        return None
    path = media_dir() / (attachment.thumbnail if thumbnail else attachment.path)
    if not path.is_file():  # lost from the media directory (a restore without it): nothing to show
        return None
    content_type = "image/jpeg" if thumbnail else attachment.content_type
    response = FileResponse(open(path, "rb"), content_type=content_type,  # noqa: SIM115 - closed by the answer
                            as_attachment=content_type == "application/pdf",
                            filename=attachment.name if not thumbnail else f"thumbnail-{attachment.pk}.jpg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
