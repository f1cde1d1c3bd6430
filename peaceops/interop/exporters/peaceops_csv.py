"""The PeaceOps CSV export: every column of docs/formats.md, the file `import-incidents --format csv` reads."""

from collections.abc import Iterable

from .columns import COLUMNS, peaceops_row
from .records import IncidentRecord
from .spreadsheet import SpreadsheetWriter


def write_csv(records: Iterable[IncidentRecord], out) -> int:
    """Write a header and one row per incident; returns the number of rows."""
    writer = SpreadsheetWriter(out)
    writer.header(COLUMNS)
    count = 0
    for record in records:
        row = peaceops_row(record)
        writer.row(row[name] for name in COLUMNS)
        count += 1
    return count
