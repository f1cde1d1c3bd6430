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
    rejects: list = field(default_factory=list)  # bad rows, as Reject
    frame: pl.DataFrame | None = None
    offset: int = 2
    unit_column: str = ""
    reasons: np.ndarray | None = None  # per row: why it was refused, or None
    outside_mask: np.ndarray | None = None  # per row: a good row of a unit outside the mission

    @property
    def outside(self) -> int:
        return int(self.outside_mask.sum()) if self.outside_mask is not None else 0

    def outside_example(self) -> Reject | None:
        """The first row outside the mission, if any."""
        found = np.flatnonzero(self.outside_mask) if self.outside_mask is not None else []
        if not len(found):
            return None
        i = int(found[0])
        return Reject(i + self.offset, self.outside_reason(int(self.frame[self.unit_column].cast(pl.Float64)[i])),
                      _raw(self.frame, i, self.frame.columns))

    def outside_reason(self, unit) -> str:
        return f"outside the mission: {self.unit_column} {unit} is not one of the mission's units"

    def write_rejects(self, path) -> None:
        """Every row not kept, in line order: line, reason, then the row's fields as read (lists joined by
        spaces)."""
        reasons = self.reasons.copy()
        outside = np.flatnonzero(self.outside_mask)
        units = self.frame[self.unit_column].cast(pl.Float64, strict=False).to_numpy()[outside]
        reasons[outside] = [self.outside_reason(int(u)) for u in units]
        out = pl.Series("reason", reasons.tolist(), dtype=pl.String)
        text = [pl.col(c).cast(pl.List(pl.String)).list.join(" ") if isinstance(self.frame.schema[c], pl.List | pl.Array)
                else pl.col(c).cast(pl.String) for c in self.frame.columns]
        table = self.frame.select(text).with_columns(
            pl.Series("line", np.arange(self.frame.height) + self.offset), out.alias("reason"))
        table = table.filter(pl.col("reason").is_not_null()).select("line", "reason", *self.frame.columns)
        table.write_csv(path)

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

    allowed = np.array(sorted({int(u) for u in allowed_units}), dtype=np.int64)
    result = ReadResult(kind=kind, column=name, columns_found=others, log_scale=log_scale, rows_read=n,
                        frame=frame, offset=offset, unit_column=unit_col)
    unit_ids = np.nan_to_num(units, nan=-1).astype(np.int64)
    result.outside_mask = rows.ok & ~np.isin(unit_ids, allowed)
    keep = rows.ok & ~result.outside_mask
    _collect(result, rows, keep, month, unit_ids, draw, matrix, offset)
    result.reasons = rows.reason
    shown = frame.columns
    result.rejects = [Reject(int(i) + offset, rows.reason[i], _raw(frame, int(i), shown))
                      for i in np.flatnonzero(~rows.ok)]
    return result


def _collect(result: ReadResult, rows: _Rows, keep, month, units, draw, matrix, offset) -> None:
    """Fill `result.values` from the kept rows, refusing duplicates (and, for long samples, unit-months whose
    number of draws differs from the file's usual one). Sorting, not hashing, so that millions of draws stay fast."""
    index = np.flatnonzero(keep)
    m, u = month[index].astype(np.int64), units[index]
    d = draw[index].astype(np.int64) if draw is not None else np.zeros(len(index), dtype=np.int64)
    order = np.lexsort((index, d, u, m))
    index, m, u, d = index[order], m[order], u[order], d[order]
    n = len(index)
    same_cell = np.r_[False, (m[1:] == m[:-1]) & (u[1:] == u[:-1])] if n else np.zeros(0, dtype=bool)
    duplicate = same_cell & np.r_[False, d[1:] == d[:-1]] if n else same_cell
    start = np.maximum.accumulate(np.where(~duplicate, np.arange(n), 0)) if n else np.zeros(0, dtype=np.int64)
    for j in np.flatnonzero(duplicate):
        what = f"draw {d[j]} of month {m[j]}, unit {u[j]}" if draw is not None else f"month {m[j]}, unit {u[j]}"
        rows.refuse(_many([index[j]], len(month)), f"duplicate: {what} is also on line {index[start[j]] + offset}")
    index, m, u, same_cell = index[~duplicate], m[~duplicate], u[~duplicate], same_cell[~duplicate]
    if not len(index):
        return
    if draw is None:
        for i, mm, uu in zip(index, m, u, strict=True):
            result.values[(int(mm), int(uu))] = matrix[i].tolist()
        return
    bounds = np.flatnonzero(np.r_[True, ~same_cell[1:]])
    counts = np.diff(np.r_[bounds, len(index)])
    sizes, often = np.unique(counts, return_counts=True)
    usual = int(sizes[often == often.max()].max())
    values = matrix[index, 0]
    for b, count in zip(bounds, counts, strict=True):
        if count != usual:
            rows.refuse(_many(index[b:b + count], len(month)), f"month {m[b]}, unit {u[b]} has {count} draws; "
                                                              f"the file's other unit-months have {usual}")
            continue
        result.values[(int(m[b]), int(u[b]))] = values[b:b + count].tolist()


def _many(indices, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[np.asarray(indices, dtype=np.int64)] = True
    return mask
