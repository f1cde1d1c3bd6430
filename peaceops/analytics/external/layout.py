"""Reading a forecast file in the ViEWS layout into unit-month values, keeping every row accounted for.

Accepted (CSV, plain or .gz, and Parquet; docs/forecasting.md, "External forecasts"):

- a month column `month_id` (ViEWS: 1 = 1980-01) and a unit column: `country_id` (or `c_id`) for countries,
  `priogrid_gid` (or `priogrid_id`, `pg_id`) for PRIO-GRID cells;
- long samples: a `draw` column and one value column (e.g. `outcome`, `pred_ln_sb_best`): one row per draw;
- samples as a list column (Parquet, as the ViEWS pipeline writes them): one row per unit-month;
- wide samples: value columns sharing a prefix and ending in a draw number (`sample_0`, `sample_1`, ...);
- probabilities: any other value column, e.g. ViEWS' `average_basewthematic_sb`, read as the probability of
  at least one fatality, which must lie in [0, 1].

A column whose name has an `ln` part (`ln_ged_sb`, `pred_ln_sb_best`) holds ln(1 + fatalities), as ViEWS
writes its predictions; samples are converted back with exp(x) - 1. Line numbers count the header as line 1
(CSV); for Parquet they are row numbers counting from 1.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

MONTH = "month_id"
UNIT_COLUMNS = {"country": ("country_id", "c_id"), "priogrid": ("priogrid_gid", "priogrid_id", "pg_id")}
DRAW = "draw"
_WIDE = re.compile(r"^(.*?)_?(\d+)$")
_LOG = re.compile(r"(^|_)ln(_|$)")
_VIOLENCE = re.compile(r"(?:^|_)(sb|ns|os)(?:_|$)")


class LayoutError(ValueError):
    """The file as a whole cannot be read as a ViEWS-layout forecast; the message names the column."""


@dataclass
class Reject:
    line: int
    reason: str
    fields: dict


@dataclass
class ReadResult:
    """What a file held: the kind, the column read, values per (month, unit), and every row not kept."""

    kind: str
    column: str
    columns_found: list
    log_scale: bool
    values: dict = field(default_factory=dict)  # (month_id, unit_id) -> list of floats
    rows_read: int = 0
    rejects: list = field(default_factory=list)  # bad rows
    outside: list = field(default_factory=list)  # rows of units outside the mission

    @property
    def draws(self) -> int:
        return len(next(iter(self.values.values()))) if self.kind == "samples" and self.values else 0


def violence_of(column: str) -> str:
    """The UCDP type of violence a ViEWS column is about (sb, ns, os), or "" when its name does not say."""
    found = _VIOLENCE.search(column.lower())
    return found.group(1) if found else ""


def read_frame(path: Path) -> tuple[pl.DataFrame, int]:
    """The file as a frame (CSV: every column as text, so that bad values can be reported as they were) and
    the number to add to a row index to get its line number."""
    name = path.name.lower()
    try:
        if name.endswith((".parquet", ".pq")):
            return pl.read_parquet(path), 1
        return pl.read_csv(path, infer_schema=False), 2
    except Exception as error:  # polars raises several kinds for an unreadable file
        raise LayoutError(f"cannot read {path.name}: {error}") from error


def _unit_column(frame: pl.DataFrame, unit: str) -> str:
    for name in UNIT_COLUMNS[unit]:
        if name in frame.columns:
            return name
    other = "priogrid" if unit == "country" else "country"
    hint = next((n for n in UNIT_COLUMNS[other] if n in frame.columns), None)
    extra = f"; it has {hint!r}: use --unit {other}" if hint else ""
    raise LayoutError(f"--unit {unit}: the file has no {' or '.join(UNIT_COLUMNS[unit])} column "
                      f"(columns: {', '.join(frame.columns)}){extra}")


def _choose(candidates: list[str], column: str | None, what: str) -> str:
    if column:
        if column not in candidates:
            raise LayoutError(f"--column: {column!r} is not a {what} column of the file "
                              f"(found: {', '.join(candidates) or 'none'})")
        return column
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise LayoutError(f"the file has no {what} column")
    raise LayoutError(f"--column: the file has several {what} columns ({', '.join(candidates)}); choose one")


def _number(frame: pl.DataFrame, name: str) -> pl.Series:
    return frame[name].cast(pl.Float64, strict=False)


def _integer(frame: pl.DataFrame, name: str) -> np.ndarray:
    """Whole numbers of a column as floats (NaN where not a whole number)."""
    values = _number(frame, name).to_numpy().astype(float)
    values[~np.isfinite(values) | (values != np.floor(values))] = np.nan
    return values


class _Rows:
    """The reasons rows are refused, first reason wins."""

    def __init__(self, n: int):
        self.reason = np.full(n, None, dtype=object)

    def refuse(self, mask, reason) -> None:
        mask = np.asarray(mask, dtype=bool) & (self.reason == None)  # noqa: E711 (element-wise)
        if callable(reason):
            for i in np.flatnonzero(mask):
                self.reason[i] = reason(int(i))
        else:
            self.reason[mask] = reason

    @property
    def ok(self) -> np.ndarray:
        return self.reason == None  # noqa: E711


def _raw(frame: pl.DataFrame, i: int, columns: list[str]) -> dict:
    row = frame.row(i, named=True)
    return {c: ("" if row[c] is None else str(row[c])) for c in columns}


def read_forecast(path, unit: str, allowed_units, column: str | None = None) -> ReadResult:
    """Read a ViEWS-layout file; rows of units not in `allowed_units` are kept apart as outside the mission."""
    path = Path(path)
    frame, offset = read_frame(path)
    if MONTH not in frame.columns:
        raise LayoutError(f"the file has no {MONTH} column (columns: {', '.join(frame.columns)})")
    unit_col = _unit_column(frame, unit)
    keys = {MONTH, DRAW, *UNIT_COLUMNS["country"], *UNIT_COLUMNS["priogrid"]}
    others = [c for c in frame.columns if c not in keys]
    lists = [c for c in others if isinstance(frame.schema[c], pl.List | pl.Array)]
    wide: dict[str, list[tuple[int, str]]] = {}
    for c in others:
        match = _WIDE.match(c)
        if match and c not in lists:
            wide.setdefault(match.group(1), []).append((int(match.group(2)), c))
    wide = {prefix: sorted(cols) for prefix, cols in wide.items() if len(cols) >= 2}
    n = frame.height
    rows = _Rows(n)
    month = _integer(frame, MONTH)
    units = _integer(frame, unit_col)
    rows.refuse(frame[MONTH].is_null().to_numpy(), f"{MONTH} is empty")
    rows.refuse(np.isnan(month) | (month < 1), lambda i: f"{MONTH} {frame[MONTH][i]!r} is not a month id (1 = 1980-01)")
    rows.refuse(frame[unit_col].is_null().to_numpy(), f"{unit_col} is empty")
    rows.refuse(np.isnan(units) | (units < 1), lambda i: f"{unit_col} {frame[unit_col][i]!r} is not a unit id")

    if DRAW in frame.columns or lists or (wide and (column is None or column in wide)):
        kind = "samples"
    else:
        kind = "probabilities"
    draw = None
    if DRAW in frame.columns:
        name = _choose([c for c in others if c not in lists], column, "value")
        draw = _integer(frame, DRAW)
        rows.refuse(np.isnan(draw) | (draw < 0), lambda i: f"{DRAW} {frame[DRAW][i]!r} is not a draw number")
        matrix = _number(frame, name).to_numpy().astype(float)[:, None]
        value_columns = [name]
    elif lists:
        name = _choose(lists, column, "sample list")
        lengths = frame[name].list.len().fill_null(0).to_numpy()
        width = int(np.bincount(lengths).argmax()) if n else 0
        rows.refuse(lengths == 0, f"{name} holds no samples")
        rows.refuse(lengths != width, lambda i: f"{name} holds {lengths[i]} samples; the file's others hold {width}")
        matrix = np.full((n, width), np.nan)
        same = np.flatnonzero(lengths == width)
        if len(same) and width:
            matrix[same] = np.array(frame[name].gather(same).cast(pl.List(pl.Float64)).to_list(), dtype=float)
        value_columns = [name]
    elif kind == "samples":
        prefix = _choose(sorted(wide), column, "sample-prefix")
        value_columns = [c for _, c in wide[prefix]]
        name = prefix
        matrix = np.column_stack([_number(frame, c).to_numpy().astype(float) for c in value_columns])
    else:
        name = _choose(others, column, "value")
        matrix = _number(frame, name).to_numpy().astype(float)[:, None]
        value_columns = [name]
    log_scale = kind == "samples" and bool(_LOG.search(name.lower()))
    if lists:
        rows.refuse(~np.isfinite(matrix).all(axis=1), f"{name}: a sample is not a number")
    else:
        for j, c in enumerate(value_columns):
            rows.refuse(frame[c].is_null().to_numpy(), f"{c} is empty")
            rows.refuse(~np.isfinite(matrix[:, j]), lambda i, c=c: f"{c} {frame[c][i]!r} is not a number")
    if kind == "probabilities":
        rows.refuse((matrix[:, 0] < 0) | (matrix[:, 0] > 1),
                    lambda i: f"{name} {matrix[i, 0]!r} is not a probability (0 to 1)")
    else:
        rows.refuse((matrix < 0).any(axis=1), f"{name}: negative fatalities")
        if log_scale:
            matrix = np.expm1(matrix)

    allowed = {int(u) for u in allowed_units}
    result = ReadResult(kind=kind, column=name, columns_found=others, log_scale=log_scale, rows_read=n)
    outside = rows.ok & ~np.isin(np.nan_to_num(units, nan=-1).astype(np.int64), list(allowed))
    shown = frame.columns
    for i in np.flatnonzero(outside):
        result.outside.append(Reject(i + offset, f"outside the mission: {unit_col} {int(units[i])} is not one "
                                     "of the mission's units", _raw(frame, i, shown)))
    keep = rows.ok & ~outside
    _collect(result, rows, keep, month, units, draw, matrix, offset)
    for i in np.flatnonzero(~rows.ok):
        result.rejects.append(Reject(i + offset, rows.reason[i], _raw(frame, i, shown)))
    result.rejects.sort(key=lambda r: r.line)
    return result


def _collect(result: ReadResult, rows: _Rows, keep, month, units, draw, matrix, offset) -> None:
    """Fill `result.values` from the kept rows, refusing duplicates (and, for long samples, unit-months whose
    number of draws differs from the file's usual one)."""
    first_line: dict = {}
    if draw is None:
        for i in np.flatnonzero(keep):
            key = (int(month[i]), int(units[i]))
            if key in first_line:
                rows.refuse(_one(i, len(month)), f"duplicate: month {key[0]}, unit {key[1]} is also on line "
                                                 f"{first_line[key] + offset}")
                continue
            first_line[key] = i
            result.values[key] = [float(v) for v in matrix[i]]
        return
    draws: dict = {}
    for i in np.flatnonzero(keep):
        key = (int(month[i]), int(units[i]))
        cell = draws.setdefault(key, {})
        d = int(draw[i])
        if d in cell:
            rows.refuse(_one(i, len(month)), f"duplicate: draw {d} of month {key[0]}, unit {key[1]} is also on "
                                             f"line {cell[d][0] + offset}")
            continue
        cell[d] = (i, float(matrix[i, 0]))
    usual = Counter(len(c) for c in draws.values()).most_common(1)[0][0] if draws else 0
    for key, cell in draws.items():
        if len(cell) != usual:
            indices = np.array([i for i, _ in cell.values()])
            rows.refuse(_many(indices, len(month)), f"month {key[0]}, unit {key[1]} has {len(cell)} draws; the "
                                                     f"file's other unit-months have {usual}")
            continue
        result.values[key] = [v for _, (_, v) in sorted(cell.items())]


def _one(i: int, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[i] = True
    return mask


def _many(indices, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[indices] = True
    return mask
