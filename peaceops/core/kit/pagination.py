"""Keyset pagination of any record type: ordered by (one key field, id), either direction.

A page is fetched with `WHERE (key, id) > (last seen)` instead of OFFSET, so a late page costs what the first
does and rows inserted meanwhile never shift later pages. The bound is written `key >= v AND (key > v OR
id > last_id)` (or the same with <): the plain bound on the key lets the database seek into the key's index
instead of walking it from the first row. The cursor handed to clients is opaque: the last row's key and id,
signed so that a tampered cursor is refused (`FieldError("cursor")`) rather than misread.

Rows are model instances, or dicts of `fields` (which must include the key and `id`) when the caller reads only
a few columns (incidents' list does, at a million rows).
"""

from types import SimpleNamespace

from django.core import signing
from django.db.models import Q

from .errors import FieldError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_SALT = "peaceops.kit.cursor"


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldError("limit", f"must be between 1 and {MAX_LIMIT} (got {limit})")
    return limit


def keyset_page(queryset, *, key: str, limit: int, cursor: str | None, fields: tuple[str, ...] | None = None):
    """One page of `queryset` ordered by `key` ("name" or "-opened_on") then id, and the cursor of the next
    page (None on the last). Fetches limit + 1 rows to learn whether another page follows, in one query."""
    check_limit(limit)
    name, descending = key.lstrip("-"), key.startswith("-")
    model_field = queryset.model._meta.get_field(name)
    id_field = queryset.model._meta.pk
    if cursor:
        try:
            raw_value, raw_id = signing.loads(cursor, salt=_SALT)
            value, last_id = model_field.to_python(raw_value), id_field.to_python(raw_id)
        except (signing.BadSignature, ValueError, TypeError, Exception):  # noqa: BLE001 - any unreadable cursor
            raise FieldError("cursor", "is not a cursor this API issued (pass next_cursor back unchanged)") from None
        if value is None:
            raise FieldError("cursor", "is not a cursor this API issued (pass next_cursor back unchanged)")
        op = "lt" if descending else "gt"
        queryset = queryset.filter(Q(**{f"{name}__{op}e": value}),
                                   Q(**{f"{name}__{op}": value}) | Q(**{f"id__{op}": last_id}))
    order = (f"-{name}", "-id") if descending else (name, "id")
    queryset = queryset.order_by(*order)
    rows = list((queryset.values(*fields) if fields else queryset)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        if fields:
            last_key, last_pk = SimpleNamespace(**{model_field.attname: last[name]}), last["id"]
        else:
            last_key, last_pk = last, last.pk
        next_cursor = signing.dumps([model_field.value_to_string(last_key), str(last_pk)], salt=_SALT,
                                    compress=False)
    return rows, next_cursor
