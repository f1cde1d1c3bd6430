"""One PMTiles v3 archive of vector tiles, checked when opened and read tile by tile.

The archive is memory-mapped (tiles are read straight from the file, nothing is loaded whole); its directories
are decoded once and kept (a mission's archive has a root directory and at most a few hundred leaves). The
`pmtiles` package decodes the header and the directories.
"""

import gzip
import hashlib
import json
import mmap
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pmtiles.tile import (
    Compression,
    MagicNumberNotFound,
    SpecVersionUnsupported,
    TileType,
    deserialize_directory,
    deserialize_header,
    find_tile,
    zxy_to_tileid,
)

#: Tile encodings a browser can take as they are stored (the `Content-Encoding` sent with each tile).
CONTENT_ENCODINGS = {Compression.NONE: None, Compression.GZIP: "gzip", Compression.BROTLI: "br"}
#: The source layers of the Protomaps basemap schema, the one the map style draws (docs/operators/base-maps.md).
PROTOMAPS_LAYERS = frozenset({"earth", "water", "landuse", "roads", "buildings", "places", "boundaries"})
#: How many leaf directories are kept decoded (each a few thousand entries).
LEAF_CACHE = 256


class ArchiveError(ValueError):
    """The file is not a PMTiles v3 archive of vector tiles PeaceOps can serve (the message says why)."""


@dataclass(frozen=True)
class ArchiveInfo:
    """What an archive holds: its zooms, bounds ([west, south, east, north]), centre, tile encoding, vector
    layers and attribution (from its metadata), and a version token that changes with the file."""

    path: Path
    size: int
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]
    center: tuple[float, float, int]
    tile_compression: Compression
    vector_layers: tuple[str, ...]
    attribution: str
    version: str
    tiles: int = 0
    warnings: tuple[str, ...] = field(default=())

    @property
    def content_encoding(self) -> str | None:
        """The HTTP Content-Encoding of the stored tiles (None: stored uncompressed)."""
        return CONTENT_ENCODINGS[self.tile_compression]


class Archive:
    """A PMTiles v3 vector archive opened for reading (thread-safe: the map is read-only)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self._file = open(self.path, "rb")  # noqa: SIM115 - kept open for the mapping's life
        except FileNotFoundError:
            raise ArchiveError(f"{self.path}: no such file") from None
        except OSError as exc:
            raise ArchiveError(f"{self.path}: cannot be read ({exc.strerror})") from None
        try:
            size = self.path.stat().st_size
            if size < 127:
                raise ArchiveError(f"{self.path}: not a PMTiles archive (only {size} bytes)")
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
            self._header = _header(self.path, self._map[:127])
            self.info = self._describe(size)
            self._root = self._directory(self._header["root_offset"], self._header["root_length"])
        except Exception:
            self._file.close()
            raise
        self._lock = threading.Lock()
        self._leaf = lru_cache(maxsize=LEAF_CACHE)(self._leaf_directory)

    def _describe(self, size: int) -> ArchiveInfo:
        header = self._header
        if header["tile_type"] != TileType.MVT:
            raise ArchiveError(f"{self.path}: holds {header['tile_type'].name} tiles, not vector tiles (MVT): "
                               "PeaceOps draws its base map from vector tiles")
        if header["tile_compression"] not in CONTENT_ENCODINGS:
            raise ArchiveError(f"{self.path}: tiles compressed with {header['tile_compression'].name}, which "
                               "browsers cannot all read: make the archive with gzip (the default of "
                               "`pmtiles extract`)")
        if header["internal_compression"] not in (Compression.GZIP, Compression.NONE):
            raise ArchiveError(f"{self.path}: directories compressed with {header['internal_compression'].name}: "
                               "only gzip is supported")
        if header["max_zoom"] < header["min_zoom"] or header["max_zoom"] > 22:
            raise ArchiveError(f"{self.path}: zooms {header['min_zoom']}-{header['max_zoom']} are not valid")
        expected = max(header["tile_data_offset"] + header["tile_data_length"],
                       header["leaf_directory_offset"] + header["leaf_directory_length"])
        if expected > size:
            raise ArchiveError(f"{self.path}: truncated ({size} bytes where its header names {expected}): copy "
                               "it again")
        metadata = self._metadata()
        layers = tuple(sorted(str(layer.get("id")) for layer in metadata.get("vector_layers", [])
                              if isinstance(layer, dict)))
        warnings = []
        if layers and not PROTOMAPS_LAYERS & set(layers):
            warnings.append("its layers (" + ", ".join(layers) + ") are not those of the Protomaps basemap "
                            "schema: the map style will draw little or nothing of it (docs/operators/base-maps.md)")
        bounds = tuple(header[k] / 1e7 for k in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
        stat = self.path.stat()
        token = hashlib.sha256(
            bytes(self._map[:127]) + f"{size}:{stat.st_mtime_ns}:{stat.st_ino}".encode()
        ).hexdigest()[:12]
        return ArchiveInfo(
            path=self.path, size=size, min_zoom=header["min_zoom"], max_zoom=header["max_zoom"],
            bounds=bounds,
            center=(header["center_lon_e7"] / 1e7, header["center_lat_e7"] / 1e7, header["center_zoom"]),
            tile_compression=header["tile_compression"], vector_layers=layers,
            attribution=str(metadata.get("attribution") or ""), version=token,
            tiles=header["addressed_tiles_count"], warnings=tuple(warnings),
        )

    def _bytes(self, offset: int, length: int) -> bytes:
        if offset + length > len(self._map):
            raise ArchiveError(f"{self.path}: truncated (a part is named beyond the end of the file)")
        return self._map[offset:offset + length]

    def _metadata(self) -> dict:
        raw = self._bytes(self._header["metadata_offset"], self._header["metadata_length"])
        if not raw:
            return {}
        try:
            if self._header["internal_compression"] == Compression.GZIP:
                raw = gzip.decompress(raw)
            metadata = json.loads(raw)
        except (OSError, EOFError, ValueError):
            raise ArchiveError(f"{self.path}: its metadata cannot be read (not gzip-compressed JSON)") from None
        return metadata if isinstance(metadata, dict) else {}

    def _directory(self, offset: int, length: int) -> list:
        raw = self._bytes(offset, length)
        if self._header["internal_compression"] == Compression.NONE:
            raw = gzip.compress(raw)  # the decoder expects gzip
        try:
            return deserialize_directory(raw)
        except (OSError, EOFError, IndexError, ValueError):
            raise ArchiveError(f"{self.path}: a tile directory cannot be read (damaged file?)") from None

    def _leaf_directory(self, offset: int, length: int) -> list:
        return self._directory(self._header["leaf_directory_offset"] + offset, length)

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The stored bytes of tile z/x/y (compressed as `info.tile_compression` says), or None when the
        archive has no such tile (outside its zooms or bounds, or not a tile at all)."""
        if not (self.info.min_zoom <= z <= self.info.max_zoom) or not (0 <= x < 1 << z and 0 <= y < 1 << z):
            return None
        tile_id = zxy_to_tileid(z, x, y)
        directory = self._root
        for _depth in range(4):  # the format nests at most three levels of leaves
            entry = find_tile(directory, tile_id)
            if entry is None:
                return None
            if entry.run_length > 0:
                return self._bytes(self._header["tile_data_offset"] + entry.offset, entry.length)
            with self._lock:
                directory = self._leaf(entry.offset, entry.length)
        return None

    def close(self) -> None:
        """Release the file (the archive cannot be read afterwards)."""
        self._map.close()
        self._file.close()


def _header(path: Path, raw: bytes) -> dict:
    try:
        return deserialize_header(raw)
    except MagicNumberNotFound:
        raise ArchiveError(f"{path}: not a PMTiles archive (it does not start with 'PMTiles'); make one as "
                           "docs/operators/base-maps.md says") from None
    except SpecVersionUnsupported:
        raise ArchiveError(f"{path}: a PMTiles archive of version {raw[7]}, not version 3: convert it with "
                           "`pmtiles convert`") from None
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError(f"{path}: not a PMTiles archive (its header cannot be read)") from None
