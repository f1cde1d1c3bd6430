"""Reading a PMTiles archive tile by tile (peaceops.geo.basemap.archive): every tile found where the pmtiles
writer put it, through leaf directories as large archives have them, and a damaged file refused by name."""

import random

import pytest
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from peaceops.geo.basemap.archive import Archive, ArchiveError

MAX_ZOOM = 8  # 87,381 tiles of varied sizes: enough for the writer to put its directory in leaves


def content(z: int, x: int, y: int) -> bytes:
    """Distinct tiles of unpredictable lengths (directories of real archives do not compress to nothing)."""
    return f"tile {z}/{x}/{y}".encode() + b"." * random.Random(f"{z}/{x}/{y}").randrange(200)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "large.pmtiles"
    tiles = {zxy_to_tileid(z, x, y): content(z, x, y)
             for z in range(MAX_ZOOM + 1) for x in range(1 << z) for y in range(1 << z)}
    with open(path, "wb") as out:
        writer = Writer(out)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.NONE,
                         "min_lon_e7": -1800000000, "min_lat_e7": -850000000, "max_lon_e7": 1800000000,
                         "max_lat_e7": 850000000, "center_zoom": 0, "center_lon_e7": 0, "center_lat_e7": 0},
                        {"vector_layers": [{"id": "roads"}]})
    return path


def test_every_tile_is_read_through_leaf_directories(large):
    archive = Archive(large)
    assert archive._header["leaf_directory_length"] > 0  # the case of real archives
    assert archive.info.min_zoom == 0 and archive.info.max_zoom == MAX_ZOOM
    for z in range(MAX_ZOOM + 1):
        for x in range(0, 1 << z, 3):
            for y in range(0, 1 << z, 5):
                assert archive.tile(z, x, y) == content(z, x, y)
    assert archive.tile(MAX_ZOOM + 1, 0, 0) is None and archive.tile(2, 4, 0) is None
    assert archive.info.content_encoding is None
    archive.close()


def test_a_truncated_archive_is_refused(large, tmp_path):
    cut = tmp_path / "cut.pmtiles"
    cut.write_bytes(large.read_bytes()[:-1000])  # an interrupted copy
    with pytest.raises(ArchiveError, match=r"truncated \(\d+ bytes where its header names \d+\)"):
        Archive(cut)
