"""Rolling-origin evaluation of PeaceOps' model against the ViEWS benchmarks, and its report.

For every target month in the scored period (the last N months of the panel) and every horizon h in
(1, 3, 6, 12), the forecast is made at origin = target - h from the panel known at that origin. The model is
refitted once every `refit_every` origins, each time on the panel up to the refit month only (never after the
origin it serves). The post-processing settings per horizon (zero weight, probability power, location shift,
spread, conflictology weight; see tune_settings) are tuned on the `tuning_months` target months just before
the scored period, with the same rolling origins, so nothing in the scored period informs
the model. Scores: CRPS, ignorance, the 90% interval score and coverage, Brier and AUROC for >= 1 and >= 25
fatalities (or events, when the target is incident counts), pooled and per horizon, as ratios to conflictology_12 and zero with bootstrap 90% intervals
(resampling units). Reading GED files and writing the report never touch the database.
"""

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from . import benchmarks, bootstrap, bounds, metrics
from .covariates import centroid_neighbours, ged_covariates
from .deployments import deployment_covariates, read_frontmap
from .model import HurdleModel, mix_recent
from .model_name import MODEL
from .panel import Panel, build_panel
from .quantile_model import QuantileModel
from .units import (
    DEFAULT_H3_RESOLUTION,
    check_h3_resolution,
    h3_cells,
    h3_cells_covering,
    h3_neighbours,
    h3_with_neighbours,
    month_id,
    month_start,
    priogrid_cells_covering,
    priogrid_gid,
    priogrid_neighbours,
    priogrid_with_neighbours,
)

HORIZONS = (1, 3, 6, 12)
MODELS = (MODEL,) + benchmarks.BENCHMARKS
#: Scores where lower is better, given per row (so pooled means, ratios and bootstrap intervals apply).
ROW_SCORES = ("crps", "ignorance", "interval_score_90", "brier_1", "brier_25")
ZERO_WEIGHTS = tuple(np.round(np.arange(0, 1.0, 0.1), 2))
#: Scale factors of the model's log-space residual spread, and weights of conflictology_12 mixed in.
SPREADS = (0.6, 0.8, 1.0, 1.2, 1.5, 2.0)
CONFLICT_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5)
#: Calibration of the probability of any fatality, p -> p ** power, and shifts of the log-space location.
POWERS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0)
SHIFTS = (-0.5, -0.25, 0.0, 0.25, 0.5)
#: The post-processing settings tuned by default.
TUNED = ("zero", "power", "shift", "spread", "conflict")
LEVELS = ("adm1", "adm2", "priogrid", "h3")
#: The forecast models `evaluate(model=...)` and `forecast evaluate --model` offer: the hurdle model (model.py)
#: and the quantile-regression model in its two forms (quantile_model.py).
MODEL_KINDS = ("hurdle", "quantile", "quantile-hurdle")
MODEL_WORDS = {"hurdle": "hurdle model", "quantile": "quantile-regression model",
               "quantile-hurdle": "hurdle model with a quantile-regression positive part"}
#: What is forecast per unit-month: UCDP `best` fatalities, or the number of events (see docs/forecasting.md).
TARGETS = ("fatalities", "incidents")
#: UCDP GED type_of_violence codes.
VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}


# --- reading UCDP GED ------------------------------------------------------------------------------------

@dataclass
class UnitPanel:
    """A panel with what the evaluation needs to know about its units."""

    panel: Panel
    level: str
    neighbours: list | None
    note: str
    events_used: int = 0
    events_dropped: int = 0
    target: str = "fatalities"
    subset: str = "all"
    events_filtered: int = 0
    #: units x months x features (covariates.NAMES), aligned with the panel's columns, or None.
    covariates: np.ndarray | None = None

    def target_words(self) -> str:
        """The target in words, for the report."""
        what = ("UCDP `best` fatalities" if self.target == "fatalities" else "events (incident counts)")
        if self.subset == "all":
            return f"{what} per unit-month, all types of violence"
        code = int(self.subset.split(":")[1])
        return f"{what} per unit-month, type of violence {code} ({VIOLENCE[code]}) only"


def _months(dates: pl.Series) -> np.ndarray:
    parsed = dates.str.slice(0, 10).str.to_date("%Y-%m-%d")
    return month_id(parsed.dt.year().to_numpy(), parsed.dt.month().to_numpy()).astype(np.int64)


def _boundary_area(boundary):
    from shapely import make_valid
    from shapely.geometry import shape
    from shapely.ops import unary_union

    features = json.loads(Path(boundary).read_text())["features"]
    return unary_union([make_valid(shape(f["geometry"])) for f in features])


def check_violence(violence) -> int | None:
    """None, or the UCDP type of violence as 1, 2 or 3 (ValueError otherwise)."""
    if violence in (None, ""):
        return None
    try:
        value = int(violence)
    except (TypeError, ValueError):
        value = 0
    if value not in VIOLENCE:
        raise ValueError("violence must be 1 (state-based), 2 (non-state) or 3 (one-sided)")
    return value


def load_ged(source, level: str, boundary=None, *, target: str = "fatalities", violence=None,
             h3_resolution: int = DEFAULT_H3_RESOLUTION, covariates: bool = False,
             admin_neighbours: int = 0, deployments=None) -> UnitPanel:
    """The target per unit-month from a UCDP GED CSV (optionally gzipped): fatalities (`best`) or event counts,
    of every event or of one UCDP type of violence (1 state-based, 2 non-state, 3 one-sided).

    The panel spans the whole file (January of its first event's year to its last event's start month) whatever
    the subset, so subsets of one file are scored over the same months. Incident counts: an event spanning n
    months counts 1/n in each (fractions, not rounded), so a unit's total is its number of events.

    `covariates`: also the GED covariates (covariates.py); `admin_neighbours` > 0 gives admin units that many
    neighbours by event centroid (for the spatial-lag features). Both are off by default: neither improved the
    validation runs (docs/forecasting.md, "How the model was chosen").

    `deployments`: a Geo-PKO FrontMap CSV; adds the deployment covariates (deployments.py; a year's maps count
    from the following January). Only the rows of the GED file's countries are used. adm1, adm2 and priogrid."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}")
    violence = check_violence(violence)
    if level == "h3":
        h3_resolution = check_h3_resolution(h3_resolution)
    frame = pl.read_csv(source, infer_schema_length=0)
    start_all = _months(frame["date_start"])
    first_month = int(month_id(int(month_start(start_all.min()).year), 1))
    last_month = int(start_all.max())
    filtered = 0
    if violence is not None:
        if "type_of_violence" not in frame.columns:
            raise ValueError("violence: the file has no type_of_violence column")
        kinds = frame["type_of_violence"].cast(pl.Float64, strict=False).to_numpy()
        keep = kinds == violence
        filtered = int((~keep).sum())
        frame = frame.filter(pl.Series(keep))
        if frame.height == 0:
            raise ValueError(f"violence: no event of type {violence} in the file")
    start, end = _months(frame["date_start"]), _months(frame["date_end"])
    amount = (frame["best"].cast(pl.Float64).to_numpy() if target == "fatalities"
              else np.ones(frame.height))
    neighbours = None
    if level == "adm1":
        keys = frame["adm_1"].fill_null("").to_numpy().astype(str)
        units = np.unique(keys[keys != ""])
        note = "units: the admin-1 names in the GED `adm_1` column (events without one are left out)"
    elif level == "adm2":
        adm1 = frame["adm_1"].fill_null("").to_numpy().astype(str)
        adm2 = frame["adm_2"].fill_null("").to_numpy().astype(str)
        keys = np.char.add(np.char.add(adm1, " / "), adm2)
        keys[adm2 == ""] = ""
        units = np.unique(keys[keys != ""])
        note = "units: the admin-2 names in the GED `adm_2` column, within their admin-1 (events without one are left out)"
    elif level == "priogrid":
        # GED's own priogrid_gid where given, else the cell of the event's point (the same numbering).
        keys = priogrid_gid(frame["latitude"].cast(pl.Float64).to_numpy(),
                            frame["longitude"].cast(pl.Float64).to_numpy())
        if "priogrid_gid" in frame.columns:
            given = frame["priogrid_gid"].cast(pl.Float64, strict=False).to_numpy()
            keys = np.where(np.isfinite(given), np.nan_to_num(given), keys).astype(np.int64)
        if boundary:
            units = np.array(sorted(priogrid_cells_covering(_boundary_area(boundary))), dtype=np.int64)
            note = f"units: every PRIO-GRID cell intersecting the boundary {Path(boundary).name}"
        else:
            units = priogrid_with_neighbours(keys)
            note = ("units: every PRIO-GRID cell with at least one event plus its eight neighbours "
                    "(no boundary given, so cells that never saw an event further away are not scored)")
        neighbours = priogrid_neighbours(units)
    else:
        keys = h3_cells(frame["latitude"].cast(pl.Float64).to_numpy(),
                        frame["longitude"].cast(pl.Float64).to_numpy(), h3_resolution)
        if boundary:
            units = np.array(h3_cells_covering(_boundary_area(boundary), h3_resolution), dtype=np.int64)
            note = (f"units: every H3 cell at resolution {h3_resolution} overlapping the boundary "
                    f"{Path(boundary).name}")
        else:
            units = h3_with_neighbours(keys)
            note = (f"units: every H3 cell at resolution {h3_resolution} with at least one event plus its ring "
                    "of neighbours (no boundary given, so cells that never saw an event further away are not "
                    "scored)")
        neighbours = h3_neighbours(units)
        level = f"h3 (resolution {h3_resolution})"
    panel = build_panel(keys, start, end, amount, units, first_month, last_month, whole=target == "fatalities")
    used = int(np.isin(keys, units).sum())
    if admin_neighbours and level in ("adm1", "adm2"):
        neighbours = centroid_neighbours(keys, frame["latitude"].cast(pl.Float64).to_numpy(),
                                         frame["longitude"].cast(pl.Float64).to_numpy(), units, admin_neighbours)
    extra = None
    if covariates and {"side_a_new_id", "side_b_new_id", "type_of_violence"} <= set(frame.columns):
        extra = ged_covariates(keys, end, units, first_month, panel.values.shape[1],
                               side_a=frame["side_a_new_id"].fill_null("").to_numpy(),
                               side_b=frame["side_b_new_id"].fill_null("").to_numpy(),
                               violence_type=frame["type_of_violence"].fill_null("").to_numpy(), fatalities=frame["best"].cast(pl.Float64).to_numpy())
    if deployments is not None:
        countries = set(frame["country"].drop_nulls().unique().to_list()) if "country" in frame.columns else None
        rows = read_frontmap(deployments, countries)
        added = deployment_covariates(rows, level, units, first_month, panel.values.shape[1],
                                      unit_of_event=keys, event_lat=frame["latitude"].cast(pl.Float64).to_numpy(),
                                      event_lon=frame["longitude"].cast(pl.Float64).to_numpy())
        extra = added if extra is None else np.concatenate([extra, added], axis=2)
    subset = "all" if violence is None else f"violence:{violence}"
    return UnitPanel(panel, level, neighbours, note, used, len(keys) - used, target=target, subset=subset,
                     events_filtered=filtered, covariates=extra)


# --- rolling origin ----------------------------------------------------------------------------------------

@dataclass
class Schedule:
    """Which columns are scored and tuned, and at which column each origin's model is fitted."""

    months: int
    scored_months: int
    tuning_months: int
    horizons: tuple
    refit_every: int
    first_fit: int = field(init=False)

    def __post_init__(self):
        earliest = self.months - self.scored_months - self.tuning_months - max(self.horizons)
        from .model import MIN_HISTORY
        self.first_fit = max(earliest, MIN_HISTORY + 1)
        if self.months - self.scored_months - max(self.horizons) < self.first_fit:
            raise ValueError("the panel is too short for this scored period and horizon")

    def scored_targets(self) -> range:
        return range(self.months - self.scored_months, self.months)

    def tuning_targets(self) -> range:
        return range(max(0, self.months - self.scored_months - self.tuning_months), self.months - self.scored_months)

    def fit_column(self, origin: int) -> int | None:
        """The column the model serving `origin` is trained through (<= origin), or None before the first."""
        if origin < self.first_fit:
            return None
        return self.first_fit + ((origin - self.first_fit) // self.refit_every) * self.refit_every


def model_class(kind: str, options: dict):
    """The model class for `kind` (one of MODEL_KINDS); sets the quantile model's mode in `options`."""
    if kind not in MODEL_KINDS:
        raise ValueError(f"model must be one of {', '.join(MODEL_KINDS)}")
    if kind == "hurdle":
        return HurdleModel
    options["mode"] = "direct" if kind == "quantile" else "hurdle"
    return QuantileModel


def build_model(kind: str = "hurdle", **options):
    """An unfitted model of `kind` (one of MODEL_KINDS) with `options` (HurdleModel's or QuantileModel's)."""
    options = dict(options)
    return model_class(kind, options)(**options)


class Forecaster:
    """Fits (and caches) the model per refit column; gives model and benchmark samples at an origin."""

    def __init__(self, values, schedule: Schedule, neighbours=None, seed=0, n_samples=360, max_iter=120,
                 covariates=None, model: str = "hurdle", **model_options):
        self.values, self.schedule = values, schedule
        self.options = dict(horizons=schedule.horizons, neighbours=neighbours, seed=seed, n_samples=n_samples,
                            max_iter=max_iter, **model_options)
        self.kind = model
        self.model_class = model_class(model, self.options)
        # Covariates are aligned with the panel's columns; a model only reads the column of its origin (and,
        # when fitted, columns up to its fit column), so passing the whole array leaks nothing.
        self.covariates = covariates
        self.models: dict = {}
        self.n_samples = n_samples
        self.seed = seed

    def model_at(self, fit_column: int):
        if fit_column not in self.models:
            covariates = None if self.covariates is None else self.covariates[:, : fit_column + 1]
            self.models[fit_column] = self.model_class(covariates=covariates, **self.options).fit(
                self.values[:, : fit_column + 1])
            # Serving later origins reads covariates at those origins (never after them).
            self.models[fit_column].covariates = self.covariates
        return self.models[fit_column]

    def parts(self, origin: int, horizon: int):
        """(probability, log mean) of the model at `origin`, or None when no model can serve it."""
        fit_column = self.schedule.fit_column(origin)
        if fit_column is None:
            return None
        return self.model_at(fit_column).parts(self.values[:, : origin + 1], horizon)

    def model_samples(self, origin: int, horizon: int, zero_weight: float = 0.0, spread: float = 1.0,
                      conflict: float = 0.0, settings: dict | None = None):
        """The model's samples with post-processing `settings` (keys of DEFAULT_SETTINGS), or the three named."""
        parts = self.parts(origin, horizon)
        if parts is None:
            return None
        model = self.model_at(self.schedule.fit_column(origin))
        if settings is None:
            settings = {"zero": zero_weight, "spread": spread, "conflict": conflict}
        return _with_settings(model, parts, horizon, self.values[:, : origin + 1], settings)

    def benchmark_samples(self, name: str, origin: int):
        rng = np.random.default_rng([self.seed, origin])
        return benchmarks.benchmark(name, self.values[:, : origin + 1], self.n_samples, rng)


def _with_settings(model, parts, horizon: int, history, settings: dict) -> np.ndarray:
    saved = {key: getattr(model, ATTRIBUTES[key]) for key in ATTRIBUTES}
    for key, attribute in ATTRIBUTES.items():
        setattr(model, attribute, {horizon: settings.get(key, DEFAULT_SETTINGS[key])})
    try:
        samples = model.samples_from_parts(*parts, horizon)
    finally:
        for key, attribute in ATTRIBUTES.items():
            setattr(model, attribute, saved[key])
    return mix_recent(samples, history, settings.get("conflict", 0.0))


#: The grids searched per horizon, in this order (coordinate descent, then the zero weight once more).
SETTING_GRIDS = {"zero": ZERO_WEIGHTS, "power": POWERS, "shift": SHIFTS, "spread": SPREADS,
                 "conflict": CONFLICT_WEIGHTS}
DEFAULT_SETTINGS = {"zero": 0.0, "power": 1.0, "shift": 0.0, "spread": 1.0, "conflict": 0.0}
#: The HurdleModel attribute (a dict by horizon) of each setting (the conflictology weight is applied after).
ATTRIBUTES = {"zero": "zero_weight", "power": "power", "shift": "shift", "spread": "spread"}


def tune_settings(forecaster: Forecaster, schedule: Schedule, advance=lambda: None,
                  tune=("zero", "spread", "conflict")) -> dict:
    """Per horizon, the post-processing settings named in `tune` (zero weight, probability power, log-location
    shift, residual spread, conflictology weight) with the lowest mean CRPS on the tuning targets (before the
    scored period), by coordinate descent over SETTING_GRIDS: each setting in turn, the others held at their
    best so far, then the zero weight again.
    A horizon with no tuning forecasts borrows the settings of the nearest shorter horizon (else defaults)."""
    chosen: dict[int, dict] = {}
    for h in schedule.horizons:
        cases = []
        for target in schedule.tuning_targets():
            origin = target - h
            parts = forecaster.parts(origin, h) if origin >= 0 else None
            advance()
            if parts is None:
                continue
            cases.append((forecaster.model_at(schedule.fit_column(origin)), parts,
                          forecaster.values[:, : origin + 1], forecaster.values[:, target]))
        if not cases:
            shorter = [chosen[k] for k in chosen if k < h]
            chosen[h] = dict(shorter[-1]) if shorter else dict(DEFAULT_SETTINGS)
            continue
        best = dict(DEFAULT_SETTINGS)
        # Only the settings that change this model's samples (QuantileModel "direct" has no power).
        supported = getattr(cases[0][0], "settings", tuple(SETTING_GRIDS))
        order = [k for k in SETTING_GRIDS if k in tune and k in supported]
        if len(order) > 1 and "zero" in order:
            order.append("zero")
        for key in order:
            totals = []
            for value in SETTING_GRIDS[key]:
                trial = dict(best, **{key: float(value)})
                totals.append(sum(metrics.crps(_with_settings(m, p, h, hist, trial), y).sum()
                                  for m, p, hist, y in cases))
            best[key] = float(SETTING_GRIDS[key][int(np.argmin(totals))])
        chosen[h] = best
    return chosen


# --- scoring -----------------------------------------------------------------------------------------------

@dataclass
class Scores:
    """Per-row scores of every model: arrays over (horizon, target month, unit) rows."""

    horizon: list = field(default_factory=list)
    unit: list = field(default_factory=list)
    observed: list = field(default_factory=list)
    by_model: dict = field(default_factory=dict)

    def add(self, model: str, samples: np.ndarray, y: np.ndarray):
        rows = self.by_model.setdefault(model, {k: [] for k in ROW_SCORES + ("coverage_90", "p_1", "p_25")})
        rows["crps"].append(metrics.crps(samples, y))
        rows["ignorance"].append(metrics.ignorance(samples, y))
        rows["interval_score_90"].append(metrics.interval_score(samples, y, 0.1))
        rows["coverage_90"].append(metrics.coverage(samples, y, 0.1))
        rows["brier_1"].append(metrics.brier(samples, y, 1))
        rows["brier_25"].append(metrics.brier(samples, y, 25))
        rows["p_1"].append(metrics.exceedance_probability(samples, 1))
        rows["p_25"].append(metrics.exceedance_probability(samples, 25))

    def finish(self):
        self.horizon = np.concatenate(self.horizon)
        self.unit = np.concatenate(self.unit)
        self.observed = np.concatenate(self.observed)
        self.by_model = {m: {k: np.concatenate(v) for k, v in rows.items()} for m, rows in self.by_model.items()}


def _auroc(probability, y, threshold):
    event = y >= threshold
    if event.all() or not event.any():
        return float("nan")
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(event, probability))


def summarise(scores: Scores, horizons) -> list[dict]:
    """One row per (model, horizon or 'pooled'): mean scores, coverage and AUROC."""
    rows = []
    for model, values in scores.by_model.items():
        for h in ("pooled",) + tuple(horizons):
            mask = np.ones(len(scores.horizon), bool) if h == "pooled" else scores.horizon == h
            row = {"model": model, "horizon": h, "rows": int(mask.sum())}
            for key in ROW_SCORES + ("coverage_90",):
                row[key] = float(values[key][mask].mean())
            row["auroc_1"] = _auroc(values["p_1"][mask], scores.observed[mask], 1)
            row["auroc_25"] = _auroc(values["p_25"][mask], scores.observed[mask], 25)
            rows.append(row)
    return rows


def ratios(scores: Scores, horizons, n_units: int, boot: int = 1000, seed: int = 0) -> list[dict]:
    """Model score / benchmark score, pooled and per horizon, with a 90% bootstrap interval from resampling
    units (with replacement, all of a unit's rows together; bootstrap.py)."""
    weights = bootstrap.cluster_weights(n_units, boot, seed)
    rows = []
    for h in ("pooled",) + tuple(horizons):
        mask = np.ones(len(scores.horizon), bool) if h == "pooled" else scores.horizon == h
        for key in ROW_SCORES:
            for reference in ("conflictology_12", "zero"):
                point, low, high = bootstrap.ratio_interval(
                    scores.by_model[MODEL][key][mask], scores.by_model[reference][key][mask], scores.unit[mask],
                    weights)
                rows.append({"horizon": h, "score": key, "reference": reference, "ratio": point,
                             "ci_low": low, "ci_high": high})
    return rows


@dataclass
class Evaluation:
    data: UnitPanel
    schedule: Schedule
    zero_weights: dict
    summary: list
    ratios: list
    target: dict
    seconds: float
    fits: int
    settings: dict = field(default_factory=dict)
    tuned: tuple = ("zero",)
    model: str = "hurdle"


def evaluate(data: UnitPanel, scored_months: int, horizons=HORIZONS, tuning_months: int = 12,
             refit_every: int = 12, seed: int = 0, n_samples: int = 360, max_iter: int = 120, boot: int = 1000,
             progress=None, tune=TUNED, threads: int | None = 1, model: str = "hurdle",
             **model_options) -> Evaluation:
    """Run the rolling-origin evaluation; `progress(total)` returns a callable advanced once per step.
    `tune` names the post-processing settings tuned before the scored period (see tune_settings);
    `model` is one of MODEL_KINDS; `model_options` go to its class. The trees run on `threads` OpenMP threads
    (None: the library default, all cores): the evaluation fits many small models, for which one thread was
    10-40 times cheaper in CPU time than two on the benchmark machine (docs/benchmarks.md); results do not
    depend on it."""
    from threadpoolctl import threadpool_limits

    if threads is None:
        return _evaluate(data, scored_months, horizons, tuning_months, refit_every, seed, n_samples, max_iter,
                         boot, progress, tune, model=model, **model_options)
    with threadpool_limits(limits=threads, user_api="openmp"):
        return _evaluate(data, scored_months, horizons, tuning_months, refit_every, seed, n_samples, max_iter,
                         boot, progress, tune, model=model, **model_options)


def _evaluate(data, scored_months, horizons, tuning_months, refit_every, seed, n_samples, max_iter, boot,
              progress, tune, **model_options) -> Evaluation:
    import time

    started = time.monotonic()
    values = data.panel.values
    schedule = Schedule(values.shape[1], scored_months, tuning_months, tuple(horizons), refit_every)
    forecaster = Forecaster(values, schedule, data.neighbours, seed, n_samples, max_iter,
                            covariates=getattr(data, "covariates", None), **model_options)
    total = len(horizons) * (len(schedule.tuning_targets()) + len(schedule.scored_targets()))
    advance = progress(total) if progress else (lambda: None)
    settings = tune_settings(forecaster, schedule, advance, tune)
    zero_weights = {h: s["zero"] for h, s in settings.items()}
    scores = Scores()
    for h in horizons:
        for target in schedule.scored_targets():
            origin = target - h
            y = values[:, target]
            scores.horizon.append(np.full(len(y), h))
            scores.unit.append(np.arange(len(y)))
            scores.observed.append(y)
            scores.add(MODEL, forecaster.model_samples(origin, h, settings=settings[h]), y)
            for name in benchmarks.BENCHMARKS:
                scores.add(name, forecaster.benchmark_samples(name, origin), y)
            advance()
    scores.finish()
    summary = summarise(scores, horizons)
    supported = getattr(next(iter(forecaster.models.values()), None), "settings", tuple(SETTING_GRIDS))
    return Evaluation(data, schedule, zero_weights, summary, ratios(scores, horizons, len(values), boot, seed),
                      target_check(summary, horizons), time.monotonic() - started, len(forecaster.models),
                      settings, tuple(k for k in tune if k in supported), forecaster.kind)


def target_check(summary: list, horizons) -> dict:
    """The issue's target: pooled CRPS at least 10% below the better of conflictology_12 and zero, and not
    above the better of the two at any horizon."""
    crps = {(r["model"], r["horizon"]): r["crps"] for r in summary}
    better = min(crps[("conflictology_12", "pooled")], crps[("zero", "pooled")])
    pooled_ratio = crps[(MODEL, "pooled")] / better if better > 0 else float("nan")
    per_horizon = {h: crps[(MODEL, h)] / min(crps[("conflictology_12", h)], crps[("zero", h)])
                   if min(crps[("conflictology_12", h)], crps[("zero", h)]) > 0 else float("nan")
                   for h in horizons}
    pooled_met = bool(pooled_ratio <= 0.9)
    horizons_met = bool(all(r <= 1 for r in per_horizon.values()))
    return {"pooled_ratio_to_better": pooled_ratio, "per_horizon_ratio_to_better": per_horizon,
            "pooled_met": pooled_met, "horizons_met": horizons_met, "met": pooled_met and horizons_met}


# --- report ------------------------------------------------------------------------------------------------

def _fmt(value, digits=3):
    if isinstance(value, float):
        return "n/a" if np.isnan(value) else f"{value:.{digits}f}"
    return str(value)


def _month_label(panel: Panel, column: int) -> str:
    return month_start(panel.first_month + column).strftime("%Y-%m")


def write_report(evaluation: Evaluation, out_dir, source_name: str, title: str | None = None) -> dict:
    """Write report.md, scores.csv, ratios.csv and crps_by_horizon.png into `out_dir`; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data, schedule, panel = evaluation.data, evaluation.schedule, evaluation.data.panel
    horizons = schedule.horizons
    paths = {"report": out / "report.md", "scores": out / "scores.csv", "ratios": out / "ratios.csv",
             "chart": out / "crps_by_horizon.png"}
    keys = ["model", "horizon", "rows", *ROW_SCORES, "coverage_90", "auroc_1", "auroc_25"]
    with paths["scores"].open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys)
        writer.writeheader()
        writer.writerows(evaluation.summary)
    with paths["ratios"].open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["horizon", "score", "reference", "ratio", "ci_low", "ci_high"])
        writer.writeheader()
        writer.writerows(evaluation.ratios)
    _chart(evaluation, paths["chart"])

    scored, tuned = schedule.scored_targets(), schedule.tuning_targets()
    target = evaluation.target
    lines = [
        f"# {title or 'Forecast evaluation'}",
        "",
        f"Generated by `peaceops forecast evaluate` on {dt.date.today().isoformat()} from `{source_name}`.",
        "",
        "## Set-up",
        "",
        f"- Level: {data.level}; {len(panel.units)} units; {data.note}.",
        f"- Target: {data.target_words()}; events spanning several months are split evenly over them "
        + ("(fatalities in whole numbers, largest remainder first). " if data.target == "fatalities" else
           "(an event over n months counts 1/n in each, so unit-month counts can be fractions). ")
        + f"Events used: {data.events_used}; left out (no unit): {data.events_dropped}"
        + (f"; left out (other types of violence): {data.events_filtered}." if data.subset != "all" else "."),
        f"- Thresholds: Brier and AUROC score the probability of at least 1 and at least 25 "
        f"{'fatalities' if data.target == 'fatalities' else 'events'} in a unit-month"
        + ("." if data.target == "fatalities" else
           " (any event, and a burst of events: both still meaningful for counts; a month holding only part of a "
           "multi-month event counts less than 1, so it is not an event for >= 1)."),
        f"- Panel: {_month_label(panel, 0)} to {_month_label(panel, panel.values.shape[1] - 1)}.",
        f"- Scored target months: {_month_label(panel, scored[0])} to {_month_label(panel, scored[-1])} "
        f"({len(scored)} months), horizons {', '.join(map(str, horizons))} (origin = target - horizon).",
        f"- Tuning: the post-processing settings per horizon ({', '.join(evaluation.tuned)}; see "
        f"docs/forecasting.md) were chosen by mean CRPS on target months "
        f"{_month_label(panel, tuned[0]) if len(tuned) else '-'} to "
        f"{_month_label(panel, tuned[-1]) if len(tuned) else '-'} only (before the scored period); chosen: "
        + "; ".join(f"h{h}: " + ", ".join(f"{k} {v:g}" for k, v in s.items() if k in evaluation.tuned)
                    for h, s in evaluation.settings.items()) + ".",
        f"- Model: {MODEL} {MODEL_WORDS[evaluation.model]} (gradient-boosted trees, see docs/forecasting.md), "
        f"refitted every "
        f"{schedule.refit_every} origins on data up to the refit month only ({evaluation.fits} fits); "
        "every model gives 360 samples per unit-month.",
        f"- Run time: {evaluation.seconds:.0f} s.",
        "",
        "## Target",
        "",
        f"Pooled CRPS of the model / the better of conflictology_12 and zero: "
        f"**{_fmt(target['pooled_ratio_to_better'])}** (target <= 0.900: "
        f"{'met' if target['pooled_met'] else 'NOT met'}). Per horizon (target <= 1): "
        + ", ".join(f"h{h} {_fmt(r)}" for h, r in target["per_horizon_ratio_to_better"].items())
        + f" ({'met' if target['horizons_met'] else 'NOT met'}). **Overall: {'met' if target['met'] else 'not met'}.**",
        "",
        *bounds.report_lines(evaluation),
        "## Scores (pooled over horizons)",
        "",
        "| model | CRPS | ignorance | IS90 | Brier>=1 | Brier>=25 | coverage90 | AUROC>=1 | AUROC>=25 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in evaluation.summary:
        if row["horizon"] == "pooled":
            lines.append(f"| {row['model']} | " + " | ".join(_fmt(row[k]) for k in keys[3:]) + " |")
    lines += ["", "## CRPS per horizon", "", "| model | " + " | ".join(f"h{h}" for h in horizons) + " |",
              "|---|" + "---|" * len(horizons)]
    crps = {(r["model"], r["horizon"]): r["crps"] for r in evaluation.summary}
    for model in MODELS:
        lines.append(f"| {model} | " + " | ".join(_fmt(crps[(model, h)]) for h in horizons) + " |")
    lines += ["", "## Model / benchmark ratios (90% bootstrap interval, resampling units)", "",
              "| score | horizon | / conflictology_12 | / zero |", "|---|---|---|---|"]
    by_key = {(r["score"], r["horizon"], r["reference"]): r for r in evaluation.ratios}
    for key in ROW_SCORES:
        for h in ("pooled",) + tuple(horizons):
            cells = []
            for reference in ("conflictology_12", "zero"):
                r = by_key[(key, h, reference)]
                cells.append(f"{_fmt(r['ratio'])} [{_fmt(r['ci_low'])}, {_fmt(r['ci_high'])}]")
            lines.append(f"| {key} | {h} | {cells[0]} | {cells[1]} |")
    lines += ["", "![CRPS by horizon](crps_by_horizon.png)", "", "## Caveats", "",
              "- One country (or one short series), one scored period: the scored months are few and violence is "
              "bursty, so a single bad month moves the pooled scores; the bootstrap resamples units, not months, "
              "so its intervals understate the uncertainty from which months happened to be scored.",
              "- Ratios to \"zero\" are undefined (n/a) or huge for scores where zero is perfect on quiet data; "
              f"Brier and interval ratios to zero mostly show how rare {data.target} are.",
              "- UCDP GED records only events with at least one death that it could locate and date; events with "
              "uncertain dates are split evenly across their months, which smooths some peaks."
              + (" Counted as incidents, GED events are lethal events only: a mission's own incident counts "
                 "include every reported incident, so their levels are not comparable." if data.target == "incidents"
                 else ""),
              "- Only the post-processing settings above are tuned here. The model's other choices (features, "
              "trees, ensemble, refit interval) were chosen on a validation run with the data cut before the "
              "scored period (docs/forecasting.md, \"How the model was chosen\"), not on the scored months; "
              "but an earlier feature set was inspired by exploratory runs that had been scored on CAR "
              "2019-2020, so the CAR results are not fully blind."
              + (" They were chosen for fatalities; incident counts use the same model unchanged."
                 if data.target == "incidents" else ""),
              "- Refitting once every 12 origins means some forecasts come from a model up to 11 months old "
              "(features are always computed at the forecast's own origin).",
              "- The same samples are used for every score; ignorance uses the ViEWS bins with one pseudo-sample "
              "per bin, so its level depends on the sample count.",
              ""]
    if data.level.startswith(("priogrid", "h3")) and data.neighbours is not None and "neighbours" in data.note:
        lines.insert(-1, "- Without a boundary, the cells are those with an event in the file plus their "
                     "neighbours: quiet cells far from any event are not scored, which makes \"zero\" look worse "
                     "than it would over a whole country.")
    paths["report"].write_text("\n".join(lines) + "\n")
    return paths


def _chart(evaluation: Evaluation, path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    horizons = evaluation.schedule.horizons
    crps = {(r["model"], r["horizon"]): r["crps"] for r in evaluation.summary}
    figure, axis = plt.subplots(figsize=(7, 4), dpi=100)
    for model in MODELS:
        axis.plot(horizons, [crps[(model, h)] for h in horizons], marker="o",
                  linewidth=2.5 if model == MODEL else 1.2, label=model)
    axis.set_xlabel("horizon (months after the origin)")
    axis.set_ylabel(f"mean CRPS ({evaluation.data.target}, lower is better)")
    axis.set_xticks(list(horizons))
    axis.set_title(f"{evaluation.data.level}: CRPS by horizon (scored {len(evaluation.schedule.scored_targets())}"
                   " months; one series, see caveats)", fontsize=9)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
