"""GeoJSON FeatureCollection of incidents: PeaceOps CSV names as Feature properties, the point as geometry.

Features are streamed one at a time from ijson's parse events, so a collection of a million incidents reads
in constant memory. A feature is built only while it stays within the import's limits: one nested deeper than
the nesting limit, or holding more text than the row or field limit, is rejected and the rest of it skipped
without being built (a hostile file of deep nesting costs time and memory in proportion to its size only).
A feature's position in `features` (counting from 0) stands in for the line number. A file that is not a
FeatureCollection (a single Feature, another JSON value) is refused, saying what it is.
"""

from collections.abc import Iterator

import ijson

from peaceops.interop.limits import ImportLimits, setting

from .common import FileFormatError, RowError, RowResult
from .peaceops_csv import COLUMNS, incident_from_fields

_OPEN = frozenset(("start_map", "start_array"))
_CLOSE = frozenset(("end_map", "end_array"))
_WRAP = 'a FeatureCollection is {"type": "FeatureCollection", "features": [...]}'


class _TooBig(Exception):
    """A feature beyond a limit; the message is the rejected row's reason."""


def read(stream) -> Iterator[RowResult]:
    """Yield one RowResult per Feature of the collection."""
    limits = ImportLimits.current()
    events = ijson.basic_parse(_utf8_bytes(stream), use_float=True)
    index = -1
    try:
        for row in _collection(events, limits):
            index = row.line
            yield row
    except ijson.JSONError as exc:
        where = f"after feature {index}" if index >= 0 else "before the first feature"
        raise FileFormatError(f"not valid GeoJSON {where}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"not UTF-8 text after feature {index} ({exc.reason}); "
                              "GeoJSON is UTF-8 (RFC 7946)") from None


def _utf8_bytes(stream):
    """The stream as UTF-8 bytes, which ijson reads fastest: a UTF-8 file's own bytes, others re-encoded."""
    encoding = getattr(stream, "encoding", None)
    if encoding is None:
        return stream  # already bytes (tests hand readers byte streams)
    if encoding == "utf-8" and hasattr(stream, "buffer"):
        return stream.buffer
    return _Reencoded(stream)


class _Reencoded:
    """A text stream read as UTF-8 bytes (for GeoJSON files in UTF-16 or with a byte-order mark)."""

    def __init__(self, stream):
        self.stream, self.pending = stream, b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            text = self.stream.read(64 * 1024 if size < 0 else max(size, 1024))
            if not text:
                break
            self.pending += text.encode("utf-8", "surrogatepass")
        if size < 0:
            size = len(self.pending)
        chunk, self.pending = self.pending[:size], self.pending[size:]
        return chunk


def _collection(events, limits: ImportLimits) -> Iterator[RowResult]:
    """The features of a FeatureCollection; FileFormatError for anything else."""
    try:
        event, value = next(events, (None, None))
    except ijson.IncompleteJSONError:
        event = None  # nothing but white space
    if event != "start_map":
        found = {None: "an empty or cut-short file", "start_array": "a JSON list"}.get(event, "a single JSON value")
        raise FileFormatError(f"not a GeoJSON FeatureCollection but {found}: {_WRAP}")
    kind, keys, features = None, set(), 0
    for event, value in events:
        if event == "end_map":
            break
        keys.add(value)
        if value == "features":
            event, _ = next(events)
            if event != "start_array":
                raise FileFormatError(f"'features' is not a list: {_WRAP}")
            for event, value in events:
                if event == "end_array":
                    break
                yield _built_feature(features, events, event, value, limits)
                features += 1
        elif value == "type":
            event, kind = next(events)
            _skip(events, event, kind)
            if kind == "Feature":
                raise _single_feature()
        else:
            _skip(events, *next(events))
    if kind == "Feature" or ("features" not in keys and keys & {"geometry", "properties"}):
        raise _single_feature()
    if "features" not in keys:
        raise FileFormatError(f"no 'features' list: not a GeoJSON FeatureCollection ({_WRAP})")
    if not features:
        raise FileFormatError("the FeatureCollection's 'features' list is empty: no incidents to import")


def _single_feature() -> FileFormatError:
    return FileFormatError(f"a single GeoJSON Feature, not a FeatureCollection: {_WRAP}")


def _built_feature(index: int, events, event: str, value, limits: ImportLimits) -> RowResult:
    """The RowResult of the feature whose first event is (event, value)."""
    budget = _Budget(limits)
    try:
        feature = _value(events, event, value, 1, budget)
    except _TooBig as exc:
        return RowResult(index, {}, reason=str(exc))
    return _feature(index, feature)


class _Budget:
    """What one feature may still hold: text characters in all, and the limits it is checked against."""

    def __init__(self, limits: ImportLimits):
        self.limits, self.chars = limits, limits.max_row_chars

    def text(self, value: str) -> str:
        if len(value) > self.limits.max_field_chars:
            raise _TooBig(f"feature: holds a text longer than {self.limits.max_field_chars:,} characters "
                          f"({setting('max_field_chars')})")
        self._spend(len(value))
        return value

    def scalar(self, value):
        """A number, true, false or null, counted as the characters it takes at the least (so that a list of
        millions of numbers is over the row limit too)."""
        self._spend(_SCALAR_CHARS)
        return value

    def _spend(self, chars: int) -> None:
        self.chars -= chars
        if self.chars < 0:
            raise _TooBig(f"feature: longer than {self.limits.max_row_chars:,} characters "
                          f"({setting('max_row_chars')})")


_SCALAR_CHARS = 2  # a digit and a comma


def _value(events, event: str, value, depth: int, budget: _Budget):
    """The JSON value starting with (event, value) at `depth`, built within the budget. On _TooBig a
    container consumes the rest of its own events (without building them) before passing it on, so the whole
    feature is consumed when it reaches the feature's level."""
    if event not in _OPEN:
        return budget.text(value) if event == "string" else budget.scalar(value)
    try:
        if depth > budget.limits.max_nesting:
            raise _TooBig(f"feature: nested deeper than {budget.limits.max_nesting} levels "
                          f"({setting('max_nesting')})")
        if event == "start_map":
            built = {}
            for event, key in events:
                if event == "end_map":
                    return built
                built[budget.text(key)] = _value(events, *next(events), depth + 1, budget)
        else:
            items = []
            for event, item in events:
                if event == "end_array":
                    return items
                items.append(_value(events, event, item, depth + 1, budget))
    except _TooBig:
        _skip_rest(events)
        raise
    raise FileFormatError("the file ends inside a feature")


def _skip(events, event: str, value) -> None:
    """Consume the value starting with (event, value) without building it."""
    if event in _OPEN:
        _skip_rest(events)


def _skip_rest(events) -> None:
    """Consume events until the value that is open now closes."""
    depth = 1
    for event, _ in events:
        if event in _OPEN:
            depth += 1
        elif event in _CLOSE:
            depth -= 1
            if depth == 0:
                return


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
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a number too long to convert
        return RowResult(index, raw, reason=f"feature: {exc}")


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
