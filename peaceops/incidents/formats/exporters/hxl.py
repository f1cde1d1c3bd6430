"""The HXL export: CSV with a row of HXL hashtags under the header, for humanitarian data exchange (HDX).

Hashtags and attributes follow the HXL core schema. Where one hashtag has several columns, the plain best
value comes first (`#affected+killed`) and the alternatives carry an attribute (`+min`, `+max`), so an HXL
tag pattern such as `#affected+killed` reads the best estimate. Dates are written `YYYY-MM-DD HH:MM:SS` in
UTC: libhxl reads that form exactly, while it reads the month and day of `2026-03-01T14:30:00Z` swapped.
Text cells are formula-neutralised as in the CSV export.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from peaceops.interop.exporters.spreadsheet import SpreadsheetLines

from .columns import exchange_id
from .records import IncidentRecord


def hxl_time(value: dt.datetime | None) -> str:
    """A time in UTC as `YYYY-MM-DD HH:MM:SS` (the SQL form HXL tools parse without ambiguity)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _names(record: IncidentRecord, *roles: str) -> str:
    return "; ".join(a.name for a in record.actors if a.role in roles)


#: (header, hashtag, value) for every column, in file order.
HXL_COLUMNS: list[tuple[str, str, Callable[[IncidentRecord], object]]] = [
    ("id", "#event+id", exchange_id),
    ("title", "#event+name", lambda r: r.incident.title),
    ("description", "#description", lambda r: r.incident.description),
    ("category", "#event+type", lambda r: r.incident.category_path or ""),
    ("status", "#status", lambda r: r.incident.status),
    ("occurred_start", "#date+start", lambda r: hxl_time(r.incident.occurred_start)),
    ("occurred_end", "#date+end", lambda r: hxl_time(r.incident.occurred_end)),
    ("time_precision", "#meta+date_precision", lambda r: r.incident.time_precision),
    ("reported_at", "#date+reported", lambda r: hxl_time(r.incident.reported_at)),
    ("country", "#country+code", lambda r: r.incident.country_iso3),
    ("admin1", "#adm1+name", lambda r: r.incident.admin1_name or ""),
    ("admin1_code", "#adm1+code", lambda r: r.incident.admin1_code or ""),
    ("admin2", "#adm2+name", lambda r: r.incident.admin2_name or ""),
    ("admin2_code", "#adm2+code", lambda r: r.incident.admin2_code or ""),
    ("location_name", "#loc+name", lambda r: r.incident.location_name),
    ("lat", "#geo+lat", lambda r: r.incident.lat),
    ("lon", "#geo+lon", lambda r: r.incident.lon),
    ("location_precision", "#geo+precision", lambda r: r.incident.location_precision),
    ("fatalities_best", "#affected+killed", lambda r: r.incident.fatalities_best),
    ("fatalities_low", "#affected+killed+min", lambda r: r.incident.fatalities_low),
    ("fatalities_high", "#affected+killed+max", lambda r: r.incident.fatalities_high),
    ("injured_best", "#affected+injured", lambda r: r.incident.injured_best),
    ("injured_low", "#affected+injured+min", lambda r: r.incident.injured_low),
    ("injured_high", "#affected+injured+max", lambda r: r.incident.injured_high),
    ("perpetrators", "#group+name+perpetrator", lambda r: _names(r, "perpetrator")),
    ("targets", "#group+name+target", lambda r: _names(r, "target", "victim")),
    ("sources", "#meta+source", lambda r: "; ".join(s.reference for s in r.sources if s.reference)),
    ("owner", "#org+code", lambda r: r.incident.owner_code),
    ("owner_name", "#org+name", lambda r: r.incident.owner_name),
    ("mission", "#meta+mission", lambda r: r.incident.mission_code),
    ("classification", "#meta+classification", lambda r: r.incident.classification),
    ("releasable_to", "#meta+releasable", lambda r: ";".join(r.releasable_to)),
    ("ucdp_id", "#meta+ucdp_id", lambda r: r.incident.ucdp_id or ""),
    ("acled_id", "#meta+acled_id", lambda r: r.incident.acled_id or ""),
    ("uuid", "#meta+uuid", lambda r: str(r.incident.pk)),
]


def hxl_text(records: Iterable[IncidentRecord]) -> Iterator[str]:
    """The header line, the hashtag line, then one line per incident."""
    lines = SpreadsheetLines()
    yield lines.header(header for header, _, _ in HXL_COLUMNS)
    yield lines.header(tag for _, tag, _ in HXL_COLUMNS)
    for record in records:
        yield lines.row(value(record) for _, _, value in HXL_COLUMNS)
