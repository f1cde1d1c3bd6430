"""The GeoJSON export: a FeatureCollection of Point features, written one feature per line as it streams.

Each feature's geometry is the incident's point `[lon, lat]` (RFC 7946 order); its properties are the
PeaceOps CSV columns with their JSON types (numbers as numbers). Text is not formula-neutralised: GeoJSON is
read by GIS tools and programs, not opened as a spreadsheet.
"""

import json
from collections.abc import Iterable, Iterator

from .columns import COLUMNS, peaceops_row
from .records import IncidentRecord

_OPEN = '{"type": "FeatureCollection", "features": [\n'
_CLOSE = "\n]}\n"


def feature(record: IncidentRecord) -> dict:
    """One incident as a GeoJSON Feature."""
    row = peaceops_row(record)
    return {
        "type": "Feature",
        "id": row["uuid"],
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": {name: row[name] for name in COLUMNS},
    }


def geojson_text(records: Iterable[IncidentRecord]) -> Iterator[str]:
    """The collection's opening, one feature per line (comma-separated), then its closing."""
    yield _OPEN
    separator = ""
    for record in records:
        yield separator + json.dumps(feature(record), ensure_ascii=False, separators=(",", ":"))
        separator = ",\n"
    yield _CLOSE
