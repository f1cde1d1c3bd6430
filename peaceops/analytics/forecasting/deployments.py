"""Peacekeeping deployment covariates from Geo-PKO FrontMap rows (mission x year x location).

The maps are yearly aggregates, so a year's deployments are known only once the year is over: year Y's rows
count from January of Y + 1 (never earlier; tested in tests/analytics/test_forecast_deployments.py). After the
last year in the file the last known year is carried forward (the CAR fixture ends in 2017, so 2017's
deployments stand for 2018 onwards). Features per unit (last axis, `NAMES`):

- `troops_log1p`: log1p of the mean troops (`ave.no.troops`) at deployment locations inside the unit;
- `deployed_near`: 1 if any deployment location is inside the unit or within about 50 km of it (PRIO-GRID:
  the cell or one of its eight neighbours; admin units: inside, or within 50 km of the unit's centroid);
- `country_troops_log1p`: log1p of the country-wide total troops (same for every unit).

Admin units (adm1, adm2) are GED names without geometry: a deployment location is assigned to the unit whose
GED event centroid (mean event position, over the whole file like `admin_neighbours`) is nearest. That is an
approximation near unit borders.
"""

import numpy as np
import polars as pl

from .units import COLUMNS, month_id, priogrid_gid

NAMES = ("troops_log1p", "deployed_near", "country_troops_log1p")
NEAR_KM = 50.0


def read_frontmap(path, countries=None) -> pl.DataFrame:
    """FrontMap rows (year, latitude, longitude, troops), optionally only those whose `country` is in
    `countries` (exact spelling, as in GED's `country` column)."""
    frame = pl.read_csv(path, infer_schema_length=0)
    missing = {"year", "latitude", "longitude", "ave.no.troops"} - set(frame.columns)
    if missing:
        raise ValueError(f"deployments: the file has no column {', '.join(sorted(missing))}")
    if countries is not None and "country" in frame.columns:
        frame = frame.filter(pl.col("country").is_in(sorted(countries)))
    return frame.select(
        pl.col("year").cast(pl.Int64), pl.col("latitude").cast(pl.Float64), pl.col("longitude").cast(pl.Float64),
        pl.col("ave.no.troops").cast(pl.Float64, strict=False).fill_null(0).alias("troops"),
    ).drop_nulls(["year", "latitude", "longitude"])


def _km(lat1, lon1, lat2, lon2):
    """Equirectangular distance in km (good enough at tens of km)."""
    x = np.radians(lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    y = np.radians(lat2 - lat1)
    return 6371.0 * np.hypot(x, y)


def deployment_covariates(frame: pl.DataFrame, level: str, units, first_month: int, n_months: int, *,
                          unit_of_event=None, event_lat=None, event_lon=None) -> np.ndarray:
    """Shape (len(units), n_months, len(NAMES)); see the module docstring."""
    units = np.asarray(units)
    years = frame["year"].to_numpy()
    lat, lon = frame["latitude"].to_numpy(), frame["longitude"].to_numpy()
    troops = frame["troops"].to_numpy()
    n = len(units)
    inside = np.full(len(frame), -1)          # unit index of each location, -1 outside the units
    near = np.zeros((len(frame), n), dtype=bool)
    if level == "priogrid":
        position = {int(g): i for i, g in enumerate(units)}
        for k, gid in enumerate(np.asarray(priogrid_gid(lat, lon), dtype=np.int64)):
            inside[k] = position.get(int(gid), -1)
            row, col = divmod(int(gid) - 1, COLUMNS)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    other = position.get((row + dr) * COLUMNS + (col + dc) % COLUMNS + 1)
                    if other is not None:
                        near[k, other] = True
    elif level in ("adm1", "adm2"):
        unit_of_event = np.asarray(unit_of_event)
        event_lat, event_lon = np.asarray(event_lat, dtype=float), np.asarray(event_lon, dtype=float)
        centres = np.full((n, 2), np.nan)
        for i, unit in enumerate(units):
            chosen = (unit_of_event == unit) & np.isfinite(event_lat) & np.isfinite(event_lon)
            if chosen.any():
                centres[i] = event_lat[chosen].mean(), event_lon[chosen].mean()
        located = np.isfinite(centres[:, 0])
        for k in range(len(frame)):
            distance = np.where(located, _km(lat[k], lon[k], centres[:, 0], centres[:, 1]), np.inf)
            if np.isfinite(distance).any():
                inside[k] = int(np.argmin(distance))
                near[k] = distance <= NEAR_KM
                near[k, inside[k]] = True
    else:
        raise ValueError(f"deployments: level {level} is not supported (adm1, adm2, priogrid)")

    out = np.zeros((n, n_months, len(NAMES)))
    if len(frame) == 0:
        return out
    known = sorted(set(int(y) for y in years))
    last = known[-1]
    months = np.arange(n_months) + first_month
    # The year whose maps are the latest known at each month: Y's maps from January Y + 1.
    for year in range(known[0], last + 1):
        start = int(month_id(year + 1, 1))
        stop = int(month_id(year + 2, 1)) if year < last else months[-1] + 1  # last year carried forward
        columns = (months >= start) & (months < stop)
        if not columns.any():
            continue
        rows = years == year
        per_unit = np.zeros(n)
        located = rows & (inside >= 0)
        np.add.at(per_unit, inside[located], troops[located])
        out[:, columns, 0] = np.log1p(per_unit)[:, None]
        out[:, columns, 1] = near[rows].any(axis=0)[:, None].astype(float)
        out[:, columns, 2] = np.log1p(troops[rows].sum())
    return out
