"""Personal data in records: the fields a record type names as personal (`personal_fields`: a reporter's name
and phone number, a focal point's phone) are shown in full only to holders of the record type's
`personal_permission` in the record's mission; every other reader gets them masked, never the value.

    class Alert(Located, Record, DomainRecord):
        personal_fields = ("reporter_name", "reporter_phone")
        personal_permission = "messaging.view_phone_numbers"

Masking: a phone number (a field whose name says "phone") keeps its first four and last two characters
(`+383••••••56`, `mask_number`, which `messaging.privacy` shows numbers with too); any other personal field
(a name) reads "—" (empty stays empty). The kit applies it on every read path: the API's list, detail and
history (`core.kit.api`, `core.kit.history`), the generic pages (list, detail, history; the edit form leaves out
the personal fields its user may not see, so a masked value is never saved back), the CSV export
(`interop.records.RecordCsv`), partner feeds (`partners.feed`), the COP layers (`core.kit.layers`) and the one
search's summaries (`core.kit.search`, which also refuses to search personal fields).

Masked instances (`hide_personal`) are for showing only: they are marked, and a service must not save them.
"""

from .permissions import has_perm

MASK = "•"
#: What a personal field that is not a phone number reads when masked.
MASKED_TEXT = "—"


def mask_number(number: str) -> str:
    """The number with all but its first four and last two characters masked (short ones wholly masked)."""
    number = number or ""
    if len(number) <= 6:
        return MASK * len(number)
    return number[:4] + MASK * (len(number) - 6) + number[-2:]


def personal_fields(model) -> tuple[str, ...]:
    """The fields a record type names as personal data (none by default)."""
    return tuple(getattr(model, "personal_fields", ()))


def masked(name: str, value):
    """The value of personal field `name` as a reader without the permission receives it."""
    if value in (None, ""):
        return value
    return mask_number(str(value)) if "phone" in name else MASKED_TEXT


def may_see_personal(user, model, mission_id) -> bool:
    """Whether `user` may see the personal fields of `model`'s records in the mission: holders of the model's
    `personal_permission` there (superusers always); a model without one: nobody but superusers."""
    if not personal_fields(model):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    code = getattr(model, "personal_permission", None)
    if code is None:
        return bool(getattr(user, "is_superuser", False))
    return has_perm(user, mission_id, code)


def hidden_from(user, record) -> tuple[str, ...]:
    """The personal fields of `record` that `user` receives masked."""
    fields = personal_fields(type(record))
    if not fields or may_see_personal(user, type(record), record.mission_id):
        return ()
    return fields


def mask_data(data: dict | None, fields) -> dict | None:
    """`data` (a detail, a snapshot, a CSV row's dict) with `fields` masked, in place; returned."""
    if data:
        for name in fields:
            if name in data:
                data[name] = masked(name, data[name])
    return data


def personal_view(user, record, data: dict | None) -> dict | None:
    """`data` of `record` (a detail or snapshot dict) as `user` may receive it."""
    return mask_data(data, hidden_from(user, record))


def hide_personal(user, records):
    """Mask, on the instances themselves, the personal fields `user` may not see (for pages, map popups and
    search summaries that read attributes). Returns the records. Never save an instance masked here."""
    records = list(records) if not isinstance(records, list) else records
    allowed: dict[int, bool] = {}
    for record in records:
        fields = personal_fields(type(record))
        if not fields or getattr(record, "_personal_hidden", False):
            continue
        key = record.mission_id
        if key not in allowed:
            allowed[key] = may_see_personal(user, type(record), key)
        if not allowed[key]:
            for name in fields:
                setattr(record, name, masked(name, getattr(record, name)))
            record._personal_hidden = True
    return records
