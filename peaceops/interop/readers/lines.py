"""The physical lines of a CSV file, handed to the csv module in bounded memory, with what was wrong with them.

A record (one or more lines: a quoted field may hold line breaks) longer than the row limit is never held:
the rest of it is read in small pieces and dropped, and csv is handed one short line in its place that leaves
its quoting as the dropped text would have. Lines holding bytes that are not text in the file's encoding
(decoded with `surrogateescape`) are noted. `csv_records` asks, after each record, whether any of its lines
was cut or damaged, and rejects it if so.
"""

import re

#: How much of an over-long record is read at a time while it is dropped.
_PIECE = 64 * 1024
_ESCAPED = re.compile("[\udc80-\udcff]")


class Lines:
    """An iterator of the stream's lines for `csv.reader`, counting physical lines (`number`)."""

    def __init__(self, stream, max_row_chars: int):
        self.readline = stream.readline
        self.max_row = max_row_chars
        self.number = 0  # physical lines read so far
        self.damaged_at = 0  # the last line holding bytes that are not text in the file's encoding
        self.cut_at = 0  # the last line of the last record dropped for its length
        self.quoted = False  # whether the lines so far end inside a quoted field
        self.record_chars = 0  # characters of the record in progress

    def __iter__(self) -> "Lines":
        return self

    def __next__(self) -> str:
        line = self.readline(self.max_row + 1)
        if not line:
            raise StopIteration
        quoted_before = self.quoted
        if not quoted_before:
            self.record_chars = 0  # the previous line ended its record: this one starts the next
        self.record_chars += len(line)
        if self.record_chars > self.max_row:
            return self._drop_record(line, quoted_before)
        self.number += 1
        if line.count('"') % 2:
            self.quoted = not quoted_before
        if not line.isascii() and _ESCAPED.search(line):
            self.damaged_at = self.number
        return line

    def _drop_record(self, piece: str, quoted_before: bool) -> str:
        """Read the rest of the record from `piece` on and drop it; a short line in its place."""
        quoted, line_open = quoted_before, False
        while piece:
            if piece.count('"') % 2:
                quoted = not quoted
            line_open = piece[-1] not in "\r\n"
            if not line_open:
                self.number += 1
                if not quoted:
                    break
            piece = self.readline(_PIECE)
        if line_open:
            self.number += 1  # the file ended inside a line
        self.quoted, self.record_chars, self.cut_at = False, 0, self.number
        # The csv module is inside a quoted field exactly when the record was before `piece`: close it, if
        # so, and end the record (a bare line break alone is a blank line to csv).
        return '"\n' if quoted_before else "\n"


def readable(value: str) -> str:
    """`value` with bytes that were not text in the file's encoding shown as U+FFFD (for reasons and the
    rejects file, which is UTF-8)."""
    return value if value.isascii() else _ESCAPED.sub("\ufffd", value)
