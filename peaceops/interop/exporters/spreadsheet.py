"""CSV lines shared by the tabular formats, with spreadsheet formula injection neutralised.

A spreadsheet program treats a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some programs strip first) as a formula. A free-text value from a report could run as one when an analyst
opens the export. Text cells that start so get a leading apostrophe, which spreadsheets show as text;
numeric cells are never touched, so a negative longitude such as -12.5 stays a number.
"""

import csv
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would not evaluate as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_cell(value):
    """A cell value for a spreadsheet: text neutralised, numbers and empties as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value


class _Echo:
    """A file-like object whose write returns what it is given (so csv.writer.writerow returns the line)."""

    def write(self, text: str) -> str:
        return text


class SpreadsheetLines:
    """Turns rows of cells into RFC 4180 CSV lines (CRLF-terminated), each text cell neutralised."""

    def __init__(self):
        self._writer = csv.writer(_Echo(), lineterminator="\r\n")

    def header(self, names: Iterable[str]) -> str:
        """A header or hashtag row: written verbatim (names are ours, never user text)."""
        return self._writer.writerow(list(names))

    def row(self, values: Iterable) -> str:
        return self._writer.writerow([safe_cell(v) for v in values])
