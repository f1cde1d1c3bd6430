"""Reading GeoNames gazetteer files row by row: the raw dump (tab-separated, no header, XK.txt layout, plain,
gzipped or zipped) and CSV/TSV exports with a header row. Which one a file is, is told from its first line."""

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from .files import GeoDataError, open_text

#: The columns of the GeoNames dump (readme.txt of download.geonames.org/export/dump), in order.
DUMP_COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
                "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
                "population", "elevation", "dem", "timezone", "modification_date"]
REQUIRED = ("geonameid", "name", "latitude", "longitude")
_ALIASES = {"geoname_id": "geonameid", "id": "geonameid", "ascii_name": "asciiname",
            "alternate_names": "alternatenames", "lat": "latitude", "lon": "longitude", "lng": "longitude",
            "fclass": "feature_class", "fcode": "feature_code", "country": "country_code"}
NAME_MAX = 200


@dataclass(frozen=True)
class GazetteerRow:
    """One place as a gazetteer file gives it, checked and typed."""

    geonames_id: int
    name: str
    ascii_name: str
    lon: float
    lat: float
    feature_class: str
    feature_code: str
    country_code: str
    population: int
    names: tuple[str, ...]


class RowError(ValueError):
    """A gazetteer row that cannot be used; the message names the column."""


def _column(header: str) -> str:
    key = header.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")
    return _ALIASES.get(key, key)


def _distinct_names(*names: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        name = name.strip()[:NAME_MAX]
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def parse_row(values: dict) -> GazetteerRow:
    """A typed gazetteer row from the raw column values; RowError naming the column if one is unusable."""
    def number(column, cast, default=None):
        text = (values.get(column) or "").strip()
        if not text:
            if default is None:
                raise RowError(f"{column}: missing")
            return default
        try:
            return cast(text)
        except ValueError:
            raise RowError(f"{column}: not a number ({text!r})") from None

    geonames_id = number("geonameid", int)
    lat, lon = number("latitude", float), number("longitude", float)
    if not -90 <= lat <= 90:
        raise RowError(f"latitude: {lat} is outside -90..90")
    if not -180 <= lon <= 180:
        raise RowError(f"longitude: {lon} is outside -180..180")
    name = (values.get("name") or "").strip()[:NAME_MAX]
    if not name:
        raise RowError("name: missing")
    ascii_name = (values.get("asciiname") or "").strip()[:NAME_MAX]
    alternates = (values.get("alternatenames") or "").split(",")
    return GazetteerRow(
        geonames_id=geonames_id, name=name, ascii_name=ascii_name, lon=lon, lat=lat,
        feature_class=(values.get("feature_class") or "").strip()[:1],
        feature_code=(values.get("feature_code") or "").strip()[:10],
        country_code=(values.get("country_code") or "").strip()[:2],
        population=max(0, int(number("population", float, 0))),
        names=_distinct_names(name, ascii_name, *alternates),
    )


def read_gazetteer(path) -> Iterator[tuple[int, GazetteerRow | RowError]]:
    """(line number, row or the error that made it unusable) for each data line, streamed."""
    stream = open_text(path, member_suffix=".txt")
    line = 0
    try:
        first = stream.readline()
        if not first.strip():
            raise GeoDataError(f"{path}: the file is empty")
        delimiter = "\t" if "\t" in first else ","
        first_cell = first.split(delimiter, 1)[0]
        if _column(first_cell.strip('"')) == "geonameid":
            columns = [_column(c) for c in next(csv.reader([first], delimiter=delimiter))]
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise GeoDataError(f"{path}: the header lacks the column(s) {', '.join(missing)}")
            reader, offset = csv.reader(stream, delimiter=delimiter), 1
        elif delimiter == "\t" and first_cell.strip().isdigit():
            columns = DUMP_COLUMNS
            reader = csv.reader(itertools.chain([first], stream), delimiter="\t", quoting=csv.QUOTE_NONE)
            offset = 0
        else:
            raise GeoDataError(f"{path}: not a GeoNames file (expected a 'geonameid' header or the "
                               "tab-separated GeoNames dump)")
        for values in reader:
            line = reader.line_num + offset
            if not any(v.strip() for v in values):
                continue
            try:
                yield line, parse_row(dict(zip(columns, values, strict=False)))
            except RowError as exc:
                yield line, exc
    except UnicodeDecodeError as exc:
        raise GeoDataError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise GeoDataError(f"{path}: line {line + 1}: {exc}") from exc
    finally:
        stream.close()


def count_lines(path) -> int:
    """Number of data lines (starting with a geonameid) in the decompressed file, for a progress bar."""
    with open_text(path, member_suffix=".txt") as stream:
        return sum(1 for line in stream if line[:1].isdigit())
