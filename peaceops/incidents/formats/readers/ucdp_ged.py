"""UCDP Georeferenced Event Dataset (GED) CSV: one organised-violence event per row (versions 19.1 to 23.1).

Columns are found by name, never by position; columns a version lacks (e.g. `where_description`) are optional.
The mapping is the contract in docs/formats.md ("UCDP GED").
"""

import re
from collections.abc import Callable, Iterator

from peaceops.incidents.choices import (
    ActorRole,
    ActorType,
    CasualtyGroup,
    IncidentStatus,
    LocationPrecision,
    SourceType,
    TimePrecision,
)
from peaceops.incidents.inputs import ActorData, CasualtyData, IncidentData, SourceData

from .common import RowError, RowResult, clip, coordinate, count, csv_rows, day, required_text, text

REQUIRED = ("id", "type_of_violence", "where_prec", "date_prec", "date_start", "date_end", "best", "low", "high")

CATEGORY_BY_TYPE = {
    "1": "organised-violence/state-based",
    "2": "organised-violence/non-state",
    "3": "organised-violence/one-sided",
}
TIME_PRECISION = {
    "1": TimePrecision.DAY, "2": TimePrecision.DAYS, "3": TimePrecision.WEEK,
    "4": TimePrecision.MONTH, "5": TimePrecision.YEAR,
}
LOCATION_PRECISION = {
    "1": LocationPrecision.EXACT, "2": LocationPrecision.NEAR, "3": LocationPrecision.ADMIN2,
    "4": LocationPrecision.ADMIN1, "5": LocationPrecision.NEAR, "6": LocationPrecision.COUNTRY,
    "7": LocationPrecision.COUNTRY,
}
#: Actor type of a side that is not a government nor civilians, by type of violence.
NON_STATE_TYPE = {"1": ActorType.REBEL_GROUP, "2": ActorType.MILITIA, "3": ActorType.MILITIA}
#: How UCDP grades itself as a source: usually reliable (B), probably true (2).
RELIABILITY, CREDIBILITY = "B", "2"

_POINT = re.compile(r"^\s*POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.IGNORECASE)


def default_category(type_of_violence: str) -> str | None:
    """The default taxonomy's category path for a UCDP type of violence ("1", "2", "3")."""
    return CATEGORY_BY_TYPE.get(type_of_violence)


def read(stream, *, category: Callable[[str], str | None] = default_category) -> Iterator[RowResult]:
    """Yield one RowResult per GED event; `category` maps a type of violence to the mission's category path."""
    return csv_rows(stream, REQUIRED, lambda raw: incident_from_row(raw, category))


def incident_from_row(raw: dict, category: Callable[[str], str | None] = default_category) -> IncidentData:
    """The incident one GED row describes (raises RowError naming the column)."""
    event_id = required_text(raw, "id")
    violence = text(raw, "type_of_violence")
    if violence.endswith(".0"):
        violence = violence[:-2]
    if violence not in CATEGORY_BY_TYPE:
        raise RowError("type_of_violence", f"{violence!r} is not 1, 2 or 3")
    path = category(violence)
    if path is None:
        raise RowError("type_of_violence", f"the mission has no category for UCDP type of violence {violence}")
    lon, lat = _point(raw)
    start, end = day(raw, "date_start"), day(raw, "date_end")
    if end < start:
        raise RowError("date_end", f"{text(raw, 'date_end')} is before date_start {text(raw, 'date_start')}")
    low, best, high, repairs = estimates(count(raw, "low"), count(raw, "best"), count(raw, "high"))
    place = text(raw, "where_coordinates")
    side_a, side_b = text(raw, "side_a"), text(raw, "side_b")
    return IncidentData(
        title=_title(raw, side_a, side_b, place),
        description=_description(raw),
        occurred_start=start,
        occurred_end=end,
        time_precision=_code(raw, "date_prec", TIME_PRECISION),
        lon=lon,
        lat=lat,
        location_precision=_code(raw, "where_prec", LOCATION_PRECISION),
        location_name=clip(place, 300),
        category_path=path,
        status=IncidentStatus.VERIFIED,
        classification="PUBLIC",
        casualties=_casualties(raw, side_a, side_b),
        actors=_actors(raw, violence, side_a, side_b),
        sources=[_source(raw, event_id)],
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        ucdp_id=event_id,
        data_repairs=repairs,
    )


def estimates(low: int, best: int, high: int) -> tuple[int, int, int, str]:
    """Low, best and high fatalities with the interval widened to contain the best estimate, and what was
    repaired in words ("" when the file's values were in order).

    UCDP's own files hold a few events whose low or high estimate lies on the wrong side of the best one (e.g.
    low 3, best 3, high 2). The best estimate is what UCDP counts and publishes, so it is kept; the interval is
    widened to it (high raised to best, low lowered to best), which keeps low <= best <= high without dropping
    the event."""
    if low <= best <= high:
        return low, best, high, ""
    repaired = []
    if high < best:
        repaired.append(f"high {high} raised to {best}")
    if low > best:
        repaired.append(f"low {low} lowered to {best}")
    note = (f"Fatalities: the file gave low {low}, best {best}, high {high}; {' and '.join(repaired)} "
            "so that the range contains the best estimate.")
    return min(low, best), best, max(high, best), note


def _code(raw: dict, column: str, mapping: dict) -> str:
    value = text(raw, column)
    if value.endswith(".0"):
        value = value[:-2]
    if value not in mapping:
        raise RowError(column, f"{value!r} is not one of {', '.join(mapping)}")
    return mapping[value]


def _point(raw: dict) -> tuple[float, float]:
    """Longitude and latitude from the `longitude`/`latitude` columns, else from `geom_wkt` POINT."""
    if text(raw, "longitude") or text(raw, "latitude") or not text(raw, "geom_wkt"):
        lat = coordinate(raw, "latitude", 90)
        return coordinate(raw, "longitude", 180), lat
    match = _POINT.match(text(raw, "geom_wkt"))
    if not match:
        raise RowError("geom_wkt", "is not a POINT (lon lat)")
    return coordinate({"geom_wkt": match[1]}, "geom_wkt", 180), coordinate({"geom_wkt": match[2]}, "geom_wkt", 90)


def _title(raw: dict, side_a: str, side_b: str, place: str) -> str:
    headline = text(raw, "source_headline").split(";")[0].strip()
    if headline:
        return clip(headline, 300)
    dyad = text(raw, "dyad_name") or " - ".join(s for s in (side_a, side_b) if s) or "UCDP GED event"
    return clip(f"{dyad} at {place}" if place else dyad, 300)


def _description(raw: dict) -> str:
    parts = [text(raw, "where_description"), text(raw, "source_article")]
    return "\n\n".join(p for p in parts if p)


def _is_government(side: str) -> bool:
    return side.startswith("Government of")


def _casualties(raw: dict, side_a: str, side_b: str) -> list[CasualtyData]:
    """Deaths by group (UCDP's best estimates; low = best = high within a group)."""
    by_group: dict[str, int] = {}
    for column, side in (("deaths_a", side_a), ("deaths_b", side_b)):
        group = CasualtyGroup.SECURITY_FORCES if _is_government(side) else CasualtyGroup.OTHER
        by_group[group] = by_group.get(group, 0) + count(raw, column)
    by_group[CasualtyGroup.CIVILIANS] = count(raw, "deaths_civilians")
    by_group[CasualtyGroup.OTHER] = by_group.get(CasualtyGroup.OTHER, 0) + count(raw, "deaths_unknown")
    return [
        CasualtyData(group=group, killed_low=n, killed_best=n, killed_high=n)
        for group, n in sorted(by_group.items())
        if n
    ]


def _actor_type(side: str, violence: str) -> str:
    if _is_government(side):
        return ActorType.STATE_FORCES
    if side == "Civilians":
        return ActorType.CIVILIANS
    return NON_STATE_TYPE[violence]


def _actors(raw: dict, violence: str, side_a: str, side_b: str) -> list[ActorData]:
    """side_a as perpetrators, side_b as targets (victims of one-sided violence). A side naming several
    actors joined by `;` (as PeaceOps' GED export writes them) gives one actor each, without a UCDP id."""
    actors = []
    target_role = ActorRole.VICTIM if violence == "3" else ActorRole.TARGET
    for side, role, id_column in (
        (side_a, ActorRole.PERPETRATOR, "side_a_new_id"),
        (side_b, target_role, "side_b_new_id"),
    ):
        names = [name.strip() for name in side.split(";") if name.strip()]
        actor_id = count(raw, id_column, default=None) if len(names) == 1 else None
        for name in names:
            if len(name) > 300:
                raise RowError(id_column.replace("_new_id", ""), "is longer than 300 characters")
            actors.append(ActorData(name=name, role=role, type=_actor_type(name, violence), ucdp_actor_id=actor_id))
    return actors


def _source(raw: dict, event_id: str) -> SourceData:
    reference = text(raw, "source_article") or text(raw, "source_office") or f"UCDP GED event {event_id}"
    return SourceData(type=SourceType.DATASET, reference=reference, reliability=RELIABILITY,
                      credibility=CREDIBILITY)
