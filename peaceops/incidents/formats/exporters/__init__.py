"""Incident exports: PeaceOps CSV, GeoJSON, HXL and UCDP GED, streamed from any incident queryset.

    from peaceops.incidents.formats.exporters import FORMATS, export_incidents, stream_incidents
    queryset = filter_incidents(Incident.objects.visible_to(user), params)
    rows = export_incidents(queryset, format="csv", out=text_stream)       # write to a stream
    response = StreamingHttpResponse(stream_incidents(queryset, format="csv"),
                                     content_type=FORMATS["csv"].content_type)  # or hand out pieces

The caller restricts the queryset (`visible_to(user)` first, always); the export never widens it. The caller
also passes `reader=Reader.of_user(user)` (`peaceops.partners.redaction`) so that the sources, witnesses and
victims' names of incidents the user's organisation does not own are withheld; without a reader the records
are written whole. Output is
produced as it is read, one chunk of incidents at a time, so memory stays flat whatever the number of rows.
`FORMATS` gives each format's content type and file extension, for downloads.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from .geojson import geojson_text
from .hxl import hxl_text
from .peaceops_csv import csv_text
from .records import DEFAULT_CHUNK_SIZE, IncidentRecord, iter_records
from .ucdp_ged import ged_text


class ExportFormat(NamedTuple):
    """What a download of one format is: its content type and file extension (with the dot)."""

    content_type: str
    extension: str


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("text/csv; charset=utf-8", ".csv"),
    "geojson": ExportFormat("application/geo+json", ".geojson"),
    "hxl": ExportFormat("text/csv; charset=utf-8", ".hxl.csv"),
    "ucdp-ged": ExportFormat("text/csv; charset=utf-8", ".ged.csv"),
}

#: Each format's text, piece by piece (header, one piece per incident, footer), from a stream of records.
_TEXT: dict[str, Callable[[Iterable[IncidentRecord]], Iterator[str]]] = {
    "csv": csv_text,
    "geojson": geojson_text,
    "hxl": hxl_text,
    "ucdp-ged": ged_text,
}

#: How many rows pass between two progress reports.
PROGRESS_EVERY = 500


class UnknownFormat(ValueError):
    """An export format PeaceOps does not write."""


def _text_of(format: str) -> Callable[[Iterable[IncidentRecord]], Iterator[str]]:
    try:
        return _TEXT[format]
    except KeyError:
        raise UnknownFormat(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}") from None


def stream_incidents(queryset, *, format: str, chunk_size: int = DEFAULT_CHUNK_SIZE,
                     reader=None, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The export of `queryset` in `format` as pieces of text, produced as they are read (for streaming);
    `progress` as for `export_incidents`."""
    records = iter_records(queryset, chunk_size=chunk_size, reader=reader)
    return _text_of(format)(_Counter(records, progress) if progress else records)


class _Counter:
    """Passes records through, counting them and telling `progress` every PROGRESS_EVERY records."""

    def __init__(self, records: Iterator[IncidentRecord], progress: Callable[[int], None] | None):
        self.records, self.progress, self.count, self._pending = records, progress, 0, 0

    def __iter__(self) -> Iterator[IncidentRecord]:
        for record in self.records:
            yield record
            self.count += 1
            self._pending += 1
            if self.progress and self._pending == PROGRESS_EVERY:
                self.progress(self._pending)
                self._pending = 0
        if self.progress and self._pending:
            self.progress(self._pending)
            self._pending = 0


def export_incidents(queryset, *, format: str, out, chunk_size: int = DEFAULT_CHUNK_SIZE,
                     progress: Callable[[int], None] | None = None, reader=None) -> int:
    """Write the incidents of `queryset` to the text stream `out` in `format`; returns the rows written.

    `progress`, when given, is called with the number of rows written since its last call.
    """
    text = _text_of(format)
    counter = _Counter(iter_records(queryset, chunk_size=chunk_size, reader=reader), progress)
    write = out.write
    for piece in text(counter):
        write(piece)
    return counter.count


__all__ = ["FORMATS", "ExportFormat", "UnknownFormat", "export_incidents", "stream_incidents"]
