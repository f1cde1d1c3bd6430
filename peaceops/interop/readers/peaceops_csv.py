"""The PeaceOps CSV format (`csv`): what `export-incidents --format csv` writes, read back unchanged.

Column meanings are the contract in docs/formats.md. The GeoJSON reader uses the same mapping for a
Feature's properties, so `incident_from_fields` accepts list values as well as the CSV's `;`-joined text.
"""

import re
from collections.abc import Iterator

from peaceops.incidents.choices import CasualtyGroup
from peaceops.incidents.inputs import ActorData, CasualtyData, IncidentData, SourceData

from .common import RowError, RowResult, coordinate, count, csv_rows, moment, required_text, text

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
    ids = {name: text(raw, column) or None for name, column in
           (("external_id", "id"), ("ucdp_id", "ucdp_id"), ("acled_id", "acled_id"))}
    if not any(ids.values()):
        raise RowError("id", "is required (imports are idempotent by it)")
    if ids["external_id"] and len(ids["external_id"]) > 100:
        raise RowError("id", "is longer than 100 characters")
    casualties = _casualties(raw.get("casualties"))
    fatalities = _estimates(raw, "fatalities")
    injured = _estimates(raw, "injured")
    if injured is not None:
        casualties = _with_injured(casualties, injured)
    return IncidentData(
        title=required_text(raw, "title"),
        description=text(raw, "description"),
        occurred_start=moment(raw, "occurred_start"),
        occurred_end=moment(raw, "occurred_end", required=False),
        time_precision=text(raw, "time_precision") or "day",
        reported_at=moment(raw, "reported_at", required=False),
        lon=coordinate(raw, "lon", 180),
        lat=coordinate(raw, "lat", 90),
        location_precision=text(raw, "location_precision") or "exact",
        location_name=text(raw, "location_name"),
        category_path=text(raw, "category"),
        status=text(raw, "status") or "reported",
        classification=text(raw, "classification") or "PUBLIC",
        releasable_to=[code.strip() for code in _items(raw.get("releasable_to")) if code.strip()],
        casualties=casualties,
        actors=[_actor(item) for item in _items(raw.get("actors"))],
        sources=[_source(item) for item in _items(raw.get("sources"), _SOURCE_START)],
        fatalities_low=fatalities[0] if fatalities else None,
        fatalities_best=fatalities[1] if fatalities else None,
        fatalities_high=fatalities[2] if fatalities else None,
        **ids,
    )


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
    low, best, high = (count(raw, f"{prefix}_{k}", default=None) for k in ("low", "best", "high"))
    if low is None and best is None and high is None:
        return None
    if best is None:
        raise RowError(f"{prefix}_best", f"is required when {prefix}_low or {prefix}_high is given")
    low = best if low is None else low
    high = best if high is None else high
    if not low <= best <= high:
        raise RowError(prefix, f"needs low <= best <= high (got {low}, {best}, {high})")
    return low, best, high


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
    parts = [p.strip() for p in str(item).rsplit("|", 2)]
    if len(parts[0]) > 300:
        raise RowError("actors", "an actor's name is longer than 300 characters")
    return ActorData(name=parts[0], role=(parts[1] if len(parts) > 1 else "") or "perpetrator",
                     type=(parts[2] if len(parts) > 2 else "") or "unknown")


def _source(item) -> SourceData:
    if isinstance(item, dict):
        return SourceData(type=item.get("type") or "other", reference=str(item.get("reference") or ""),
                          reliability=str(item.get("reliability") or "F").upper(),
                          credibility=str(item.get("credibility") or "6"))
    parts = str(item).split("|", 3)
    parts += [""] * (4 - len(parts))
    return SourceData(type=parts[0].strip() or "other", reliability=parts[1].strip().upper() or "F",
                      credibility=parts[2].strip() or "6", reference=parts[3].strip())
