"""The shared row builder: one incident record as the columns of the PeaceOps exchange format (docs/formats.md).

Every export format starts from `peaceops_row(record)`: CSV writes it as is, GeoJSON as Feature properties,
HXL picks and renames columns. Values keep their types (numbers stay numbers); lists are encoded as the
format documents (`;` between items, `|` between an item's fields), which the CSV import reads back: a
source's reference may contain `;` and `|`, as it is the last field and the import finds the next source by
its `type|reliability|credibility|` start.
"""

import datetime as dt

from peaceops.geo.h3cells import to_string as h3_string

from .records import IncidentRecord

#: Columns the import reads back (the round-trip contract), in file order.
IMPORTED_COLUMNS = [
    "id", "title", "description", "occurred_start", "occurred_end", "time_precision", "reported_at",
    "lon", "lat", "location_precision", "location_name", "category", "status", "classification",
    "releasable_to", "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best",
    "injured_high", "casualties", "actors", "sources", "ucdp_id", "acled_id",
]
#: Read-only columns an export adds and the import ignores.
READ_ONLY_COLUMNS = ["uuid", "mission", "owner", "admin1", "admin2", "h3_cell", "created_at", "updated_at"]
COLUMNS = IMPORTED_COLUMNS + READ_ONLY_COLUMNS

#: Columns holding numbers; every other column holds text.
NUMERIC_COLUMNS = frozenset({
    "lon", "lat", "fatalities_low", "fatalities_best", "fatalities_high",
    "injured_low", "injured_best", "injured_high",
})

LIST_SEPARATOR = ";"
FIELD_SEPARATOR = "|"


def iso_time(value: dt.datetime | None) -> str:
    """An aware time as ISO 8601 in UTC with a `Z` (microseconds only when there are any)."""
    if value is None:
        return ""
    text = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    return text + "Z"


def encode_casualties(record: IncidentRecord) -> str:
    """`group:killed_low/best/high:injured_low/best/high`, `;`-separated, groups by name."""
    return LIST_SEPARATOR.join(
        f"{c.group}:{c.killed_low}/{c.killed_best}/{c.killed_high}:{c.injured_low}/{c.injured_best}/{c.injured_high}"
        for c in record.casualties
    )


def encode_actors(record: IncidentRecord) -> str:
    """`name|role|type`, `;`-separated."""
    return LIST_SEPARATOR.join(
        FIELD_SEPARATOR.join((a.name, a.role, a.type)) for a in record.actors
    )


def encode_sources(record: IncidentRecord) -> str:
    """`type|reliability|credibility|reference`, `;`-separated."""
    return LIST_SEPARATOR.join(
        FIELD_SEPARATOR.join((s.type, s.reliability, s.credibility, s.reference))
        for s in record.sources
    )


def exchange_id(record: IncidentRecord) -> str:
    """The id a file carries: the incident's external id when it has one, else its PeaceOps UUID."""
    incident = record.incident
    return incident.external_id or str(incident.pk)


def peaceops_row(record: IncidentRecord) -> dict:
    """The incident as a dict of every PeaceOps column (COLUMNS order), numbers as int/float, text as str."""
    i = record.incident
    return {
        "id": exchange_id(record),
        "title": i.title,
        "description": i.description,
        "occurred_start": iso_time(i.occurred_start),
        "occurred_end": iso_time(i.occurred_end),
        "time_precision": i.time_precision,
        "reported_at": iso_time(i.reported_at),
        "lon": i.lon,
        "lat": i.lat,
        "location_precision": i.location_precision,
        "location_name": i.location_name,
        "category": i.category_path or "",
        "status": i.status,
        "classification": i.classification,
        "releasable_to": LIST_SEPARATOR.join(record.releasable_to),
        "fatalities_low": i.fatalities_low,
        "fatalities_best": i.fatalities_best,
        "fatalities_high": i.fatalities_high,
        "injured_low": i.injured_low,
        "injured_best": i.injured_best,
        "injured_high": i.injured_high,
        "casualties": encode_casualties(record),
        "actors": encode_actors(record),
        "sources": encode_sources(record),
        "ucdp_id": i.ucdp_id or "",
        "acled_id": i.acled_id or "",
        "uuid": str(i.pk),
        "mission": i.mission_code,
        "owner": i.owner_code,
        "admin1": i.admin1_name or "",
        "admin2": i.admin2_name or "",
        "h3_cell": h3_string(i.h3_cell) if i.h3_cell is not None else "",
        "created_at": iso_time(i.created_at),
        "updated_at": iso_time(i.updated_at),
    }
