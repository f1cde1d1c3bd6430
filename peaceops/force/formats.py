"""The UN's published contributions of uniformed personnel as import formats of `force.contribution`.

- `un-contributions`: the yearly table, one row per year, contributing country and mission (columns Year,
  Country, Mission, Female, Male, Total; a full country x mission grid, so most rows are all zero). A record
  per row with people in it (source id `un:{year}:{ISO3}:{MISSION}`).
- `un-contributions-snapshot`: the ranking of contributing countries at a reporting date (columns ISOCode3,
  Contributing_Country, Female_Personnel, Male_Personnel, Total_Uniformed_Personnel, Last_Reporting_Date; also
  M49_Code and Personnel_Contribution_Rank, not kept). A record per country, all missions together (blank
  `un_mission`), as of the reporting date (source id `un-snapshot:{date}:{ISO3}`).

Both read the file row by row (the yearly table has tens of thousands of rows). All-zero rows are skipped, not
rejected. A row whose total is not women plus men is kept as published: women and men as given, the total in
`published_total` (the real 2010-2019 table has hundreds of rows one off, from rounding when monthly figures
became yearly; rejecting them would lose the figures of women and men the UN published). A row is rejected,
with its line and reason, when a cell is missing, a number is not a whole number of at least 0, or the country
is not one `countries.resolve` knows (in the snapshot, also when the name and the ISOCode3 column name different
countries). A file without the columns of
the format is refused whole (`FormatError`). Importing a file again changes nothing (the source ids).
"""

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from peaceops.interop.records import FormatError, RecordFormat, Row, register_format

from .countries import country_name, is_country, resolve
from .models import Contribution

YEARLY = ("Year", "Country", "Mission", "Female", "Male", "Total")
SNAPSHOT = ("ISOCode3", "Contributing_Country", "Female_Personnel", "Male_Personnel", "Total_Uniformed_Personnel",
            "Last_Reporting_Date")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-\s]([A-Za-z]{3})[A-Za-z]*[-\s](\d{2}|\d{4})$")  # 31-Jan-21


class _Bad(ValueError):
    """A row's fault, told as "<column>: <what is wrong>"."""


def _rows(path, columns: tuple[str, ...], what: str) -> Iterator[tuple[int, dict]]:
    """(line, row) of a CSV file, one at a time, its columns named as `columns` whatever their case and
    surrounding spaces; FormatError when one is missing."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None) or []
        names = {name.strip().casefold(): i for i, name in enumerate(header)}
        missing = [c for c in columns if c.casefold() not in names]
        if missing:
            raise FormatError(f"{Path(path).name}: not {what} (no column {missing[0]!r}; the columns are "
                              f"{', '.join(columns)})")
        positions = {c: names[c.casefold()] for c in columns}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            yield reader.line_num, {c: cells[i] if i < len(cells) else None for c, i in positions.items()}


def _cell(row: dict, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise _Bad(f"{column}: is empty" if row.get(column) is not None else f"{column}: is missing")
    return value


def _count(row: dict, column: str) -> int:
    """A number of people: a whole number of at least 0 ("12" or "12.0")."""
    value = _cell(row, column)
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise _Bad(f"{column}: not a number ({value!r})") from None
    if number != number or number < 0 or number != int(number):
        raise _Bad(f"{column}: not a whole number of at least 0 ({value!r})")
    return int(number)


def _counts(row: dict, female: str, male: str, total: str) -> tuple[int, int, int | None]:
    """Women, men and the published total when it is not women + men (else None)."""
    women, men, everyone = _count(row, female), _count(row, male), _count(row, total)
    return women, men, (None if everyone == women + men else everyone)


def _country(name: str, column: str) -> str:
    code = resolve(name)
    if code is None:
        raise _Bad(f"{column}: unknown country {name!r}")
    return code


def _year(row: dict) -> int:
    value = _cell(row, "Year")
    if not re.fullmatch(r"\d{4}(\.0)?", value):
        raise _Bad(f"Year: not a year ({value!r})")
    return int(float(value))


def read_un_contributions(path, mission) -> Iterator[Row]:
    """The yearly table: a row per year, country and mission with people in it."""
    for line, raw in _rows(path, YEARLY, "a UN contributions table"):
        try:
            year = _year(raw)
            women, men, published = _counts(raw, "Female", "Male", "Total")
            if women + men == 0 and not published:
                yield Row(line)  # the grid's empty cells: skipped
                continue
            un_mission = " ".join(_cell(raw, "Mission").upper().split())
            name = " ".join(_cell(raw, "Country").split())
            code = _country(name, "Country")
        except _Bad as fault:
            yield Row(line, reason=str(fault), raw=raw)
            continue
        yield Row(line, raw=raw, data={
            "country": code, "country_name": name, "un_mission": un_mission, "year": year, "female": women,
            "male": men, "published_total": published, "source_id": f"un:{year}:{code}:{un_mission}"})


def _date(value: str) -> dt.date:
    """A reporting date: "31-Jan-21" (as the UN writes it), "31 January 2021" or ISO "2021-01-31"."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    found = _DAY_MONTH_YEAR.match(value)
    month = _MONTHS.get(found[2].casefold()) if found else None
    if month:
        year = int(found[3]) + (2000 if len(found[3]) == 2 else 0)
        try:
            return dt.date(year, month, int(found[1]))
        except ValueError:
            pass
    raise _Bad(f"Last_Reporting_Date: not a date ({value!r}; e.g. 31-Jan-21 or 2021-01-31)")


def read_un_contributions_snapshot(path, mission) -> Iterator[Row]:
    """The ranking at a reporting date: a row per country with people deployed, all missions together."""
    for line, raw in _rows(path, SNAPSHOT, "a UN contributions ranking"):
        try:
            women, men, published = _counts(raw, "Female_Personnel", "Male_Personnel", "Total_Uniformed_Personnel")
            if women + men == 0 and not published:
                yield Row(line)
                continue
            as_of = _date(_cell(raw, "Last_Reporting_Date"))
            name = " ".join((raw["Contributing_Country"] or "").split())
            given = (raw["ISOCode3"] or "").strip().upper()
            if given and not is_country(given):
                raise _Bad(f"ISOCode3: not an ISO 3166-1 alpha-3 country code ({raw['ISOCode3']!r})")
            if not name and not given:
                raise _Bad("Contributing_Country: is empty (and so is ISOCode3)")
            named = _country(name, "Contributing_Country") if name else None
            if given and named and given != named:
                raise _Bad(f"ISOCode3: {given} is not {name!r} ({named})")
            code = given or named
            name = name or country_name(code)
        except _Bad as fault:
            yield Row(line, reason=str(fault), raw=raw)
            continue
        yield Row(line, raw=raw, data={
            "country": code, "country_name": name, "un_mission": "", "year": as_of.year, "month": as_of.month,
            "as_of": as_of, "female": women, "male": men, "published_total": published,
            "source_id": f"un-snapshot:{as_of.isoformat()}:{code}"})


register_format(Contribution, RecordFormat(
    "un-contributions", read=read_un_contributions,
    description="UN uniformed personnel by contributing country, mission and year (Year, Country, Mission, "
                "Female, Male, Total)"))
register_format(Contribution, RecordFormat(
    "un-contributions-snapshot", read=read_un_contributions_snapshot,
    description="UN ranking of contributing countries at a reporting date (ISOCode3, Contributing_Country, "
                "Female_Personnel, Male_Personnel, Total_Uniformed_Personnel, Last_Reporting_Date)"))
