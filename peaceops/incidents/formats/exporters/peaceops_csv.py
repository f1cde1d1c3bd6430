"""The PeaceOps CSV export: every column of docs/formats.md, the file `import-incidents --format csv` reads."""

from collections.abc import Iterable, Iterator

from peaceops.interop.exporters.spreadsheet import SpreadsheetLines

from .columns import COLUMNS, peaceops_row
from .records import IncidentRecord


def csv_text(records: Iterable[IncidentRecord]) -> Iterator[str]:
    """The header line, then one line per incident."""
    lines = SpreadsheetLines()
    yield lines.header(COLUMNS)
    for record in records:
        row = peaceops_row(record)
        yield lines.row(row[name] for name in COLUMNS)
