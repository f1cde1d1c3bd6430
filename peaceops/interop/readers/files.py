"""Opening an incident file (plain or gzip, in any text encoding) for streaming, and the progress bar that
follows it.

The file's bytes are counted as they are read (decompressed): past the limit the import is refused, so a
small gzip file that expands without end (a "gzip bomb") stops there. The encoding is the one given, or the
one detected from the file's start (readers.encoding); bytes that are not text in it are decoded as
`surrogateescape` escapes, which the readers turn into a rejected row instead of an error that ends the import.
"""

import gzip
import io
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ..limits import ImportLimits, setting
from . import encoding as encodings
from .errors import FileFormatError

_GZIP_MAGIC = b"\x1f\x8b"


class FileTooLarge(FileFormatError):
    """The file holds more bytes (once decompressed) than an import reads."""

    def __init__(self, limit: int):
        super().__init__(f"the file holds more than {limit:,} bytes once decompressed "
                         f"({setting('max_decompressed_bytes')}); nothing after that was read")


@dataclass
class OpenedFile:
    """A file open for reading: its text, the (compressed) bytes read so far, its size, and its encoding."""

    stream: io.TextIOWrapper
    position: object  # () -> bytes of the file read so far
    size: int
    encoding: str  # the codec's name, e.g. "utf-8", "utf-16", "cp1252"
    detected: bool  # whether the encoding was detected (or given)


class _Counted(io.RawIOBase):
    """The file's (decompressed) bytes, `first` already read among them, refused past `limit` in all."""

    def __init__(self, binary, first: bytes, limit: int):
        self.binary, self.first, self.limit, self.count = binary, first, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.first:
            n = min(len(buffer), len(self.first))
            buffer[:n] = self.first[:n]
            self.first = self.first[n:]
        else:
            n = _unzipped(self.binary.readinto, buffer)
        self.count += n
        if self.count > self.limit:
            raise FileTooLarge(self.limit)
        return n


@contextmanager
def open_text(path, *, encoding: str | None = None, limits: ImportLimits | None = None):
    """Yield the OpenedFile of `path`; gzip files are recognised by their first bytes, whatever their name.

    `encoding` (a codec name) is used as given; without it the encoding is detected from the file's start
    (a byte-order mark is skipped either way for UTF-8, UTF-16 and UTF-32).
    """
    limits = limits or ImportLimits.current()
    path = Path(path)
    size = path.stat().st_size
    codec = encodings.given(encoding) if encoding else None
    with path.open("rb") as raw:
        compressed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        if not compressed and size > limits.max_decompressed_bytes:
            raise FileTooLarge(limits.max_decompressed_bytes)
        binary = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        try:
            first = _unzipped(binary.read, min(encodings.SAMPLE_BYTES, limits.max_decompressed_bytes + 1))
            if len(first) > limits.max_decompressed_bytes:
                raise FileTooLarge(limits.max_decompressed_bytes)
            if codec is None:
                detected, codec = True, encodings.detect(first)
            else:
                detected = False
            if codec == "utf-8" and first.startswith(b"\xef\xbb\xbf"):
                codec = "utf-8-sig"
            buffered = io.BufferedReader(_Counted(binary, first, limits.max_decompressed_bytes), 64 * 1024)
            stream = io.TextIOWrapper(buffered, encoding=codec, errors="surrogateescape", newline="")
            yield OpenedFile(stream, raw.tell, size, codec, detected)
        finally:
            if compressed:
                binary.close()


def _unzipped(read, *args):
    """`read(*args)`, a damaged gzip file's error as a FileFormatError."""
    try:
        return read(*args)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise FileFormatError(f"not a readable gzip file ({exc})") from None


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
