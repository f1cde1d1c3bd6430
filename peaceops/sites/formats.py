"""The `geo-pko` import format: Geo-PKO deployment tables (FrontMap, TCCMap, TTMap; one row per mission,
location and year) as sites, one per mission and location, with a year row per year.

The path is a FrontMap file (its TCCMap and TTMap siblings, named alike, are read when present) or a directory
holding such files. FrontMap gives the place, troops (`ave.no.troops`), headquarters level and unit dummies;
TTMap the unit counts by type; TCCMap the contributing countries. Only rows of the importing mission (by code)
are taken; optional columns may be missing. Rows of one location and year repeated (Geo-PKO keeps one per map)
are one year. Opening and closing dates are left to the mission (the tables know years, not dates).
A site's type comes from its latest year: headquarters level 3 a mission HQ, 1 or 2 a sector HQ,
otherwise a company operating base where troops are present and a team site where none are.
"""

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from peaceops.interop.records import FormatError, RecordFormat, Row, register_format, register_record_type

from .choices import SiteType, UnitType
from .models import Site
from .services import SiteService

REQUIRED = ("mission", "year", "location", "latitude", "longitude")
#: TTMap columns -> unit types (counts of units).
TT_UNITS = {"Infantry": UnitType.INFANTRY, "eng": UnitType.ENGINEERING, "med": UnitType.MEDICAL,
            "sig": UnitType.SIGNALS, "av": UnitType.AVIATION, "riv": UnitType.RIVERINE,
            "maint": UnitType.MAINTENANCE, "trans": UnitType.TRANSPORT}
#: FrontMap columns -> unit types (mean units or presence dummies), used where TTMap says nothing.
FRONT_UNITS = {"Infantry": UnitType.INFANTRY, "Med": UnitType.MEDICAL, "Av": UnitType.AVIATION,
               "UNPOL": UnitType.POLICE, "UNMO": UnitType.MILITARY_OBSERVERS}
_COUNTRY = re.compile(r"\s*([^,(]+?)\s*\(([^)]*)\)")


def _number(raw: dict, column: str, default=0.0) -> float:
    value = (raw.get(column) or "").strip()
    if value in ("", "NA"):
        return default
    number = float(value)
    if number < 0:
        raise ValueError(f"{column}: must not be negative (got {value})")
    return number


def _countries(text: str) -> list[dict]:
    out = []
    for name, size in _COUNTRY.findall(text or ""):
        out.append({"country": name.strip(), "troops": int(size) if size.strip().isdigit() else None})
    return out


def _table(path: Path | None, mission_code: str) -> dict:
    """A TTMap or TCCMap file's rows of the mission by (location, year); {} when there is no such file."""
    if path is None or not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {(r.get("location", "").strip(), (r.get("year") or "").strip()): r for r in csv.DictReader(handle)
                if (r.get("mission") or "").strip() == mission_code}


def _front_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("FrontMap*.csv"))
        if not files:
            raise FormatError(f"{path}: no FrontMap*.csv file")
        return files
    return [path]


def read_geo_pko(path, mission) -> Iterator[Row]:
    """Rows of the mission's sites: rejects as they are met, then one row per site (at its first line)."""
    sites: dict[str, dict] = {}
    for front in _front_files(Path(path)):
        tt = _table(front.with_name(front.name.replace("FrontMap", "TTMap")), mission.code)
        tcc = _table(front.with_name(front.name.replace("FrontMap", "TCCMap")), mission.code)
        with front.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise FormatError(f"{front.name}: not a Geo-PKO FrontMap file (no column {missing[0]!r})")
            for raw in reader:
                if (raw.get("mission") or "").strip() != mission.code:
                    continue
                try:
                    location, year, point, values = _site_year(raw, tt, tcc)
                except ValueError as error:
                    yield Row(reader.line_num, reason=str(error), raw=raw)
                    continue
                site = sites.setdefault(location, {"line": reader.line_num, "years": {}})
                latest, hq = max(site["years"], default=0), values.pop("hq")
                if year > latest:
                    site["point"], site["hq"] = point, hq
                elif year == latest:
                    site["hq"] = max(site["hq"], hq)
                site["years"].setdefault(year, values)  # a repeated location-year is the same year
    for location, site in sites.items():
        yield Row(site["line"], data=_site(mission, location, site), raw={"location": location})


def _site_year(raw: dict, tt: dict, tcc: dict):
    location = (raw.get("location") or "").strip()
    if not location:
        raise ValueError("location: is empty")
    try:
        year = int(float(raw["year"]))
    except (TypeError, ValueError):
        raise ValueError(f"year: not a year ({raw.get('year')!r})") from None
    try:
        lat, lon = float(raw["latitude"]), float(raw["longitude"])
    except (TypeError, ValueError):
        raise ValueError(f"latitude/longitude: not numbers ({raw.get('latitude')!r}, {raw.get('longitude')!r})") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"latitude/longitude: outside the world ({lat}, {lon})")
    troops = _number(raw, "ave.no.troops", default=_number(raw, "NoTroops"))
    units = {}
    counts = tt.get((location, str(year)))
    for column, kind in (TT_UNITS if counts else {}).items():
        if _number(counts, column):
            units[kind] = _number(counts, column)
    for column, kind in FRONT_UNITS.items():
        if kind not in units and _number(raw, column):
            units[kind] = round(_number(raw, column), 2)
    countries = _countries((tcc.get((location, str(year))) or {}).get("year.overview", ""))
    return location, year, (lon, lat), {"year": year, "troops": round(troops), "units": units,
                                        "countries": countries, "hq": int(_number(raw, "hq"))}


def _site(mission, location: str, site: dict) -> dict:
    years = [site["years"][y] for y in sorted(site["years"])]
    hq, troops = site["hq"], years[-1]["troops"]
    kind = (SiteType.MISSION_HQ if hq == 3 else SiteType.SECTOR_HQ if hq in (1, 2)
            else SiteType.COMPANY_OPERATING_BASE if troops else SiteType.TEAM_SITE)
    return {"name": location, "site_type": kind, "lon": site["point"][0], "lat": site["point"][1],
            "location_name": location, "location_precision": "near", "source_id": f"geo-pko:{mission.code}:{location}",
            "years": years}


register_record_type(SiteService())
register_format(Site, RecordFormat("geo-pko", read=read_geo_pko,
                                   description="Geo-PKO v2.x deployment maps (FrontMap, TCCMap, TTMap)"))
