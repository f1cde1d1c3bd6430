"""What every reader shares: the row result, CSV records with physical line numbers, and field parsers.

Field parsers raise `RowError(column, message)`; a reader turns it into a rejected row whose reason starts
with the column's name, e.g. ``latitude: 'abc' is not a number``.
"""

import csv
import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

from peaceops.core.dates import RANGE_TEXT, in_range
from peaceops.incidents.inputs import IncidentData
from peaceops.interop.limits import ImportLimits, setting
from peaceops.interop.readers.errors import FileFormatError  # noqa: F401  (raised here; imported from here by the readers)
from peaceops.interop.readers.lines import Lines, readable


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

    @property
    def repair(self) -> str:
        """What the reader repaired in the row's values to keep the domain rules ("" when nothing)."""
        return self.data.data_repairs if self.data is not None else ""


def csv_records(stream, required: tuple[str, ...] = ()) -> Iterator[tuple[int, dict, str | None]]:
    """Yield (first physical line, fields by column name, problem or None) for each record of a CSV file.

    Quoted fields may span lines: the line given is where the record starts. A record with a different number
    of fields than the header comes back with a problem (its fields padded or the extras kept as `_extra_N`),
    as does one longer than the row limit (never held whole), one with a field over the field limit, and one
    holding bytes that are not text in the file's encoding. An empty file, or a header with no rows, is a
    FileFormatError.
    """
    limits = ImportLimits.current()
    csv.field_size_limit(max(limits.max_row_chars + 2, 1024))  # `Lines` keeps every record within it
    lines = Lines(stream, limits.max_row_chars)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError("the file is empty (no header line, no rows)") from None
    except csv.Error as exc:
        raise FileFormatError(f"line 1: not a CSV header ({exc})") from None
    if lines.cut_at or lines.damaged_at:
        raise FileFormatError(f"line 1: not a CSV header (longer than {limits.max_row_chars:,} characters, "
                              "or not text in the file's encoding)")
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise FileFormatError(f"missing required column(s): {', '.join(missing)}")
    width = len(header)
    encoding = _encoding_name(stream)
    previous_end = lines.number
    records = 0
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            previous_end = lines.number
            records += 1
            yield start, {}, f"row: not readable as CSV ({exc})"
            continue
        end, previous_end = lines.number, lines.number
        if lines.cut_at > start - 1:
            records += 1
            yield start, {}, (f"row: longer than {limits.max_row_chars:,} characters "
                              f"({setting('max_row_chars')}), lines {start}-{end}; not read")
            continue
        if not row:
            continue  # a blank line
        records += 1
        raw = dict(zip(header, row, strict=False))
        if len(row) != width:
            for column in header[len(row):]:
                raw[column] = ""
            for i, value in enumerate(row[width:]):
                raw[f"_extra_{i + 1}"] = value
        if lines.damaged_at > start - 1:
            yield start, {k: readable(v) for k, v in raw.items()}, (
                f"row: holds bytes that are not {encoding} text (shown as \ufffd in the rejects file)")
            continue
        if lines.record_chars > limits.max_field_chars and max(map(len, row)) > limits.max_field_chars:
            column = next(k for k, v in raw.items() if len(v) > limits.max_field_chars)
            yield start, {k: v[:200] for k, v in raw.items()}, (
                f"{column}: longer than {limits.max_field_chars:,} characters ({setting('max_field_chars')})")
            continue
        if len(row) == width:
            yield start, raw, None
        else:
            yield start, raw, f"row: has {len(row)} fields, the header has {width}"
    if not records:
        raise FileFormatError("the file has a header line but no rows")


def _encoding_name(stream) -> str:
    from peaceops.interop.readers.encoding import label

    codec = getattr(stream, "encoding", None)
    return label(codec) if codec else "UTF-8"


def csv_rows(stream, required: tuple[str, ...], build) -> Iterator[RowResult]:
    """One RowResult per CSV record: `build(raw)` makes the IncidentData, a RowError becomes the reason (and
    so does any other error of a row's values, e.g. a number too long to convert)."""
    for line, raw, problem in csv_records(stream, required):
        if problem:
            yield RowResult(line, raw, reason=problem)
            continue
        try:
            yield RowResult(line, raw, data=build(raw))
        except RowError as exc:
            yield RowResult(line, raw, reason=str(exc))
        except (ValueError, OverflowError) as exc:
            yield RowResult(line, raw, reason=f"row: {exc}")


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


#: The most characters a count's text may have (more than any real count needs; far fewer than Python's limit
#: on converting text to a number, whose error would otherwise end the import).
_LONGEST_COUNT = 40


def count(raw: dict, column: str, *, default: int | None = 0) -> int | None:
    """A non-negative whole number (e.g. deaths); `default` when empty."""
    value = raw.get(column)
    if value is None:
        return default
    if type(value) is str:
        if not value:
            return default
        if len(value) > _LONGEST_COUNT:
            raise RowError(column, f"{value[:20]!r}... is too long for a count ({len(value):,} characters)")
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
    _in_range(date, column, value)
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
    _in_range(parsed, column, value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _in_range(value: dt.date | dt.datetime, column: str, given: str) -> None:
    """RowError naming `column` when `value` lies outside the dates PeaceOps stores (checked before any
    conversion to UTC, which could overflow at the calendar's edges)."""
    if not in_range(value):
        raise RowError(column, f"{given!r} is outside the supported dates, {RANGE_TEXT}")


def clip(value: str, length: int) -> str:
    """Text cut to at most `length` characters (an ellipsis marks a cut)."""
    value = value.strip()
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"
