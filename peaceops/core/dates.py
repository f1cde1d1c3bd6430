"""The range of dates PeaceOps stores and answers about: 1 January 1800 to 31 December 2199 (UTC).

Anything that happened, or is asked about, outside this range is refused at the edge (API bodies and query
parameters, forms, imports), naming the field. The calendar's own edges (year 1 and year 9999) cannot be
shifted to UTC or bucketed into weeks without overflowing, and no mission records events there; the range is
wide enough for historical reporting and for forecasts far ahead.

The check compares the wall-clock reading before any conversion to UTC, so a value such as
`0001-01-01T00:00:00+14:00` is refused instead of overflowing while it is converted.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

EARLIEST = dt.datetime(1800, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)
#: How the range is stated in error messages and the docs.
RANGE_TEXT = "1800-01-01 to 2199-12-31 (UTC)"
#: A FieldError's message for a date outside the range (said of the field), with its `RANGE_PARAMS`:
#: `FieldError(name, OUT_OF_RANGE, **RANGE_PARAMS)`.
OUT_OF_RANGE = _("is outside the supported dates, %(first)s to %(last)s (UTC)")
RANGE_PARAMS = {"first": "1800-01-01", "last": "2199-12-31"}


class DateOutOfRange(ValueError):
    """A date or date-time outside the supported range; `field` names where it came from."""

    def __init__(self, field: str, value):
        self.field = field
        self.value = value
        super().__init__(f"{field}: {value} is outside the supported dates, {RANGE_TEXT}")


_EARLIEST_WALL, _LATEST_WALL = EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None)
# A day of slack each side: offsets up to +-24 h cannot carry an accepted wall-clock reading out of range far
# enough to overflow, and the exact bound is then checked in UTC.
_LOWEST_WALL, _HIGHEST_WALL = _EARLIEST_WALL - dt.timedelta(days=1), _LATEST_WALL + dt.timedelta(days=1)


def in_range(value: dt.date | dt.datetime) -> bool:
    """Whether `value` (a date, or a naive or aware date-time in any offset) lies in the supported range."""
    if isinstance(value, dt.datetime):
        wall = value.replace(tzinfo=None)
        if not _LOWEST_WALL <= wall <= _HIGHEST_WALL:
            return False
        if value.tzinfo is not None:
            return EARLIEST <= value <= LATEST
        return _EARLIEST_WALL <= wall <= _LATEST_WALL
    wall = dt.datetime(value.year, value.month, value.day)
    return _EARLIEST_WALL <= wall <= _LATEST_WALL


def check_in_range(value, field: str):
    """`value` unchanged when it is None or in range; else DateOutOfRange naming `field`."""
    if value is not None and not in_range(value):
        raise DateOutOfRange(field, value)
    return value


def _refuse_outside(value):
    """The pydantic check of SupportedDateTime: an out-of-range value is a field error ("date_range")."""
    if value is not None and not in_range(value):
        raise PydanticCustomError("date_range", "is outside the supported dates, {range}", {"range": RANGE_TEXT})
    return value


#: A date-time field of an API schema that refuses values outside the supported range (422 naming the field).
SupportedDateTime = Annotated[dt.datetime, AfterValidator(_refuse_outside)]


def validate_supported(value) -> None:
    """The Django form validator: a date or date-time outside the supported range is a field error."""
    if value is not None and not in_range(value):
        raise ValidationError(_("Outside the supported dates, %(range)s."), code="date_range",
                              params={"range": RANGE_TEXT})


def month_key(value: dt.date) -> str:
    """'YYYY-MM' of a date, the year always four digits (strftime writes year 1 as '1' on some platforms)."""
    return f"{value.year:04d}-{value.month:02d}"
