"""The UCDP GED export: a CSV with the Georeferenced Event Dataset's column names (the inverse of its import).

Mapping (docs/formats.md): `id` is the UCDP id when known, else the PeaceOps UUID as 32 hex digits; perpetrators
are `side_a`, targets and victims `side_b` (several joined by "; "); precisions map back to `where_prec` and
`date_prec`; deaths are split by casualty group (civilians -> `deaths_civilians`, security forces -> the side
whose actor is a state force, everything else -> `deaths_unknown`, which also takes any part of `best` the
groups do not explain, so that `best` is the sum of the four as in GED). Text cells are formula-neutralised.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from peaceops.incidents.choices import ActorRole, ActorType, CasualtyGroup, LocationPrecision, TimePrecision
from peaceops.interop.exporters.spreadsheet import SpreadsheetLines

from .records import IncidentRecord

GED_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_headline",
    "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low",
]

WHERE_PREC = {
    LocationPrecision.EXACT: 1, LocationPrecision.NEAR: 2, LocationPrecision.ADMIN2: 3,
    LocationPrecision.ADMIN1: 4, LocationPrecision.COUNTRY: 6,
}
DATE_PREC = {
    TimePrecision.MINUTE: 1, TimePrecision.HOUR: 1, TimePrecision.DAY: 1, TimePrecision.DAYS: 2,
    TimePrecision.WEEK: 3, TimePrecision.MONTH: 4, TimePrecision.YEAR: 5,
}
SIDE_A_ROLES = (ActorRole.PERPETRATOR,)
SIDE_B_ROLES = (ActorRole.TARGET, ActorRole.VICTIM)


def _day(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d")


def _side(record: IncidentRecord, roles) -> tuple[str, bool]:
    """The side's actor names joined, and whether one of them is a state force."""
    actors = [a for a in record.actors if a.role in roles]
    return "; ".join(a.name for a in actors), any(a.type == ActorType.STATE_FORCES for a in actors)


def deaths(record: IncidentRecord, side_a_is_state: bool, side_b_is_state: bool) -> dict[str, int]:
    """Best death estimates per GED column, summing to the incident's fatalities_best."""
    split = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    for casualty in record.casualties:
        if casualty.group == CasualtyGroup.CIVILIANS:
            column = "deaths_civilians"
        elif casualty.group == CasualtyGroup.SECURITY_FORCES and side_a_is_state:
            column = "deaths_a"
        elif casualty.group == CasualtyGroup.SECURITY_FORCES and side_b_is_state:
            column = "deaths_b"
        else:
            column = "deaths_unknown"
        split[column] += casualty.killed_best
    split["deaths_unknown"] += max(0, record.incident.fatalities_best - sum(split.values()))
    return split


def ged_row(record: IncidentRecord) -> dict:
    """The incident as a dict of GED columns."""
    i = record.incident
    side_a, a_is_state = _side(record, SIDE_A_ROLES)
    side_b, b_is_state = _side(record, SIDE_B_ROLES)
    return {
        "id": i.ucdp_id or i.pk.hex,
        "year": i.occurred_start.astimezone(dt.UTC).year,
        "type_of_violence": i.ucdp_type_of_violence or "",
        "side_a": side_a,
        "side_b": side_b,
        "source_article": "; ".join(s.reference for s in record.sources if s.reference),
        "source_headline": i.title,
        "where_prec": WHERE_PREC.get(i.location_precision, ""),
        "where_coordinates": i.location_name,
        "adm_1": i.admin1_name or "",
        "adm_2": i.admin2_name or "",
        "latitude": i.lat,
        "longitude": i.lon,
        "date_prec": DATE_PREC.get(i.time_precision, ""),
        "date_start": _day(i.occurred_start),
        "date_end": _day(i.occurred_end),
        **deaths(record, a_is_state, b_is_state),
        "best": i.fatalities_best,
        "high": i.fatalities_high,
        "low": i.fatalities_low,
    }


def ged_text(records: Iterable[IncidentRecord]) -> Iterator[str]:
    """The GED header line, then one line per incident."""
    lines = SpreadsheetLines()
    yield lines.header(GED_COLUMNS)
    for record in records:
        row = ged_row(record)
        yield lines.row(row[name] for name in GED_COLUMNS)
