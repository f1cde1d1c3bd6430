"""Where the installed base map is, and installing one.

PeaceOps reads the archive at `settings.PEACEOPS_BASEMAP` (environment `PEACEOPS_BASEMAP`; default
`var/basemap/basemap.pmtiles` in the data directory). `install` checks a file and copies it there (atomically: a
running server moves to the new archive at its next request). No archive, or one that cannot be read: the
maps fall back to the boundaries-only map (a warning is logged once per file).
"""

import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from .archive import Archive, ArchiveError, ArchiveInfo

log = logging.getLogger(__name__)
_lock = threading.Lock()
_open: dict[str, tuple[tuple, Archive | None]] = {}


def basemap_path() -> Path:
    """Where PeaceOps reads the base map archive (whether or not one is there)."""
    return Path(settings.PEACEOPS_BASEMAP)


def _identity(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def installed_archive() -> Archive | None:
    """The installed archive, opened (and kept open while the file is unchanged), or None."""
    path = basemap_path()
    identity = _identity(path)
    if identity is None:
        return None
    key = str(path)
    with _lock:
        known = _open.get(key)
        if known and known[0] == identity:
            return known[1]
        try:
            archive = Archive(path)
        except ArchiveError as error:
            log.warning("base map not used: %s", error)
            archive = None
        _open[key] = (identity, archive)  # the previous archive stays mapped for requests still reading it
        return archive


def check(source: Path | str) -> ArchiveInfo:
    """What the archive at `source` holds; ArchiveError when it cannot serve as a base map."""
    archive = Archive(source)
    try:
        if archive.info.tiles == 0:
            raise ArchiveError(f"{source}: the archive holds no tiles")
        return archive.info
    finally:
        archive.close()


def install(source: Path | str) -> ArchiveInfo:
    """Check the archive at `source` and copy it to `basemap_path()`, replacing any installed one at once."""
    source = Path(source)
    check(source)
    target = basemap_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".basemap-", suffix=".pmtiles", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, open(source, "rb") as data:
            shutil.copyfileobj(data, out, length=1024 * 1024)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return check(target)


def remove() -> bool:
    """Remove the installed archive (the maps fall back to boundaries only); False when none was there."""
    path = basemap_path()
    if not path.exists():
        return False
    path.unlink()
    return True
