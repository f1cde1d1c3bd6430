"""Keyset pagination of incidents, newest first: ordered by (occurred_start desc, id desc).

A page is fetched with `WHERE (occurred_start, id) < (last seen)` instead of OFFSET, so page 1000 costs the
same as page 1 and rows inserted meanwhile never shift later pages. The cursor handed to clients is opaque:
the last row's (occurred_start, id), signed so that a tampered cursor is refused rather than misread.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q

from .filters import FilterError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
ORDERING = ("-occurred_start", "-id")
_SALT = "peaceops.incidents.cursor"


@dataclass(frozen=True)
class Position:
    """Where a page ended: the last row's occurred_start and id."""

    occurred_start: dt.datetime
    id: uuid.UUID


def encode_cursor(position: Position) -> str:
    """The opaque, signed cursor for a position."""
    payload = [position.occurred_start.astimezone(dt.UTC).isoformat(), position.id.hex]
    return signing.dumps(payload, salt=_SALT, compress=False)


def decode_cursor(cursor: str) -> Position:
    """The position a cursor stands for; FilterError("cursor") when it was not issued by us or was altered."""
    try:
        start, ident = signing.loads(cursor, salt=_SALT)
        return Position(occurred_start=dt.datetime.fromisoformat(start), id=uuid.UUID(hex=ident))
    except (signing.BadSignature, ValueError, TypeError):
        raise FilterError("cursor", "is not a cursor this API issued (pass next_cursor back unchanged)") from None


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise FilterError("limit", f"must be between 1 and {MAX_LIMIT} (got {limit})")
    return limit


def after(queryset, position: Position):
    """Rows that come after `position` in (occurred_start desc, id desc) order.

    Written as `start <= t AND (start < t OR id < last_id)`: the plain bound on occurred_start lets the
    database seek into its time index instead of walking it from the newest row.
    """
    t = position.occurred_start
    return queryset.filter(Q(occurred_start__lte=t), Q(occurred_start__lt=t) | Q(id__lt=position.id))


def keyset_page(queryset, *, limit: int, cursor: str | None, fields: tuple[str, ...]):
    """One page of `queryset` as dicts of `fields` (which must include occurred_start and id) and the next cursor.

    Fetches limit + 1 rows to learn whether another page follows, in one query.
    """
    check_limit(limit)
    if cursor:
        queryset = after(queryset, decode_cursor(cursor))
    rows = list(queryset.order_by(*ORDERING).values(*fields)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(Position(occurred_start=last["occurred_start"], id=last["id"]))
    return rows, next_cursor
