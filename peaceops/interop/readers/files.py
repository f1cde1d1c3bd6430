"""Opening an incident file (plain or gzip, UTF-8) for streaming, and the progress bar that follows it."""

import gzip
import io
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

_GZIP_MAGIC = b"\x1f\x8b"


@contextmanager
def open_text(path):
    """Yield (text stream, function giving the bytes read so far, file size in bytes).

    Gzip files are recognised by their first bytes, whatever their name; a byte-order mark is skipped.
    """
    path = Path(path)
    size = path.stat().st_size
    with path.open("rb") as raw:
        compressed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        binary = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            yield stream, raw.tell, size
        finally:
            stream.detach()
            if compressed:
                binary.close()


class ImportProgress:
    """A rich progress bar (on standard error) over the file's bytes, with the rows read; does nothing when
    not enabled."""

    def __init__(self, name: str, size: int, *, enabled: bool):
        self.enabled = enabled
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        ) if enabled else None
        self.task = self.progress.add_task(f"Importing {name}", total=size, rows=0) if enabled else None

    def __enter__(self):
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.progress:
            self.progress.stop()
        return False

    def update(self, position: int, rows: int) -> None:
        if self.progress:
            self.progress.update(self.task, completed=position, rows=rows)
