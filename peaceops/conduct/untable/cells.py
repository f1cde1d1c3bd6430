"""The cells of the UN's table of allegations that tell what was reported (dates, personnel, nationality,
victims, allegations, paternity, NIO, criminal referral), each read into a case's fields and children
(`parse_*`) and written back from them (`render_*`); `outcomes` does the same for the investigation, the result
and the actions.

A cell with several values (victims of several age groups, two allegations, several results or actions)
separates them by a blank line. Words the platform has no value for are kept as published (`personnel_published`,
`nationality_name`, `investigator_published`, an allegation's `label`, a result's `detail`, an action's `label`).
A kept text is written back while it still says what the fields say, so that the export of imported cases gives
the cells back unchanged, and a case changed since is written from its fields. A cell the format cannot read
raises `CellError` naming its column.
"""

import calendar
import datetime as dt
import re
from functools import lru_cache

from peaceops.force.countries import country_name, resolve

from ..choices import AgeGroup, AllegationKind, Answer, DatePrecision, NioAnswer
from ..choices import PersonnelCategory as P

SEPARATOR = "\n\n"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = {name.casefold(): i for i, name in enumerate(MONTHS, 1)} | {
    n[:3].casefold(): i for i, n in enumerate(MONTHS, 1)
}
_COUNT = re.compile(r"^(?P<rest>.*?)\s*\((?P<count>\d+)\)$", re.S)  # "... (3)"


class CellError(ValueError):
    """A cell the format cannot read: "<column>: <what is wrong>"."""

    def __init__(self, column: str, message: str):
        super().__init__(f"{column}: {message}")


def lines(text: str) -> list[str]:
    """The values of a cell (a blank line between two)."""
    text = (text or "").strip()
    return [part.strip() for part in re.split(r"\n[ \t]*\n", text)] if text else []


def words_key(text: str) -> str:
    """Words for comparison: single spaces, none inside parentheses, case-folded."""
    text = " ".join(text.split()).casefold()
    return re.sub(r"\s*\)", ")", re.sub(r"\(\s*", "(", text))


def counted(line: str) -> tuple[str, int | None]:
    found = _COUNT.match(line)
    return (found["rest"], int(found["count"])) if found else (line, None)


# --- Date (reported), Date of incident ----------------------------------------------------------------------
def parse_reported(text: str) -> dict:
    """ "12/2022" -> the first of the month, month precision."""
    found = re.fullmatch(r"(\d{1,2})/(\d{4})", (text or "").strip())
    if not found or not 1 <= int(found[1]) <= 12:
        raise CellError("Date", f"not a month and year ({text!r}; e.g. 12/2022)")
    return {
        "reported_on": dt.date(int(found[2]), int(found[1]), 1),
        "reported_precision": DatePrecision.MONTH,
    }


def render_reported(day: dt.date) -> str:
    return f"{day.month}/{day.year}"


def _period(text: str, *, end: bool) -> tuple[dt.date | None, str]:
    """ "June / 2012", "Unspecified / 2012" or "Unspecified": its first day (its last, for the `end` of a range)
    and precision."""
    if words_key(text) in ("unspecified", "unknown"):
        return None, DatePrecision.UNKNOWN
    found = re.fullmatch(r"([A-Za-z]+)\s*/\s*(\d{4})", text.strip())
    word = found[1].casefold() if found else ""
    if not found or (word not in _MONTH and word != "unspecified"):
        raise CellError(
            "Date of incident", f"not a month and year ({text!r}; e.g. June / 2012, Unspecified / 2012)"
        )
    year = int(found[2])
    if word == "unspecified":
        return (dt.date(year, 12, 31) if end else dt.date(year, 1, 1)), DatePrecision.YEAR
    month = _MONTH[word]
    day = calendar.monthrange(year, month)[1] if end else 1
    return dt.date(year, month, day), DatePrecision.MONTH


def parse_incident(text: str) -> dict:
    """A time ("June / 2012": from and to the same date and precision), a range ("January / 2017 - December /
    2017": to the last day of its end), or "Unknown"."""
    parts = re.split(r"\s+-\s+", (text or "").strip(), maxsplit=1) if (text or "").strip() else ["Unknown"]
    start, start_precision = _period(parts[0], end=False)
    end, end_precision = _period(parts[1], end=True) if len(parts) == 2 else (start, start_precision)
    return {
        "incident_from": start,
        "incident_from_precision": start_precision,
        "incident_to": end,
        "incident_to_precision": end_precision,
    }


def _render_period(day: dt.date | None, precision: str) -> str:
    if day is None:
        return "Unspecified"
    if precision == DatePrecision.YEAR:
        return f"Unspecified / {day.year}"
    return f"{MONTHS[day.month - 1]} / {day.year}"  # a day's precision too: the table goes to the month


def render_incident(start, start_precision, end, end_precision) -> str:
    if start is None and end is None:
        return "Unknown"
    if start == end and start_precision == end_precision:
        return _render_period(start, start_precision)
    return f"{_render_period(start, start_precision)} - {_render_period(end, end_precision)}"


# --- Personnel Type, Nationality ----------------------------------------------------------------------------
PERSONNEL_WORDS = {
    P.MILITARY_CONTINGENT: "Military (MC)",
    P.MILITARY_OBSERVER: "Military (MO)",
    P.STAFF_OFFICER: "Military (Staff Officer)",
    P.FORMED_POLICE: "Police (FPU)",
    P.INDIVIDUAL_POLICE: "Police (UNPOL)",
    P.GOVERNMENT_PROVIDED: "Police (GPP)",
    P.CIVILIAN_INTERNATIONAL: "Civilian (INT)",
    P.CIVILIAN_NATIONAL: "Civilian (NS)",
    P.UN_VOLUNTEER: "Civilian (UNV)",
    P.CONTRACTOR: "Civilian (Contractor)",
    P.UNKNOWN: "Unknown",
}
_PERSONNEL = {words_key(word): category for category, word in PERSONNEL_WORDS.items()} | {
    "police (ipo)": P.INDIVIDUAL_POLICE,
    "civilian (vendor employee)": P.CONTRACTOR,
    "civilian((legacy) daily casual workers)": P.CIVILIAN_NATIONAL,
    "civilian ((legacy) daily casual workers)": P.CIVILIAN_NATIONAL,
}


def _personnel_line(line: str) -> tuple[str, int | None]:
    kind, comma, count = line.rpartition(",")
    if not comma or ")" in count:
        kind, count = line, ""
    elif not count.strip().isdigit():
        raise CellError("Personnel Type", f"not a number of subjects after the comma ({line!r})")
    return _PERSONNEL.get(words_key(kind), P.UNKNOWN), int(count) if count.strip() else None


def parse_personnel(text: str) -> dict:
    """ "Military (MC),6" -> the category and 6 subjects; several lines: the first line's category and the
    subjects added up (none when a line gives no number). The cell is kept as published."""
    found = [_personnel_line(line) for line in lines(text)]
    counts = [count for _, count in found]
    return {
        "personnel_category": found[0][0] if found else P.UNKNOWN,
        "subjects": sum(counts) if found and None not in counts else None,
        "personnel_published": (text or "").strip(),
    }


def render_personnel(category: str, subjects: int | None, published: str) -> str:
    if published and still_says(parse_personnel, published, personnel_category=category, subjects=subjects):
        return published
    return PERSONNEL_WORDS.get(category, "Unknown") + (f",{subjects}" if subjects is not None else "")


@lru_cache(maxsize=512)
def country_of(name: str) -> str:
    """The ISO3 code of the first country a Nationality cell names, or "" ("Unknown", a name not known)."""
    first = lines(name)[:1]
    return (resolve(first[0]) or "") if first else ""


def parse_nationality(text: str) -> dict:
    return {"nationality": country_of(text or ""), "nationality_name": (text or "").strip()}


def render_nationality(code: str, name: str) -> str:
    if name and country_of(name) == (code or ""):
        return name
    return country_name(code) if code else ""


# --- Victim, Allegation -------------------------------------------------------------------------------------
VICTIM_ORDER = (AgeGroup.CHILD, AgeGroup.ADULT, AgeGroup.UNKNOWN)  # as the table lists them


def parse_victims(text: str) -> list[dict]:
    """ "Child (2)" and further lines -> a row per age group ("Adult": a number not given)."""
    rows = []
    for line in lines(text):
        rest, count = counted(line)
        if rest.strip().casefold() not in AgeGroup.values:
            raise CellError("Victim", f"not Child, Adult or Unknown with a number ({line!r}; e.g. Adult (2))")
        rows.append({"age_group": rest.strip().casefold(), "count": count})
    return rows


def render_victims(rows) -> str:
    rows = sorted(rows, key=lambda row: VICTIM_ORDER.index(row["age_group"]))
    return SEPARATOR.join(
        AgeGroup(row["age_group"]).name.capitalize()
        + (f" ({row['count']})" if row["count"] is not None else "")
        for row in rows
    )


A = AllegationKind
ALLEGATION_WORDS = {
    A.TRANSACTIONAL_SEX: "SE (Transactional sex)",
    A.SOLICITING_TRANSACTIONAL_SEX: "SE (Soliciting transactional sex)",
    A.ATTEMPTED_TRANSACTIONAL_SEX: "SE (Attempted transactional sex)",
    A.EXPLOITATIVE_RELATIONSHIP: "SE (Exploitative relationship)",
    A.OTHER_EXPLOITATION: "SE (Other)",
    A.RAPE: "SA (Rape)",
    A.ATTEMPTED_RAPE: "SA (Attempted rape)",
    A.SEXUAL_ASSAULT: "SA (Sexual assault)",
    A.ATTEMPTED_SEXUAL_ASSAULT: "SA (Attempted sexual assault)",
    A.SEXUAL_ACTIVITY_WITH_MINOR: "SA (Sexual activity with minor)",
    A.OTHER_ABUSE: "SA (Other)",
    A.OTHER_MISCONDUCT: "Other misconduct",
}
_ALLEGATIONS = {words_key(word): kind for kind, word in ALLEGATION_WORDS.items()} | {
    "sa([legacy] sexual activity with minor)": A.SEXUAL_ACTIVITY_WITH_MINOR,
    "sa ([legacy] sexual activity with minor)": A.SEXUAL_ACTIVITY_WITH_MINOR,
}


def allegation_kind(label: str) -> str:
    """The kind of a published allegation; one the table's words do not name: other sexual exploitation (SE),
    other sexual abuse (SA) or other misconduct."""
    key = words_key(label)
    return _ALLEGATIONS.get(key) or (
        A.OTHER_EXPLOITATION
        if key.startswith("se")
        else A.OTHER_ABUSE
        if key.startswith("sa")
        else A.OTHER_MISCONDUCT
    )


def parse_allegations(text: str) -> list[dict]:
    return [
        {"position": i, "kind": allegation_kind(line), "label": line} for i, line in enumerate(lines(text))
    ]


def render_allegations(rows) -> str:
    rows = sorted(rows, key=lambda row: row["position"])
    return SEPARATOR.join(
        row["label"]
        if row["label"] and allegation_kind(row["label"]) == row["kind"]
        else ALLEGATION_WORDS[row["kind"]]
        for row in rows
    )


# --- Paternity, NIO, criminal referral: closed vocabularies ---------------------------------------------------
ANSWER_WORDS = {"": "", Answer.YES: "Yes", Answer.NO: "No", Answer.PENDING: "Pending"}
NIO_WORDS = {
    "": "",
    NioAnswer.YES: "Yes",
    NioAnswer.NO_RESPONSE: "No (no response)",
    NioAnswer.DECLINED: "No (declined)",
}


def parse_word(text: str, column: str, words: dict) -> str:
    found = {words_key(word): value for value, word in words.items()}.get(words_key(text or ""))
    if found is None:
        raise CellError(column, f"not one of {', '.join(repr(w) for w in words.values() if w)} ({text!r})")
    return found


def parse_paternity_claim(text: str) -> bool:
    return parse_word(text, "Paternity claim", ANSWER_WORDS) == Answer.YES


def still_says(parse, published: str, **fields) -> bool:
    """Whether a text kept as published still reads as the fields say."""
    try:
        read = parse(published)
    except CellError:
        return False
    return all(read[name] == value for name, value in fields.items())
