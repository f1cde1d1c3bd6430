"""Readers of incident files: one module per format, each turning a text stream into `RowResult`s.

A reader never raises on a bad row: the row comes back with a reason naming the column, and the next row
follows. A file that cannot be read at all (wrong format, missing required columns) raises `FileFormatError`.
"""

from . import acled, geojson, peaceops_csv, ucdp_ged
from .common import FileFormatError, RowResult

#: Reader modules by the `--format` name the command line and `import_incidents` take.
READERS = {
    "ucdp-ged": ucdp_ged,
    "acled": acled,
    "csv": peaceops_csv,
    "geojson": geojson,
}

__all__ = ["READERS", "FileFormatError", "RowResult"]
