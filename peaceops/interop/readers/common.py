"""What every reader shares: the row result, CSV records with physical line numbers, and field parsers.

Field parsers raise `RowError(column, message)`; a reader turns it into a rejected row whose reason starts
with the column's name, e.g. ``latitude: 'abc' is not a number``.
"""

import csv
import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

from peaceops.incidents.inputs import IncidentData

#: Longest field a CSV reader accepts (the csv module's default, 128 KiB, is shorter than some GED articles).
MAX_FIELD = 16 * 1024 * 1024
if csv.field_size_limit() < MAX_FIELD:
    csv.field_size_limit(MAX_FIELD)


class FileFormatError(ValueError):
    """The file as a whole cannot be read in this format (e.g. a required column is missing)."""


class RowError(ValueError):
    """One row's value is unusable; `column` names where."""

    def __init__(self, column: str, message: str):
        super().__init__(f"{column}: {message}")
        self.column = column


@dataclass(slots=True)
class RowResult:
    """One row of a file: where it was (physical line, or feature index for GeoJSON), its raw fields, and
    either the incident it describes or the reason it cannot be imported."""

    line: int
    raw: dict
    data: IncidentData | None = None
    reason: str | None = None


def csv_records(stream, required: tuple[str, ...] = ()) -> Iterator[tuple[int, dict, str | None]]:
    """Yield (first physical line, fields by column name, problem or None) for each record of a CSV file.

    Quoted fields may span lines: the line given is where the record starts. A record with a different number
    of fields than the header comes back with a problem (its fields padded or the extras kept as `_extra_N`).
    """
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise FileFormatError(f"line 1: not a CSV header ({exc})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise FileFormatError(f"missing required column(s): {', '.join(missing)}")
    width = len(header)
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            previous_end = reader.line_num
            yield start, {}, f"row: not readable as CSV ({exc})"
            continue
        previous_end = reader.line_num
        if not row:
            continue  # a blank line
        if len(row) == width:
            yield start, dict(zip(header, row, strict=True)), None
            continue
        raw = dict(zip(header, row, strict=False))
        for column in header[len(row):]:
            raw[column] = ""
        for i, value in enumerate(row[width:]):
            raw[f"_extra_{i + 1}"] = value
        yield start, raw, f"row: has {len(row)} fields, the header has {width}"


def csv_rows(stream, required: tuple[str, ...], build) -> Iterator[RowResult]:
    """One RowResult per CSV record: `build(raw)` makes the IncidentData, a RowError becomes the reason."""
    for line, raw, problem in csv_records(stream, required):
        if problem:
            yield RowResult(line, raw, reason=problem)
            continue
        try:
            yield RowResult(line, raw, data=build(raw))
        except RowError as exc:
            yield RowResult(line, raw, reason=str(exc))


def text(raw: dict, column: str) -> str:
    """The column's value, stripped ('' when absent)."""
    value = raw.get(column)
    if type(value) is str:
        return value.strip()
    return "" if value is None else str(value)


def required_text(raw: dict, column: str) -> str:
    value = text(raw, column)
    if not value:
        raise RowError(column, "is required")
    return value


def count(raw: dict, column: str, *, default: int | None = 0) -> int | None:
    """A non-negative whole number (e.g. deaths); `default` when empty."""
    value = raw.get(column)
    if value is None:
        return default
    if type(value) is str:
        if not value:
            return default
        if value.isdigit() and value.isascii():
            return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        value = text(raw, column)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                raise RowError(column, f"{value!r} is not a whole number") from None
            if not as_float.is_integer():
                raise RowError(column, f"{value!r} is not a whole number") from None
            number = int(as_float)
    if number < 0:
        raise RowError(column, f"{number} is negative")
    return number


def coordinate(raw: dict, column: str, limit: float) -> float:
    """A longitude (limit 180) or latitude (limit 90) in decimal degrees."""
    value = raw.get(column)
    if type(value) is str and value and not value.isspace():
        try:
            number = float(value)
        except ValueError:
            raise RowError(column, f"{value.strip()!r} is not a number") from None
        if not math.isfinite(number) or not -limit <= number <= limit:
            raise RowError(column, f"{value.strip()!r} is outside -{limit:g}..{limit:g}")
        return number
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        value = text(raw, column)
        if not value:
            raise RowError(column, "is required")
        try:
            number = float(value)
        except ValueError:
            raise RowError(column, f"{value!r} is not a number") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise RowError(column, f"{value!r} is outside -{limit:g}..{limit:g}")
    return number


_MONTH_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")


def day(raw: dict, column: str) -> dt.datetime:
    """A calendar date (YYYY-MM-DD, or '01 January 2020') as midnight UTC."""
    value = required_text(raw, column)
    date = None
    if len(value) >= 10 and value[4] == "-" and (len(value) == 10 or value[10] in " T"):
        try:
            date = dt.date.fromisoformat(value[:10])
        except ValueError:
            date = None
    else:
        for fmt in _MONTH_FORMATS:
            try:
                date = dt.datetime.strptime(value, fmt).date()
                break
            except ValueError:
                continue
    if date is None:
        raise RowError(column, f"{value!r} is not a date (YYYY-MM-DD)")
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def moment(raw: dict, column: str, *, required: bool = True) -> dt.datetime | None:
    """An ISO 8601 time; a date alone means midnight UTC, no zone means UTC."""
    value = text(raw, column)
    if not value:
        if required:
            raise RowError(column, "is required")
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise RowError(column, f"{value!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def clip(value: str, length: int) -> str:
    """Text cut to at most `length` characters (an ellipsis marks a cut)."""
    value = value.strip()
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"
