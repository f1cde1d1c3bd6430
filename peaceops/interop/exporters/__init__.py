"""Incident exports: PeaceOps CSV, GeoJSON, HXL and UCDP GED, streamed from any incident queryset.

    from peaceops.interop.exporters import FORMATS, export_incidents
    queryset = filter_incidents(Incident.objects.visible_to(user), params)
    rows = export_incidents(queryset, format="csv", out=text_stream)

The caller restricts the queryset (`visible_to(user)` first, always); the export never widens it. Output is
written as it is read, one chunk of incidents at a time, so memory stays flat whatever the number of rows.
`FORMATS` gives each format's content type and file extension, for downloads.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from .geojson import write_geojson
from .hxl import write_hxl
from .peaceops_csv import write_csv
from .records import DEFAULT_CHUNK_SIZE, IncidentRecord, iter_records
from .ucdp_ged import write_ucdp_ged


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

_WRITERS: dict[str, Callable[[Iterable[IncidentRecord], object], int]] = {
    "csv": write_csv,
    "geojson": write_geojson,
    "hxl": write_hxl,
    "ucdp-ged": write_ucdp_ged,
}

#: How many rows pass between two progress reports.
PROGRESS_EVERY = 500


class UnknownFormat(ValueError):
    """An export format PeaceOps does not write."""


def _reporting(records: Iterator[IncidentRecord], progress: Callable[[int], None]) -> Iterator[IncidentRecord]:
    """Pass records through, telling `progress` how many more were read every PROGRESS_EVERY rows."""
    pending = 0
    for record in records:
        yield record
        pending += 1
        if pending == PROGRESS_EVERY:
            progress(pending)
            pending = 0
    if pending:
        progress(pending)


def export_incidents(queryset, *, format: str, out, chunk_size: int = DEFAULT_CHUNK_SIZE,
                     progress: Callable[[int], None] | None = None) -> int:
    """Write the incidents of `queryset` to the text stream `out` in `format`; returns the rows written.

    `progress`, when given, is called with the number of rows written since its last call.
    """
    writer = _WRITERS.get(format)
    if writer is None:
        raise UnknownFormat(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}")
    records = iter_records(queryset, chunk_size=chunk_size)
    if progress is not None:
        records = _reporting(records, progress)
    return writer(records, out)


__all__ = ["FORMATS", "ExportFormat", "UnknownFormat", "export_incidents"]
