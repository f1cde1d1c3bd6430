"""ACLED export CSV: one political violence, protest or strategic event per row.

Columns are found by name (ACLED's export names). Event types map to the mission's ACLED categories; the
mapping is the contract in docs/formats.md ("ACLED").
"""

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
from peaceops.incidents.taxonomy import DEFAULT_TAXONOMY

from .common import RowError, RowResult, clip, coordinate, count, csv_rows, day, required_text, text

#: The column holding the id imports are idempotent by.
ID_COLUMN = "event_id_cnty"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities")

TIME_PRECISION = {"1": TimePrecision.DAY, "2": TimePrecision.WEEK, "3": TimePrecision.MONTH}
LOCATION_PRECISION = {"1": LocationPrecision.EXACT, "2": LocationPrecision.NEAR, "3": LocationPrecision.ADMIN2}
#: ACLED's actor ("inter") codes, as numbers (older exports) or names (newer exports).
ACTOR_TYPE = {
    "1": ActorType.STATE_FORCES, "state forces": ActorType.STATE_FORCES,
    "2": ActorType.REBEL_GROUP, "rebel group": ActorType.REBEL_GROUP,
    "3": ActorType.MILITIA, "political militia": ActorType.MILITIA,
    "4": ActorType.MILITIA, "identity militia": ActorType.MILITIA,
    "5": ActorType.PROTESTERS, "rioters": ActorType.PROTESTERS,
    "6": ActorType.PROTESTERS, "protesters": ActorType.PROTESTERS,
    "7": ActorType.CIVILIANS, "civilians": ActorType.CIVILIANS,
    "8": ActorType.OTHER, "external/other forces": ActorType.OTHER,
    "0": ActorType.UNKNOWN, "": ActorType.UNKNOWN,
}
VIOLENCE_AGAINST_CIVILIANS = "violence against civilians"
#: ACLED graded as a source: a curated dataset of media reports, usually reliable (B), probably true (2).
RELIABILITY, CREDIBILITY = "B", "2"

#: Resolves (event_type, sub_event_type) to a category path of the mission, or None when it has none.
CategoryLookup = Callable[[str, str], str | None]


def _default_acled_paths() -> dict[tuple[str, str], str]:
    paths: dict[tuple[str, str], str] = {}

    def walk(entries, prefix):
        for code, _name, event_type, sub_event_type, _ucdp, children in entries:
            path = f"{prefix}/{code}" if prefix else code
            if path.startswith("acled/") and event_type:
                paths.setdefault((event_type.lower(), sub_event_type.lower()), path)
            walk(children, path)

    walk(DEFAULT_TAXONOMY, "")
    return paths


_DEFAULT_PATHS = _default_acled_paths()


def default_category(event_type: str, sub_event_type: str) -> str | None:
    """The default taxonomy's category path for an ACLED event type and sub-event type (an unknown sub-event
    type falls back to its event type, as the mission's CategoryResolver does); None for an unknown type."""
    key = (event_type.strip().lower(), sub_event_type.strip().lower())
    return _DEFAULT_PATHS.get(key) or _DEFAULT_PATHS.get((key[0], ""))


def read(stream, *, category: CategoryLookup = default_category) -> Iterator[RowResult]:
    """Yield one RowResult per ACLED event; `category` maps event types to the mission's taxonomy."""
    return csv_rows(stream, REQUIRED, lambda raw: incident_from_row(raw, category))


def incident_from_row(raw: dict, category: CategoryLookup = default_category) -> IncidentData:
    """The incident one ACLED row describes (raises RowError naming the column)."""
    event_id = required_text(raw, "event_id_cnty")
    event_type, sub_event_type = required_text(raw, "event_type"), text(raw, "sub_event_type")
    path = category(event_type, sub_event_type)
    if path is None:
        raise RowError("event_type", f"{event_type!r} is not an ACLED event type known to this mission")
    fatalities = count(raw, "fatalities")
    against_civilians = event_type.lower() == VIOLENCE_AGAINST_CIVILIANS
    location = text(raw, "location")
    actor1 = text(raw, "actor1")
    lat, lon = coordinate(raw, "latitude", 90), coordinate(raw, "longitude", 180)
    return IncidentData(
        title=clip(f"{sub_event_type or event_type}: {actor1 or 'unidentified actor'}"
                   + (f" in {location}" if location else ""), 300),
        description=text(raw, "notes"),
        occurred_start=day(raw, "event_date"),
        time_precision=_code(raw, "time_precision", TIME_PRECISION, TimePrecision.DAY),
        lon=lon,
        lat=lat,
        location_precision=_code(raw, "geo_precision", LOCATION_PRECISION, LocationPrecision.EXACT),
        location_name=clip(location, 300),
        category_path=path,
        status=IncidentStatus.VERIFIED,
        classification="PUBLIC",
        casualties=[CasualtyData(
            group=CasualtyGroup.CIVILIANS if against_civilians else CasualtyGroup.OTHER,
            killed_low=fatalities, killed_best=fatalities, killed_high=fatalities,
        )] if fatalities else [],
        actors=_actors(raw, against_civilians),
        sources=[SourceData(type=SourceType.MEDIA, reference=_reference(raw), reliability=RELIABILITY,
                            credibility=CREDIBILITY)],
        fatalities_low=fatalities,
        fatalities_best=fatalities,
        fatalities_high=fatalities,
        acled_id=event_id,
    )


def _code(raw: dict, column: str, mapping: dict, default: str) -> str:
    value = text(raw, column)
    if not value:
        return default
    if value not in mapping:
        raise RowError(column, f"{value!r} is not one of {', '.join(mapping)}")
    return mapping[value]


def _actors(raw: dict, against_civilians: bool) -> list[ActorData]:
    """actor1 (and its associates) as perpetrators; actor2 (and associates) as targets, or victims of violence
    against civilians. Only the main actors have an ACLED type; associates are of unknown type."""
    actors = []
    second_role = ActorRole.VICTIM if against_civilians else ActorRole.TARGET
    for main, inter, associates, role in (
        ("actor1", "inter1", "assoc_actor_1", ActorRole.PERPETRATOR),
        ("actor2", "inter2", "assoc_actor_2", second_role),
    ):
        name = text(raw, main)
        if name:
            kind = text(raw, inter).lower()
            if kind not in ACTOR_TYPE:
                raise RowError(inter, f"{text(raw, inter)!r} is not an ACLED actor type")
            actors.append(ActorData(name=_actor_name(name, main), role=role, type=ACTOR_TYPE[kind]))
        for associate in text(raw, associates).split(";"):
            if associate.strip():
                actors.append(ActorData(name=_actor_name(associate.strip(), associates), role=role))
    return actors


def _actor_name(name: str, column: str) -> str:
    if len(name) > 300:
        raise RowError(column, "is longer than 300 characters")
    return name


def _reference(raw: dict) -> str:
    source, scale = text(raw, "source"), text(raw, "source_scale")
    label = f"{source} ({scale})" if source and scale else source or "ACLED"
    return f"ACLED {text(raw, 'event_id_cnty')}: {label}"
