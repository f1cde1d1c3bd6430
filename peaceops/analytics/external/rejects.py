"""The rejects file of an external forecast import: every row not kept (bad, or of a unit outside the
mission), in line order, as `line, reason, <the row's fields as read>` (lists joined by spaces).

Rows are written chunk by chunk as the file is read; the rows refused only once the whole file is known
(duplicates, unit-months with an unusual number of draws) are merged in by line number at the end. The file
appears only if some row was not kept.
"""

import csv
import heapq
import os
from pathlib import Path

import polars as pl


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame's columns as text, lists joined by spaces."""
    return frame.select([
        pl.col(c).cast(pl.List(pl.String)).list.join(" ") if isinstance(frame.schema[c], pl.List | pl.Array)
        else pl.col(c).cast(pl.String) for c in frame.columns])


class RejectsFile:
    """A rejects file being written (to `<path>.part` until `finish`)."""

    def __init__(self, path, columns: list[str]):
        self.path = Path(path)
        self.part = self.path.with_name(self.path.name + ".part")
        self.columns = columns
        self.handle = self.part.open("wb")
        self.written = 0

    def add(self, frame: pl.DataFrame, first_line: int, mask, reasons) -> None:
        """Write the rows of `frame` (a chunk whose first row is line `first_line`) where `mask` is true."""
        import numpy as np

        index = np.flatnonzero(mask)
        if not len(index):
            return
        table = as_text(frame[index]).with_columns(
            pl.Series("line", index + first_line), pl.Series("reason", reasons[index].tolist(), dtype=pl.String))
        table.select("line", "reason", *self.columns).write_csv(self.handle, include_header=not self.written)
        self.written += len(index)

    def finish(self, late: list) -> None:
        """Close the file, merging in the `late` refusals ((rows, line numbers, reason) each) by line number;
        remove it if no row was refused."""
        self.handle.close()
        rows = sorted(([str(int(line)), reason, *("" if v is None else v for v in values)]
                       for frame, lines, reason in late
                       for line, values in zip(lines, as_text(frame).rows(), strict=True)),
                      key=lambda row: int(row[0]))
        if not rows:
            if self.written:
                os.replace(self.part, self.path)
            else:
                self.part.unlink()
            return
        with self.part.open(newline="", encoding="utf-8") as earlier, \
                self.path.open("w", newline="", encoding="utf-8") as out:
            reader = csv.reader(earlier)
            next(reader, None)
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["line", "reason", *self.columns])
            writer.writerows(heapq.merge(reader, rows, key=lambda row: int(row[0])))
        self.part.unlink()

    def abandon(self) -> None:
        """Close and remove the partial file (the read failed)."""
        self.handle.close()
        self.part.unlink(missing_ok=True)
