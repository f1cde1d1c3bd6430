"""Training lists as import formats of `conduct.trainingcompletion` (`peaceops import-records
conduct.trainingcompletion FILE --format ...`):

- `training-counts`: per unit and course, how many were trained out of how many (columns unit, course, as_of,
  trained, strength; `unit` is the unit's source id or its name, `course` the course's code or name).
- `training-roster`: the training cells' lists of who completed a course (columns unit, course, completed_on,
  and name or service_number, or both; optional as_of and strength). The people are COUNTED and dropped: a
  name or service number is read only to count each person once (as a digest, in memory), and is never
  stored, logged, nor written to the rejects file. The rows become one record per unit, course and as_of (the
  as_of column, else the latest completion date of that unit and course in the list): trained = the people
  who completed the course by then; strength = the column, else the unit's deployed strength as of that date
  (`force.UnitStrength`), else 0 (unknown).

Both give the record the source id `training:<unit>:<course>:<as_of>` (the unit's source id, else its id), so
importing a list again changes nothing, and the two formats update the same record. A row is rejected with
its line and reason when a cell is missing or not a date or a count, or the course is unknown; a file
without the format's columns is refused whole (`FormatError`).
"""

import csv
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Max, Sum

from peaceops.force.models import Unit, UnitStrength
from peaceops.interop.records import FormatError, RecordFormat, Row, register_format

from .choices import TrainingCourse
from .models import TrainingCompletion

COUNTS = ("unit", "course", "as_of", "trained", "strength")
ROSTER = ("unit", "course", "completed_on")
PERSON = ("name", "service_number")


class _Bad(ValueError):
    """A row's fault, told as "<column>: <what is wrong>"."""


def _rows(
    path, required: tuple[str, ...], optional: tuple[str, ...], what: str
) -> Iterator[tuple[int, dict]]:
    """(line, row) of a CSV file with its columns named in lower case; FormatError when a required one is
    missing."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip().casefold().replace(" ", "_") for name in next(reader, None) or []]
        missing = [c for c in required if c not in header]
        if missing:
            raise FormatError(
                f"{Path(path).name}: not {what} (no column {missing[0]!r}; the columns are "
                f"{', '.join(required)})"
            )
        wanted = [c for c in (*required, *optional) if c in header]
        positions = {c: header.index(c) for c in wanted}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            yield (
                reader.line_num,
                {c: (cells[i].strip() if i < len(cells) else "") for c, i in positions.items()},
            )


def _cell(row: dict, column: str) -> str:
    if not row.get(column):
        raise _Bad(f"{column}: is empty")
    return row[column]


def _date(row: dict, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_cell(row, column))
    except ValueError:
        raise _Bad(f"{column}: not a date ({row[column]!r}; e.g. 2026-11-30)") from None


def _count(row: dict, column: str) -> int:
    value = _cell(row, column)
    if not value.isdigit():
        raise _Bad(f"{column}: not a whole number of at least 0 ({value!r})")
    return int(value)


def _course(row: dict) -> str:
    value = _cell(row, "course").casefold()
    for code, label in TrainingCourse.choices:
        if value in (code, str(label).casefold()):
            return code
    raise _Bad(f"course: unknown ({row['course']!r}; one of {', '.join(TrainingCourse.values)})")


def _unit(value: str, mission) -> tuple[str, str]:
    """(what the record names the unit by, the unit's key in source ids): a unit of the mission by source id,
    else the one unit of that name: its id; otherwise the value as given (the service then refuses it, naming
    the field, alike whether the unit does not exist or the importer may not see it)."""
    units = Unit.objects.filter(mission=mission)
    found = units.filter(source_id=value).first()
    if found is None:
        named = list(units.filter(name__iexact=value)[:2])
        found = named[0] if len(named) == 1 else None
    if found is None:
        return value, value
    return str(found.pk), found.source_id or str(found.pk)


def _source_id(unit_key: str, course: str, as_of: dt.date) -> str:
    return f"training:{unit_key}:{course}:{as_of.isoformat()}"


def read_training_counts(path, mission) -> Iterator[Row]:
    """Per-unit counts: a record per row."""
    for line, raw in _rows(path, COUNTS, (), "a training counts list"):
        try:
            unit, key = _unit(_cell(raw, "unit"), mission)
            course, as_of = _course(raw), _date(raw, "as_of")
            trained, strength = _count(raw, "trained"), _count(raw, "strength")
        except _Bad as fault:
            yield Row(line, reason=str(fault), raw=raw)
            continue
        yield Row(
            line,
            raw=raw,
            data={
                "unit": unit,
                "course": course,
                "as_of": as_of,
                "trained": trained,
                "strength": strength,
                "source_id": _source_id(key, course, as_of),
            },
        )


@dataclass
class _Group:
    """The people of one unit and course in a roster (digests only), and the first line naming them."""

    line: int
    people: set[bytes] = field(default_factory=set)  # digests of the people who completed it
    as_of: dt.date | None = None
    latest: dt.date | None = None  # the latest completion date counted
    strength: int | None = None


def _person(raw: dict) -> bytes:
    """A digest of the person a roster row names (service number, else name), to count each person once."""
    number = " ".join(raw.get("service_number", "").split()).casefold()
    name = " ".join(raw.get("name", "").split()).casefold()
    if not number and not name:
        raise _Bad("name: is empty (and so is service_number)")
    return hashlib.sha256(f"{'n' if number else 'p'}:{number or name}".encode()).digest()


def deployed_strength(unit_id: str, on: dt.date) -> int:
    """The unit's deployed strength at its latest figures as of `on` (0 when none, or not a unit's id)."""
    try:
        unit_id = uuid.UUID(unit_id)
    except ValueError:
        return 0
    latest = UnitStrength.objects.filter(unit_id=unit_id, as_of__lte=on).aggregate(day=Max("as_of"))["day"]
    if latest is None:
        return 0
    return UnitStrength.objects.filter(unit_id=unit_id, as_of=latest).aggregate(n=Sum("deployed"))["n"] or 0


def read_training_roster(path, mission) -> Iterator[Row]:
    """Per-person lists: the rows counted into one record per unit, course and as_of (see the module
    docstring). Rejected rows come first, as read; then a row per record (the line of its first person)."""
    groups: dict[tuple, _Group] = {}  # (unit, its key, course, as_of given) -> its people
    for line, raw in _rows(path, ROSTER, (*PERSON, "as_of", "strength"), "a training roster"):
        kept = {c: raw[c] for c in (*ROSTER, "as_of", "strength") if c in raw}  # never the person
        try:
            if not any(c in raw for c in PERSON):
                raise FormatError(
                    f"{Path(path).name}: not a training roster (no column 'name' or 'service_number')"
                )
            person = _person(raw)
            unit, key = _unit(_cell(raw, "unit"), mission)
            course, completed = _course(raw), _date(raw, "completed_on")
            as_of = _date(raw, "as_of") if raw.get("as_of") else None
            strength = _count(raw, "strength") if raw.get("strength") else None
        except _Bad as fault:
            yield Row(line, reason=str(fault), raw=kept)
            continue
        group = groups.setdefault((unit, key, course, as_of), _Group(line))
        if as_of is None or completed <= as_of:
            group.people.add(person)
            group.latest = max(completed, group.latest or completed)
        group.as_of, group.strength = as_of, strength if strength is not None else group.strength
    for (unit, key, course, _given), group in groups.items():
        as_of = group.as_of or group.latest
        strength = group.strength if group.strength is not None else deployed_strength(unit, as_of)
        yield Row(
            group.line,
            data={
                "unit": unit,
                "course": course,
                "as_of": as_of,
                "trained": len(group.people),
                "strength": strength,
                "source_id": _source_id(key, course, as_of),
            },
        )
    groups.clear()  # the digests go with the reader


register_format(
    TrainingCompletion,
    RecordFormat(
        "training-counts",
        read=read_training_counts,
        description="SEA training completion per unit (unit, course, as_of, trained, strength)",
    ),
)
register_format(
    TrainingCompletion,
    RecordFormat(
        "training-roster",
        read=read_training_roster,
        description="SEA training lists of people (unit, course, completed_on, name or service_number): counted "
        "per unit and course, names not kept",
    ),
)
