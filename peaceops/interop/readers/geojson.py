"""GeoJSON FeatureCollection of incidents: PeaceOps CSV names as Feature properties, the point as geometry.

Features are streamed one at a time (ijson), so a collection of a million incidents reads in constant memory.
A feature's position in `features` (counting from 0) stands in for the line number.
"""

from collections.abc import Iterator

import ijson

from .common import FileFormatError, RowError, RowResult
from .peaceops_csv import COLUMNS, incident_from_fields


def read(stream) -> Iterator[RowResult]:
    """Yield one RowResult per Feature of the collection."""
    source = getattr(stream, "buffer", stream)  # ijson is fastest on bytes
    index = -1
    try:
        for index, feature in enumerate(ijson.items(source, "features.item", use_float=True)):
            yield _feature(index, feature)
    except ijson.JSONError as exc:
        where = f"after feature {index}" if index >= 0 else "before the first feature"
        raise FileFormatError(f"not valid GeoJSON {where}: {exc}") from None


def _feature(index: int, feature) -> RowResult:
    if not isinstance(feature, dict):
        return RowResult(index, {"feature": str(feature)[:200]}, reason="feature: is not a JSON object")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return RowResult(index, {}, reason="properties: is not a JSON object")
    raw = dict(properties)
    try:
        _take_point(feature.get("geometry"), raw)
    except RowError as exc:
        return RowResult(index, raw, reason=str(exc))
    try:
        return RowResult(index, raw, data=incident_from_fields(raw))
    except RowError as exc:
        return RowResult(index, raw, reason=str(exc))


def _take_point(geometry, raw: dict) -> None:
    """Put the Point's coordinates into `lon`/`lat` (a missing geometry leaves the properties' own)."""
    if geometry is None:
        return
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise RowError("geometry", "must be a Point")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise RowError("geometry", "a Point needs [lon, lat] coordinates")
    raw["lon"], raw["lat"] = coordinates[0], coordinates[1]


def reject_fields(raw: dict) -> dict:
    """A rejected feature as one CSV row (the format's columns first, list values joined as the CSV joins them)."""
    row = {column: _cell(raw.get(column)) for column in COLUMNS}
    row.update({key: _cell(value) for key, value in raw.items() if key not in row})
    return row


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell_item(v) for v in value)
    return str(value)


def _cell_item(value) -> str:
    if isinstance(value, dict):
        if "group" in value:
            return "{}:{}/{}/{}:{}/{}/{}".format(value.get("group"), *(
                value.get(f"{kind}_{k}", 0) for kind in ("killed", "injured") for k in ("low", "best", "high")))
        if "name" in value:
            return "|".join(str(value.get(k) or "") for k in ("name", "role", "type"))
        return "|".join(str(value.get(k) or "") for k in ("type", "reliability", "credibility", "reference"))
    return str(value)
