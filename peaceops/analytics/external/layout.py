"""Reading a forecast file in the ViEWS layout into unit-month values, keeping every row accounted for.

Accepted (CSV, plain or .gz, and Parquet; docs/forecasting.md, "External forecasts"):

- a month column `month_id` (ViEWS: 1 = 1980-01) and a unit column: `country_id` (or `c_id`) for countries,
  `priogrid_gid` (or `priogrid_id`, `pg_id`) for PRIO-GRID cells;
- long samples: a `draw` column and one value column (e.g. `outcome`, `pred_ln_sb_best`): one row per draw;
- samples as a list column (Parquet, as the ViEWS pipeline writes them): one row per unit-month;
- wide samples: value columns sharing a prefix and ending in a draw number (`sample_0`, `sample_1`, ...);
- probabilities: any other value column, e.g. ViEWS' `average_basewthematic_sb`, read as the probability of
  at least one fatality, which must lie in [0, 1].

The file is read in chunks of CHUNK_ROWS rows (`_Source`), each checked on its own; what needs the whole
file (duplicates, the usual number of draws of a unit-month) is decided at the end on the kept rows only,
which are the mission's units. So memory does not grow with the rows outside the mission.

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
#: Rows read and checked at a time: memory stays bounded whatever the file's size.
CHUNK_ROWS = 100_000


class LayoutError(ValueError):
    """The file as a whole cannot be read as a ViEWS-layout forecast; the message names the column."""


@dataclass
class Reject:
    line: int
    reason: str
    fields: dict


@dataclass
class ReadResult:
    """What a file held: the kind, the column read, values per (month, unit), every bad row, and how many rows
    were of units outside the mission (with the first as an example)."""

    kind: str
    column: str
    columns_found: list
    log_scale: bool
    values: dict = field(default_factory=dict)  # (month_id, unit_id) -> list of floats
    rows_read: int = 0
    rejects: list = field(default_factory=list)  # bad rows, as Reject, in line order
    outside: int = 0
    outside_example: Reject | None = None

    @property
    def draws(self) -> int:
        return len(next(iter(self.values.values()))) if self.kind == "samples" and self.values else 0


def violence_of(column: str) -> str:
    """The UCDP type of violence a ViEWS column is about (sb, ns, os), or "" when its name does not say."""
    found = _VIOLENCE.search(column.lower())
    return found.group(1) if found else ""


class _Source:
    """A forecast file read in chunks of at most CHUNK_ROWS rows (CSV, plain or gzipped: every column as text,
    so that bad values can be reported as they were; Parquet: by row groups), never whole."""

    def __init__(self, path: Path):
        self.path = path
        parquet = path.name.lower().endswith((".parquet", ".pq"))
        self.offset = 1 if parquet else 2  # added to a row index to give its line (row) number
        try:
            self.lazy = pl.scan_parquet(path) if parquet else pl.scan_csv(path, infer_schema=False)
            self.schema = self.lazy.collect_schema()
            self.rows = self.lazy.select(pl.len()).collect().item() if parquet else None
        except Exception as error:  # polars raises several kinds for an unreadable file
            raise LayoutError(f"cannot read {path.name}: {error}") from error

    @property
    def columns(self) -> list[str]:
        return list(self.schema.names())

    def chunks(self, columns: list[str] | None = None):
        """The file's rows (or only `columns`), chunk by chunk, in file order."""
        lazy = self.lazy.select(columns) if columns else self.lazy
        try:
            for batch in lazy.collect_batches(chunk_size=CHUNK_ROWS):
                for start in range(0, batch.height, CHUNK_ROWS):
                    yield batch.slice(start, CHUNK_ROWS)
        except Exception as error:
            raise LayoutError(f"cannot read {self.path.name}: {error}") from error


def _unit_column(columns: list[str], unit: str) -> str:
    for name in UNIT_COLUMNS[unit]:
        if name in columns:
            return name
    other = "priogrid" if unit == "country" else "country"
    hint = next((n for n in UNIT_COLUMNS[other] if n in columns), None)
    extra = f"; it has {hint!r}: use --unit {other}" if hint else ""
    raise LayoutError(f"--unit {unit}: the file has no {' or '.join(UNIT_COLUMNS[unit])} column "
                      f"(columns: {', '.join(columns)}){extra}")


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




@dataclass
class _Plan:
    """How the file is read, decided from its columns alone: the unit column, the kind and layout (long, list,
    wide samples or probabilities), the value column(s) and, for a list column, the usual number of samples."""

    unit_column: str
    kind: str
    layout: str  # long, list, wide, probability
    name: str
    value_columns: list
    others: list
    log_scale: bool
    width: int = 0


def _plan(source: _Source, unit: str, column: str | None) -> _Plan:
    columns, schema = source.columns, source.schema
    if MONTH not in columns:
        raise LayoutError(f"the file has no {MONTH} column (columns: {', '.join(columns)})")
    unit_col = _unit_column(columns, unit)
    keys = {MONTH, DRAW, *UNIT_COLUMNS["country"], *UNIT_COLUMNS["priogrid"]}
    others = [c for c in columns if c not in keys]
    lists = [c for c in others if isinstance(schema[c], pl.List | pl.Array)]
    wide: dict[str, list[tuple[int, str]]] = {}
    for c in others:
        match = _WIDE.match(c)
        if match and c not in lists:
            wide.setdefault(match.group(1), []).append((int(match.group(2)), c))
    wide = {prefix: sorted(cols) for prefix, cols in wide.items() if len(cols) >= 2}
    if DRAW in columns or lists or (wide and (column is None or column in wide)):
        kind = "samples"
    else:
        kind = "probabilities"
    if DRAW in columns:
        name = _choose([c for c in others if c not in lists], column, "value")
        layout, value_columns = "long", [name]
    elif lists:
        name = _choose(lists, column, "sample list")
        layout, value_columns = "list", [name]
    elif kind == "samples":
        name = _choose(sorted(wide), column, "sample-prefix")
        layout, value_columns = "wide", [c for _, c in wide[name]]
    else:
        name = _choose(others, column, "value")
        layout, value_columns = "probability", [name]
    plan = _Plan(unit_col, kind, layout, name, value_columns, others,
                 log_scale=kind == "samples" and bool(_LOG.search(name.lower())))
    if layout == "list":
        # The usual number of samples, over the whole file: a first pass reading only the lists' lengths.
        counts = np.zeros(1, dtype=np.int64)
        for chunk in source.chunks([name]):
            lengths = chunk[name].list.len().fill_null(0).to_numpy()
            found = np.bincount(lengths)
            counts = np.pad(counts, (0, max(0, len(found) - len(counts))))
            counts[: len(found)] += found
        plan.width = int(counts.argmax()) if counts.sum() else 0
    return plan


def _check(frame: pl.DataFrame, plan: _Plan):
    """One chunk's rows: why each is refused (first reason wins), and its month, unit, draw and values."""
    n, name, unit_col = frame.height, plan.name, plan.unit_column
    rows = _Rows(n)
    month = _integer(frame, MONTH)
    units = _integer(frame, unit_col)
    rows.refuse(frame[MONTH].is_null().to_numpy(), f"{MONTH} is empty")
    rows.refuse(np.isnan(month) | (month < 1), lambda i: f"{MONTH} {frame[MONTH][i]!r} is not a month id (1 = 1980-01)")
    rows.refuse(frame[unit_col].is_null().to_numpy(), f"{unit_col} is empty")
    rows.refuse(np.isnan(units) | (units < 1), lambda i: f"{unit_col} {frame[unit_col][i]!r} is not a unit id")
    draw = None
    if plan.layout == "long":
        draw = _integer(frame, DRAW)
        rows.refuse(np.isnan(draw) | (draw < 0), lambda i: f"{DRAW} {frame[DRAW][i]!r} is not a draw number")
        matrix = _number(frame, name).to_numpy().astype(float)[:, None]
    elif plan.layout == "list":
        width = plan.width
        lengths = frame[name].list.len().fill_null(0).to_numpy()
        rows.refuse(lengths == 0, f"{name} holds no samples")
        rows.refuse(lengths != width, lambda i: f"{name} holds {lengths[i]} samples; the file's others hold {width}")
        matrix = np.full((n, width), np.nan)
        same = np.flatnonzero(lengths == width)
        if len(same) and width:
            matrix[same] = np.array(frame[name].gather(same).cast(pl.List(pl.Float64)).to_list(), dtype=float)
    else:
        matrix = np.column_stack([_number(frame, c).to_numpy().astype(float) for c in plan.value_columns])
    if plan.layout == "list":
        rows.refuse(~np.isfinite(matrix).all(axis=1), f"{name}: a sample is not a number")
    else:
        for j, c in enumerate(plan.value_columns):
            rows.refuse(frame[c].is_null().to_numpy(), f"{c} is empty")
            rows.refuse(~np.isfinite(matrix[:, j]), lambda i, c=c: f"{c} {frame[c][i]!r} is not a number")
    if plan.kind == "probabilities":
        rows.refuse((matrix[:, 0] < 0) | (matrix[:, 0] > 1),
                    lambda i: f"{name} {matrix[i, 0]!r} is not a probability (0 to 1)")
    else:
        rows.refuse((matrix < 0).any(axis=1), f"{name}: negative fatalities")
        if plan.log_scale:
            matrix = np.expm1(matrix)
    return rows, month, units, draw, matrix


def read_forecast(path, unit: str, allowed_units, column: str | None = None, rejects_path=None,
                  progress=None) -> ReadResult:
    """Read a ViEWS-layout file chunk by chunk; rows of units not in `allowed_units` are counted apart as
    outside the mission. With `rejects_path`, every row not kept is written there (line, reason, the row's
    fields as read), in line order, if there is any. `progress(total, label)` returns a callable advanced by
    the rows of each chunk read (total: the file's rows when known, else None).

    Memory: one chunk of the file at a time, plus the kept rows (the mission's units only) and the bad rows."""
    from .rejects import RejectsFile

    source = _Source(Path(path))
    plan = _plan(source, unit, column)
    columns = source.columns
    allowed = np.array(sorted({int(u) for u in allowed_units}), dtype=np.int64)
    result = ReadResult(kind=plan.kind, column=plan.name, columns_found=plan.others, log_scale=plan.log_scale)
    advance = progress(source.rows, f"reading {source.path.name}") if progress else (lambda rows: None)
    rejects = RejectsFile(rejects_path, columns) if rejects_path else None
    kept = {"index": [], "month": [], "unit": [], "draw": [], "matrix": [], "frame": []}
    try:
        for frame in source.chunks():
            base = result.rows_read
            rows, month, units, draw, matrix = _check(frame, plan)
            unit_ids = np.nan_to_num(units, nan=-1).astype(np.int64)
            outside = rows.ok & ~np.isin(unit_ids, allowed)
            keep = rows.ok & ~outside
            if result.outside_example is None and outside.any():
                i = int(np.flatnonzero(outside)[0])
                result.outside_example = Reject(base + i + source.offset,
                                                _outside_reason(plan.unit_column, unit_ids[i]), _raw(frame, i, columns))
            result.outside += int(outside.sum())
            result.rejects += [Reject(base + int(i) + source.offset, rows.reason[i], _raw(frame, int(i), columns))
                               for i in np.flatnonzero(~rows.ok)]
            if rejects:
                reasons = rows.reason.copy()
                where = np.flatnonzero(outside)
                if len(where):
                    reasons[where] = _outside_reasons(plan.unit_column, unit_ids[where])
                rejects.add(frame, base + source.offset, ~keep, reasons)
            index = np.flatnonzero(keep)
            kept["index"].append(index + base)
            kept["month"].append(month[index].astype(np.int64))
            kept["unit"].append(unit_ids[index])
            kept["draw"].append(draw[index].astype(np.int64) if draw is not None else np.zeros(len(index), np.int64))
            kept["matrix"].append(matrix[index])
            kept["frame"].append(frame[index])
            result.rows_read += frame.height
            advance(frame.height)
        late = _collect(result, kept, plan.layout == "long", source.offset)
        late_rejects = [Reject(int(line), reason, _raw(late_frame, i, columns))
                        for late_frame, lines, reason in late for i, line in enumerate(lines)]
        if late_rejects:
            result.rejects = sorted(result.rejects + late_rejects, key=lambda r: r.line)
        if rejects:
            rejects.finish(late)
    except BaseException:
        if rejects:
            rejects.abandon()
        raise
    return result


def _outside_reason(unit_col: str, unit) -> str:
    return f"outside the mission: {unit_col} {unit} is not one of the mission's units"


def _outside_reasons(unit_col: str, units: np.ndarray) -> np.ndarray:
    """`_outside_reason` of many units at once (a global file has millions of rows outside a mission)."""
    return (f"outside the mission: {unit_col} " + pl.Series(units).cast(pl.String)
            + " is not one of the mission's units").to_numpy()


def _collect(result: ReadResult, kept: dict, long: bool, offset: int) -> list:
    """Fill `result.values` from the kept rows of every chunk, refusing duplicates (and, for long samples,
    unit-months whose number of draws differs from the file's usual one). Sorting, not hashing, so that
    millions of draws stay fast. Returns the rows refused here, as (their rows as read, their line numbers,
    the reason)."""
    if not kept["index"]:
        return []
    index, m, u, d = (np.concatenate(kept[k]) for k in ("index", "month", "unit", "draw"))
    matrix = np.concatenate(kept["matrix"])
    frame = pl.concat(kept["frame"], how="vertical_relaxed") if kept["frame"] else None
    refused = []

    def refuse(positions, reason):
        positions = np.asarray(positions, dtype=np.int64)
        refused.append((frame[positions], index[positions] + offset, reason))

    order = np.lexsort((index, d, u, m))
    pos, i_, m, u, d = order, index[order], m[order], u[order], d[order]
    n = len(pos)
    same_cell = np.r_[False, (m[1:] == m[:-1]) & (u[1:] == u[:-1])] if n else np.zeros(0, dtype=bool)
    duplicate = same_cell & np.r_[False, d[1:] == d[:-1]] if n else same_cell
    start = np.maximum.accumulate(np.where(~duplicate, np.arange(n), 0)) if n else np.zeros(0, dtype=np.int64)
    for j in np.flatnonzero(duplicate):
        what = f"draw {d[j]} of month {m[j]}, unit {u[j]}" if long else f"month {m[j]}, unit {u[j]}"
        refuse([pos[j]], f"duplicate: {what} is also on line {i_[start[j]] + offset}")
    pos, m, u, same_cell = pos[~duplicate], m[~duplicate], u[~duplicate], same_cell[~duplicate]
    if not len(pos):
        return refused
    if not long:
        for p, mm, uu in zip(pos, m, u, strict=True):
            result.values[(int(mm), int(uu))] = matrix[p].tolist()
        return refused
    bounds = np.flatnonzero(np.r_[True, ~same_cell[1:]])
    counts = np.diff(np.r_[bounds, len(pos)])
    sizes, often = np.unique(counts, return_counts=True)
    usual = int(sizes[often == often.max()].max())
    values = matrix[pos, 0]
    for b, count in zip(bounds, counts, strict=True):
        if count != usual:
            refuse(pos[b:b + count], f"month {m[b]}, unit {u[b]} has {count} draws; the file's other unit-months "
                                     f"have {usual}")
            continue
        result.values[(int(m[b]), int(u[b]))] = values[b:b + count].tolist()
    return refused
