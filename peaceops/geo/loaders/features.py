"""Reading admin-area features from GeoJSON: code, name, names by language and a valid polygonal geometry.

Works for geoBoundaries (shapeID, shapeName), GADM (GID_n, NAME_n), OCHA COD-AB (ADMn_PCODE, ADMn_EN),
OpenStreetMap exports (name, name:xx) and plain files with `id`/`name`. Invalid polygons are repaired with
shapely's make_valid, keeping only their polygonal parts.
"""

import hashlib
import json
from dataclasses import dataclass, field

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape

from ..names import language_names
from .files import GeoDataError, open_text

CODE_MAX = 64
NAME_MAX = 200
_WGS84_CRS = ("crs84", "4326", "wgs84", "wgs 84")


@dataclass
class AreaFeature:
    """One admin area as read from a file, before it meets the database."""

    code: str
    name: str
    names: dict[str, str]
    geometry: shapely.Geometry
    repaired: bool = False


@dataclass
class FeatureReading:
    """What a boundary file yielded: the usable areas, and a note for each feature that was skipped."""

    areas: list[AreaFeature] = field(default_factory=list)
    repaired: int = 0
    warnings: list[str] = field(default_factory=list)


def _first(properties: dict, keys) -> str:
    lowered = {k.lower(): v for k, v in properties.items()}
    for key in keys:
        value = properties.get(key, lowered.get(key.lower()))
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def code_keys(level: int) -> list[str]:
    return ["shapeID", "id", "code", f"ADM{level}_PCODE", f"admin{level}Pcode", f"GID_{level}", "pcode",
            "shapeISO", "ISO_A3", "iso_a3"]


def name_keys(level: int) -> list[str]:
    return ["name", "shapeName", f"NAME_{level}", f"ADM{level}_EN", f"ADM{level}_NAME", f"admin{level}Name_en",
            f"admin{level}Name", "NAME", "NAME_EN", "name_en", "NAME_LOCAL", "NL_NAME"]


def _fallback_name(properties: dict) -> str:
    """Any property whose key looks like a name, for files using an unusual convention."""
    for key, value in properties.items():
        if "name" in key.lower() and isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def polygonal(geometry: shapely.Geometry) -> tuple[shapely.Geometry | None, bool]:
    """The geometry as a valid 2D (Multi)Polygon, and whether it had to be repaired (made valid, or non-polygonal
    parts dropped). None if nothing polygonal is left: a point, a line, a polygon collapsing to a line."""
    geometry = shapely.force_2d(geometry)
    repaired = False
    if not geometry.is_valid:
        geometry, repaired = shapely.make_valid(geometry), True
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry, repaired
    polygons = [poly for part in shapely.get_parts(geometry) if part.geom_type in ("Polygon", "MultiPolygon")
                for poly in shapely.get_parts(part)]
    if not polygons:
        return None, repaired
    return shapely.union_all(polygons), True


def _check_crs(collection: dict, where: str) -> None:
    crs = collection.get("crs")
    if not crs:
        return
    name = str((crs.get("properties") or {}).get("name", "")).lower()
    if name and not any(token in name for token in _WGS84_CRS):
        raise GeoDataError(f"{where}: coordinates are in {name}; reproject the file to WGS84 lon/lat (EPSG:4326)")


def _check_lonlat(geometry: shapely.Geometry, where: str) -> None:
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if min_lon < -180.5 or max_lon > 180.5 or min_lat < -90.5 or max_lat > 90.5:
        raise GeoDataError(f"{where}: coordinates are not WGS84 lon/lat (bounds {geometry.bounds}); "
                           "reproject the file to EPSG:4326")


def _unique_code(code: str, taken: set[str]) -> str:
    if len(code) > CODE_MAX:
        code = code[: CODE_MAX - 9] + "~" + hashlib.sha1(code.encode()).hexdigest()[:8]
    candidate, n = code, 1
    while candidate in taken:
        n += 1
        suffix = f"#{n}"
        candidate = code[: CODE_MAX - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def load_feature_collection(path) -> dict:
    """The parsed GeoJSON object of a file; a GeoDataError for anything that is not GeoJSON features."""
    try:
        with open_text(path) as stream:
            data = json.load(stream)
    except UnicodeDecodeError as exc:
        raise GeoDataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise GeoDataError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    except (OSError, EOFError) as exc:
        raise GeoDataError(f"{path}: cannot be read ({exc})") from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
        data.get("features"), list
    ):
        raise GeoDataError(f"{path}: not a GeoJSON FeatureCollection (expected "
                           '{"type": "FeatureCollection", "features": [...]})')
    return data


def read_area_features(path, *, level: int) -> FeatureReading:
    """The admin areas of a GeoJSON file, with codes unique within the file (a repeated code or name gets a
    `#2` suffix, in file order, so that re-loading the same file finds the same codes)."""
    collection = load_feature_collection(path)
    _check_crs(collection, str(path))
    reading = FeatureReading()
    taken: set[str] = set()
    for number, feature in enumerate(collection["features"], start=1):
        where = f"{path}: feature {number}"
        if not isinstance(feature, dict):
            reading.warnings.append(f"{where}: not a GeoJSON feature, skipped")
            continue
        properties = feature.get("properties") or {}
        name = (_first(properties, name_keys(level)) or _fallback_name(properties))[:NAME_MAX]
        code = _first(properties, code_keys(level)) or str(feature.get("id") or "").strip() or name
        if not code:
            reading.warnings.append(f"{where}: no code and no name, skipped")
            continue
        try:
            geometry = shape(feature["geometry"]) if feature.get("geometry") else None
        except (KeyError, TypeError, ValueError, AttributeError, ShapelyError) as exc:
            reading.warnings.append(f"{where} ({name or code}): unreadable geometry ({exc}), skipped")
            continue
        if geometry is None or geometry.is_empty:
            reading.warnings.append(f"{where} ({name or code}): no geometry, skipped")
            continue
        _check_lonlat(geometry, where)
        geometry, repaired = polygonal(geometry)
        if geometry is None:
            reading.warnings.append(f"{where} ({name or code}): no polygon in the geometry, skipped")
            continue
        reading.repaired += repaired
        reading.areas.append(AreaFeature(
            code=_unique_code(code, taken), name=name or code, names=language_names(properties, level),
            geometry=geometry, repaired=repaired,
        ))
    return reading
