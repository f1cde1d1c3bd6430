"""A tiny offline base map for the tests: a PMTiles v3 archive of a few vector tiles over North Mitrovica, in
the Protomaps basemap schema (land, the Ibar as water, a main road, a building and the town as a place with
its Albanian and Serbian names), written with the `pmtiles` writer and the `mapbox-vector-tile` encoder (a test
dependency). Nothing of it is shipped: each test run makes its own.
"""

import gzip
import math
from pathlib import Path

from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

#: The place the sample covers (lon, lat): the Ibar bridge in Mitrovica.
CENTRE = (20.8665, 42.8914)
ZOOMS = range(9, 15)
NAMES = {"name": "Mitrovica", "name:en": "Mitrovica", "name:sq": "Mitrovicë", "name:sr": "Митровица",
         "name:sr-Latn": "Mitrovica"}
EXTENT = 4096


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The x, y of the tile holding lon, lat at zoom z (Web Mercator, XYZ)."""
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def bounds_of(x: int, y: int, z: int) -> tuple[float, float, float, float]:
    """[west, south, east, north] of tile z/x/y."""
    n = 1 << z

    def lat(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def sample_tile() -> bytes:
    """One tile's content (the same drawing at every zoom: enough for the map to draw each kind)."""
    import mapbox_vector_tile

    e = EXTENT
    layers = [
        {"name": "earth", "features": [{"geometry": f"POLYGON ((0 0, {e} 0, {e} {e}, 0 {e}, 0 0))",
                                        "properties": {"kind": "earth"}}]},
        {"name": "water", "features": [
            {"geometry": f"POLYGON ((0 1900, {e} 1800, {e} 2100, 0 2200, 0 1900))",
             "properties": {"kind": "water", "name": "Ibër", "name:sr": "Ибар"}}]},
        {"name": "roads", "features": [
            {"geometry": f"LINESTRING ({e // 2} 0, {e // 2 + 100} {e})",
             "properties": {"kind": "major_road", "kind_detail": "primary", "min_zoom": 8,
                            "name": "Mbretëresha Teutë", "name:sr": "Краља Петра"}}]},
        {"name": "buildings", "features": [
            {"geometry": "POLYGON ((2300 1000, 2700 1000, 2700 1400, 2300 1400, 2300 1000))",
             "properties": {"kind": "building"}}]},
        {"name": "places", "features": [
            {"geometry": "POINT (1400 1200)",
             "properties": {"kind": "locality", "kind_detail": "town", "min_zoom": 7, "population_rank": 9,
                            **NAMES}}]},
    ]
    return mapbox_vector_tile.encode(layers, default_options={"y_coord_down": True, "extents": EXTENT})


def write_sample_archive(path: Path | str, centre: tuple[float, float] = CENTRE) -> Path:
    """Write the sample archive at `path`: the 3x3 tiles around `centre` at each of ZOOMS, gzip-compressed."""
    path = Path(path)
    data = gzip.compress(sample_tile(), mtime=0)
    tiles = {}
    for z in ZOOMS:
        cx, cy = tile_of(*centre, z)
        for x in range(cx - 1, cx + 2):
            for y in range(cy - 1, cy + 2):
                tiles[zxy_to_tileid(z, x, y)] = (z, x, y)
    low = min(ZOOMS)
    cx, cy = tile_of(*centre, low)
    west, _, _, north = bounds_of(cx - 1, cy - 1, low)
    _, south, east, _ = bounds_of(cx + 1, cy + 1, low)
    with open(path, "wb") as out:
        writer = Writer(out)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, data)
        writer.finalize(
            {"tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
             "min_lon_e7": int(west * 1e7), "min_lat_e7": int(south * 1e7),
             "max_lon_e7": int(east * 1e7), "max_lat_e7": int(north * 1e7),
             "center_zoom": 13, "center_lon_e7": int(centre[0] * 1e7), "center_lat_e7": int(centre[1] * 1e7)},
            {"name": "PeaceOps test sample", "attribution": "© OpenStreetMap contributors",
             "vector_layers": [{"id": name, "fields": {}} for name in
                               ("earth", "water", "roads", "buildings", "places")]},
        )
    return path
