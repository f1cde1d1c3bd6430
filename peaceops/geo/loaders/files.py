"""Opening data files the way operators receive them: plain, gzipped or zipped, told apart by content."""

import gzip
import io
import zipfile
from pathlib import Path


class GeoDataError(ValueError):
    """A boundary or gazetteer file that cannot be read; the message says what is wrong and where."""


def open_text(path, *, member_suffix: str = "") -> io.TextIOBase:
    """The file as UTF-8 text, decompressing gzip and (for a zip) reading its first member ending in
    `member_suffix` that is not a readme. Raises GeoDataError for a missing or unreadable file."""
    path = Path(path)
    if not path.exists():
        raise GeoDataError(f"{path}: no such file")
    if not path.is_file():
        raise GeoDataError(f"{path}: not a file")
    with path.open("rb") as probe:
        magic = probe.read(4)
    if magic[:2] == b"\x1f\x8b":
        raw = gzip.open(path, "rb")
    elif magic == b"PK\x03\x04":
        archive = zipfile.ZipFile(path)
        members = [n for n in archive.namelist()
                   if n.lower().endswith(member_suffix) and "readme" not in n.lower() and not n.endswith("/")]
        if not members:
            raise GeoDataError(f"{path}: the zip archive holds no '*{member_suffix}' file")
        raw = archive.open(members[0])
    else:
        raw = path.open("rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def file_size(path) -> int:
    """Size in bytes on disk (compressed size for a compressed file), for progress bars."""
    return Path(path).stat().st_size
