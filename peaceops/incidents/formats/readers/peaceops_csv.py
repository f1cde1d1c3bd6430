"""The PeaceOps CSV format (`csv`): what `export-incidents --format csv` writes, read back unchanged.

Column meanings are the contract in docs/formats.md. The GeoJSON reader uses the same mapping for a
Feature's properties, so `incident_from_fields` accepts list values as well as the CSV's `;`-joined text.
"""

import re
from collections.abc import Iterator

from peaceops.incidents.choices import CasualtyGroup
from peaceops.incidents.inputs import ActorData, CasualtyData, IncidentData, SourceData

from .common import RowError, RowResult, coordinate, count, csv_rows, moment, required_text

REQUIRED = ("id", "title", "occurred_start", "lon", "lat")
#: Columns of the format, in the order docs/formats.md lists them (rejected GeoJSON features use this order).
COLUMNS = (
    "id", "title", "description", "occurred_start", "occurred_end", "time_precision", "reported_at", "lon", "lat",
    "location_precision", "location_name", "category", "status", "classification", "releasable_to",
    "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high",
    "casualties", "actors", "sources", "ucdp_id", "acled_id",
)
#: A new source starts at a `;` followed by `type|reliability|credibility|` (references may contain `;`).
_SOURCE_START = re.compile(r";(?=\s*[a-z_]+\|[A-Fa-f]?\|[1-6]?\|)")


def read(stream) -> Iterator[RowResult]:
    """Yield one RowResult per incident row of a PeaceOps CSV file."""
    return csv_rows(stream, REQUIRED, incident_from_fields)


def incident_from_fields(raw: dict) -> IncidentData:
    """The incident a row (or a GeoJSON Feature's properties plus `lon`/`lat`) describes."""
    get = raw.get
    external_id, ucdp_id, acled_id = _text(get("id")) or None, _text(get("ucdp_id")) or None, \
        _text(get("acled_id")) or None
    if not (external_id or ucdp_id or acled_id):
        raise RowError("id", "is required (imports are idempotent by it)")
    if external_id and len(external_id) > 100:
        raise RowError("id", "is longer than 100 characters")
    casualties = _casualties(get("casualties"))
    fatalities = _estimates(raw, "fatalities")
    injured = _estimates(raw, "injured")
    if injured is not None:
        casualties = _with_injured(casualties, injured)
    return IncidentData(
        title=required_text(raw, "title"),
        description=_text(get("description")),
        occurred_start=moment(raw, "occurred_start"),
        occurred_end=moment(raw, "occurred_end", required=False),
        time_precision=_text(get("time_precision")) or "day",
        reported_at=moment(raw, "reported_at", required=False),
        lon=coordinate(raw, "lon", 180),
        lat=coordinate(raw, "lat", 90),
        location_precision=_text(get("location_precision")) or "exact",
        location_name=_text(get("location_name")),
        category_path=_text(get("category")),
        status=_text(get("status")) or "reported",
        classification=_text(get("classification")) or "PUBLIC",
        releasable_to=[code.strip() for code in _items(get("releasable_to")) if code.strip()],
        casualties=casualties,
        actors=_actors(get("actors")),
        sources=_sources(get("sources")),
        fatalities_low=fatalities[0] if fatalities else None,
        fatalities_best=fatalities[1] if fatalities else None,
        fatalities_high=fatalities[2] if fatalities else None,
        ucdp_id=ucdp_id,
        acled_id=acled_id,
        external_id=external_id,
    )


def _text(value) -> str:
    """What common.text gives for a value (stripped text, '' for None)."""
    if type(value) is str:
        return value.strip()
    return "" if value is None else str(value)


class _Memo(dict):
    """Parsed values of the list columns by their text (files repeat them: 'patrol|B|2|...' on every row);
    bounded, and cleared when full."""

    LIMIT = 20_000

    def remember(self, key, value):
        if len(self) >= self.LIMIT:
            self.clear()
        self[key] = value
        return value


_CASUALTIES, _ACTORS, _SOURCES = _Memo(), _Memo(), _Memo()


def _actors(value) -> list[ActorData]:
    if type(value) is str:
        parsed = _ACTORS.get(value)
        if parsed is None:
            parsed = _ACTORS.remember(value, tuple(_actor_parts(item) for item in _items(value)))
        return [ActorData(*parts) for parts in parsed]
    return [_actor(item) for item in _items(value)]


def _sources(value) -> list[SourceData]:
    if type(value) is str:
        parsed = _SOURCES.get(value)
        if parsed is None:
            parsed = _SOURCES.remember(value, tuple(_source_parts(item) for item in _items(value, _SOURCE_START)))
        return [SourceData(*parts) for parts in parsed]
    return [_source(item) for item in _items(value, _SOURCE_START)]


def _items(value, separator=None) -> list:
    """A list value as given (GeoJSON), or the `;`-separated items of a text value (CSV)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    value = str(value).strip()
    if not value:
        return []
    parts = separator.split(value) if separator else value.split(";")
    return [p.strip() for p in parts if p.strip()]


def _estimates(raw: dict, prefix: str) -> tuple[int, int, int] | None:
    """`<prefix>_low/_best/_high`; None when all are empty, and a missing low or high equals best."""
    get, (low_column, best_column, high_column) = raw.get, _ESTIMATE_COLUMNS[prefix]
    if get(low_column) in _EMPTY and get(best_column) in _EMPTY and get(high_column) in _EMPTY:
        return None
    low, best, high = (count(raw, f"{prefix}_{k}", default=None) for k in ("low", "best", "high"))
    if low is None and best is None and high is None:
        return None
    if best is None:
        raise RowError(f"{prefix}_best", f"is required when {prefix}_low or {prefix}_high is given")
    low = best if low is None else low
    high = best if high is None else high
    if not low <= best <= high:
        raise RowError(prefix, "the low estimate may not be more than the best, nor the best more than the high "
                               f"(got low {low}, best {best}, high {high})")
    return low, best, high


_EMPTY = (None, "")
_ESTIMATE_COLUMNS = {p: tuple(f"{p}_{k}" for k in ("low", "best", "high")) for p in ("fatalities", "injured")}


def _with_injured(casualties: list[CasualtyData], injured: tuple[int, int, int]) -> list[CasualtyData]:
    """Casualty groups that carry the injured totals: checked against the groups, or one 'other' group."""
    if not casualties:
        if injured == (0, 0, 0):
            return []
        return [CasualtyData(group=CasualtyGroup.OTHER, injured_low=injured[0], injured_best=injured[1],
                             injured_high=injured[2])]
    sums = tuple(sum(getattr(c, f"injured_{k}") for c in casualties) for k in ("low", "best", "high"))
    for name, given, summed in zip(("low", "best", "high"), injured, sums, strict=True):
        if given != summed:
            raise RowError(f"injured_{name}", f"{given} differs from the casualties' sum ({summed})")
    return casualties


def _triple(text_value: str, column: str) -> tuple[int, int, int]:
    parts = text_value.split("/")
    if len(parts) != 3:
        raise RowError(column, f"{text_value!r} is not low/best/high")
    values = [count({column: p}, column) for p in parts]
    return values[0], values[1], values[2]


def _casualties(value) -> list[CasualtyData]:
    if type(value) is str:
        parsed = _CASUALTIES.get(value)
        if parsed is None:
            parsed = _CASUALTIES.remember(value, tuple(
                (c.group, c.killed_low, c.killed_best, c.killed_high, c.injured_low, c.injured_best,
                 c.injured_high) for c in _parsed_casualties(value)))
        return [CasualtyData(*parts) for parts in parsed]
    return _parsed_casualties(value)


def _parsed_casualties(value) -> list[CasualtyData]:
    result = []
    for item in _items(value):
        if isinstance(item, dict):
            try:
                result.append(CasualtyData(**{k: item[k] for k in item if k in CasualtyData.__dataclass_fields__}))
            except TypeError as exc:
                raise RowError("casualties", str(exc)) from None
            continue
        parts = str(item).split(":")
        if len(parts) not in (2, 3):
            raise RowError("casualties", f"{item!r} is not group:killed_low/best/high:injured_low/best/high")
        killed = _triple(parts[1], "casualties")
        injured = _triple(parts[2], "casualties") if len(parts) == 3 else (0, 0, 0)
        result.append(CasualtyData(parts[0].strip(), *killed, *injured))
    return result


def _actor(item) -> ActorData:
    if isinstance(item, dict):
        if not str(item.get("name", "")).strip():
            raise RowError("actors", "an actor has no name")
        return ActorData(name=str(item["name"]).strip(), role=item.get("role") or "perpetrator",
                         type=item.get("type") or "unknown")
    return ActorData(*_actor_parts(item))


def _actor_parts(item) -> tuple[str, str, str]:
    """Name, role and type of a `name|role|type` item."""
    parts = [p.strip() for p in str(item).rsplit("|", 2)]
    if len(parts[0]) > 300:
        raise RowError("actors", "an actor's name is longer than 300 characters")
    return (parts[0], (parts[1] if len(parts) > 1 else "") or "perpetrator",
            (parts[2] if len(parts) > 2 else "") or "unknown")


def _source(item) -> SourceData:
    if isinstance(item, dict):
        return SourceData(type=item.get("type") or "other", reference=str(item.get("reference") or ""),
                          reliability=str(item.get("reliability") or "F").upper(),
                          credibility=str(item.get("credibility") or "6"))
    return SourceData(*_source_parts(item))


def _source_parts(item) -> tuple[str, str, str, str]:
    """Type, reference, reliability and credibility of a `type|reliability|credibility|reference` item."""
    parts = str(item).split("|", 3)
    parts += [""] * (4 - len(parts))
    return (parts[0].strip() or "other", parts[3].strip(), parts[1].strip().upper() or "F",
            parts[2].strip() or "6")
