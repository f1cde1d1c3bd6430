"""Scoring an imported forecast against the incidents that then happened, and against PeaceOps' benchmarks.

Observed values: the fatalities (each incident's best estimate, `fatalities_best`) per unit and month of the
incidents `user` may see in the set's mission (`Incident.objects.visible_to(user)`: the same set scored by two
users can differ, and a score never draws on an incident its reader could not see). Country sets: the whole
mission is the unit; PRIO-GRID sets: the cell of each incident's point. Incidents spanning several months are
split over them as in the forecasting panel. When the forecast column names a UCDP type of violence (sb, ns,
os) and the mission's taxonomy maps categories to it, only incidents of those categories (and their
subcategories) count; otherwise all incidents count, and the report says so.

Scored unit-months: months that are complete (before the current month) and covered by the incident record
(from the month of the mission's first visible incident on). Other unit-months are counted, not scored.

Benchmarks (`forecasting/benchmarks.py`): conflictology_12 and exactly zero, from the incidents through the
set's origin month: by default the month before the file's first month, since a ViEWS release forecasts all
its months from one origin, so the benchmarks know what the forecaster could have known. Both are
horizon-free, so one benchmark distribution per unit serves every month.

Scores are given pooled over the scored unit-months and per horizon (months after the origin). For the
scores where lower is better, the ratio of the forecast's to each benchmark's comes with a 90% bootstrap
interval (`forecasting/bootstrap.py`, as the in-house evaluation): resampling units, or months when the set has
one unit (a country).
"""

import math

import numpy as np
from django.db.models import Min, Q

from peaceops.incidents.models import Category, Incident

from ..forecasting import bootstrap, metrics
from ..forecasting.benchmarks import benchmark
from ..forecasting.panel import build_panel
from ..forecasting.units import month_of, month_start, priogrid_gid
from ..models import ExternalKind, ExternalUnit
from ..services import read_columns
from .services import describe

BENCHMARKS = ("conflictology_12", "zero")
UCDP_TYPES = {"sb": (1, "state-based"), "ns": (2, "non-state"), "os": (3, "one-sided")}
#: Benchmark samples per unit for each month of its window (conflictology is then its exact empirical law).
BENCH_SAMPLES_PER_MONTH = 100
#: The scores in the order they are shown.
ORDER = ("crps", "ignorance", "interval_score_90", "coverage_90", "brier_1", "brier_25")
#: Bootstrap resamples for the intervals of the ratios to the benchmarks.
BOOTSTRAP_DRAWS = bootstrap.DRAWS
LOWER_IS_BETTER = {"crps", "ignorance", "interval_score_90", "brier_1", "brier_25"}
LABELS = {
    "crps": "CRPS (fatalities)", "ignorance": "Ignorance (bits)", "interval_score_90": "90% interval score",
    "coverage_90": "90% interval coverage (ideal 0.90)", "brier_1": "Brier, >= 1 fatality",
    "brier_25": "Brier, >= 25 fatalities", "auroc_1": "AUROC, >= 1 fatality (higher is better)",
}


def _violence_filter(forecast) -> tuple[Q, str]:
    """The incidents of the set's type of violence, and a sentence saying which incidents count."""
    if forecast.violence not in UCDP_TYPES:
        return Q(), "The forecast column names no type of violence: all incidents count."
    number, label = UCDP_TYPES[forecast.violence]
    paths = list(Category.objects.filter(mission=forecast.mission, ucdp_type_of_violence=number)
                 .values_list("path", flat=True))
    if not paths:
        return Q(), (f"The column is about {label} violence (UCDP type {number}) but the mission's taxonomy maps "
                     "no category to it: all incidents count.")
    condition = Q()
    for path in paths:
        condition |= Q(category__path=path) | Q(category__path__startswith=path + "/")
    return condition, (f"Only incidents of {label} violence count (UCDP type {number}: categories "
                       f"{', '.join(paths)} and their subcategories).")


def observed(forecast, user, units: np.ndarray, first: int, last: int) -> tuple[np.ndarray, int, str]:
    """Fatalities per unit x month (first..last) from the incidents `user` sees; the incidents counted; the note."""
    condition, note = _violence_filter(forecast)
    read = read_columns(Incident.objects.visible_to(user).filter(mission=forecast.mission).filter(condition),
                        ["occurred_start", "occurred_end", "fatalities_best", "lat", "lon"])
    start, end, killed = read["occurred_start"], read["occurred_end"], read["fatalities_best"]
    if not len(start) or last < first:
        return np.zeros((len(units), max(last - first + 1, 0))), len(start), note
    if forecast.unit == ExternalUnit.COUNTRY:
        keys = np.full(len(start), int(units[0]))
    else:
        keys = priogrid_gid(read["lat"], read["lon"])
    panel = build_panel(keys, start, end, killed, units, first, last, whole=True)
    return panel.values, len(start), note


def _clean(value):
    return None if value is None or math.isnan(float(value)) else float(value)


def _auroc_probability(p: np.ndarray, y: np.ndarray) -> float:
    event = y >= 1
    if event.all() or not event.any():
        return float("nan")
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(event, p))


def _row_scores(kind: str, values: np.ndarray, y: np.ndarray) -> dict:
    """Per scored unit-month: each per-row score, and `p_1`, the probability of >= 1 fatality (for AUROC).
    `values` are samples (rows x draws) for samples, probabilities (rows,) otherwise."""
    if kind == ExternalKind.SAMPLES:
        return {"crps": metrics.crps(values, y), "ignorance": metrics.ignorance(values, y),
                "interval_score_90": metrics.interval_score(values, y, 0.1),
                "coverage_90": metrics.coverage(values, y, 0.1), "brier_1": metrics.brier(values, y, 1),
                "brier_25": metrics.brier(values, y, 25), "p_1": metrics.exceedance_probability(values, 1)}
    return {"brier_1": (values - (y >= 1)) ** 2, "p_1": values}


def _means(rows: dict, y: np.ndarray, mask: np.ndarray) -> dict:
    """The scores of the rows in `mask`: means of the per-row scores, and AUROC for >= 1 fatality."""
    means = {key: float(rows[key][mask].mean()) for key in ORDER if key in rows}
    means["auroc_1"] = _auroc_probability(rows["p_1"][mask], y[mask])
    return means


def _metric_rows(own: dict, theirs: dict, ratios: dict) -> list[dict]:
    """One row per score: the forecast's, each benchmark's, forecast / better benchmark, and the ratio to each
    benchmark with its 90% bootstrap interval (scores where lower is better)."""
    table = []
    for key, value in own.items():
        row = {"metric": key, "label": LABELS[key], "forecast": _clean(value)}
        for name in BENCHMARKS:
            row[name] = _clean(theirs[name][key]) if name in theirs else None
        bench = [row[n] for n in BENCHMARKS if row[n] is not None]
        better = min(bench) if bench and key in LOWER_IS_BETTER else None
        row["ratio_to_better_benchmark"] = (_clean(value / better) if better and not math.isnan(value) else None)
        row["ratios"] = ratios.get(key, {})
        table.append(row)
    return table


def _ratios(own: dict, theirs: dict, mask: np.ndarray, cluster: np.ndarray, weights) -> dict:
    """score -> benchmark -> {ratio, ci_low, ci_high} over the rows in `mask`; the interval is null when the
    rows fall in fewer than two clusters (nothing to resample)."""
    spread = len(np.unique(cluster[mask])) >= 2
    found = {}
    for key in ORDER:
        if key not in LOWER_IS_BETTER or key not in own:
            continue
        for name, rows in theirs.items():
            point, low, high = bootstrap.ratio_interval(own[key][mask], rows[key][mask], cluster[mask], weights)
            found.setdefault(key, {})[name] = {"ratio": _clean(point), "ci_low": _clean(low) if spread else None,
                                               "ci_high": _clean(high) if spread else None}
    return found


def score_external_forecast(forecast, user, today=None) -> dict:
    """Scores of an imported set against the incidents `user` may see, beside the benchmarks' (see module)."""
    from ..services import last_complete_month

    values = list(forecast.unit_months.order_by("unit_id", "month_id").values_list("month_id", "unit_id", "values"))
    units = np.array(sorted({u for _, u, _ in values}), dtype=np.int64)
    mission_incidents = Incident.objects.visible_to(user).filter(mission=forecast.mission)
    earliest = mission_incidents.aggregate(first=Min("occurred_start"))["first"]
    last_complete = last_complete_month(today)
    record_start = month_of(earliest.date()) if earliest else None
    origin = forecast.origin_month
    report = {"forecast": describe(forecast), "scored_for": user.username,
              "origin": month_start(origin).isoformat()[:7],
              "incident_record_from": month_start(record_start).isoformat()[:7] if record_start else None,
              "last_complete_month": month_start(last_complete).isoformat()[:7],
              "unit_months": len(values), "scored": 0, "not_scored": {}, "incidents": 0, "metrics": [],
              "by_horizon": [], "bootstrap": None, "notes": []}
    not_complete = sum(1 for m, _, _ in values if m > last_complete)
    before = sum(1 for m, _, _ in values if m <= last_complete and (record_start is None or m < record_start))
    report["not_scored"] = {"month not complete yet": not_complete, "before the incident record": before}
    if record_start is None:
        report["notes"].append("No incident of the mission is visible to this user: nothing can be scored.")
        return report
    first = min(record_start, origin + 1)
    truth, report["incidents"], note = observed(forecast, user, units, first, last_complete)
    report["notes"].append(note)
    scored = [(m, u, v) for m, u, v in values if record_start <= m <= last_complete]
    report["scored"] = len(scored)
    if scored:
        months = sorted({m for m, _, _ in scored})
        report["scored_months"] = [month_start(months[0]).isoformat()[:7], month_start(months[-1]).isoformat()[:7]]
    if not scored:
        report["notes"].append("No unit-month of the forecast is both complete and covered by the incident record.")
        return report
    position = {int(u): i for i, u in enumerate(units)}
    rows = np.array([position[u] for _, u, _ in scored])
    y = truth[rows, np.array([m for m, _, _ in scored]) - first]
    history_months = origin - record_start + 1
    benches = {}
    if history_months >= 1:
        history = truth[:, record_start - first: origin - first + 1]
        window = min(12, history.shape[1])
        rng = np.random.default_rng(0)
        for name in BENCHMARKS:
            benches[name] = benchmark(name, history, window * BENCH_SAMPLES_PER_MONTH, rng)[rows]
        if window < 12:
            report["notes"].append(f"Only {window} month(s) of incident record before the origin: conflictology_12 "
                                   "draws from those.")
    else:
        report["notes"].append("The incident record starts after the forecast's origin: no benchmark can be built "
                               "from what was known at the origin.")
    if forecast.kind == ExternalKind.SAMPLES:
        own = _row_scores(forecast.kind, np.array([v for _, _, v in scored], dtype=float), y)
        theirs = {name: _row_scores(forecast.kind, s, y) for name, s in benches.items()}
    else:
        own = _row_scores(forecast.kind, np.array([v[0] for _, _, v in scored], dtype=float), y)
        theirs = {name: _row_scores(forecast.kind, metrics.exceedance_probability(s, 1), y)
                  for name, s in benches.items()}
        report["notes"].append("A bare probability of >= 1 fatality defines no distribution of fatalities: CRPS, "
                               "ignorance and interval scores are not defined for it; Brier and AUROC are.")
    months = np.array([m for m, _, _ in scored], dtype=np.int64)
    # Resample units, as the in-house evaluation does; a set of one unit (a country) resamples its months.
    if len(units) > 1:
        cluster, report["bootstrap"] = rows, {"resampling": "units", "clusters": len(units)}
    else:
        cluster = months - months.min()
        report["bootstrap"] = {"resampling": "months", "clusters": int(cluster.max()) + 1}
    report["bootstrap"].update(draws=BOOTSTRAP_DRAWS, level=0.9)
    weights = bootstrap.cluster_weights(int(cluster.max()) + 1, BOOTSTRAP_DRAWS, seed=0)
    everything = np.ones(len(y), dtype=bool)
    report["metrics"] = _metric_rows(_means(own, y, everything),
                                     {name: _means(r, y, everything) for name, r in theirs.items()},
                                     _ratios(own, theirs, everything, cluster, weights))
    for month in np.unique(months):
        mask = months == month
        report["by_horizon"].append({
            "horizon": int(month - origin), "month": month_start(int(month)).isoformat()[:7],
            "scored": int(mask.sum()), "observed_events": int((y[mask] >= 1).sum()),
            "metrics": _metric_rows(_means(own, y, mask), {name: _means(r, y, mask) for name, r in theirs.items()},
                                    _ratios(own, theirs, mask, cluster, weights))})
    report["observed_events"] = int((y >= 1).sum())
    report["notes"].append(f"Benchmarks from the incidents through {report['origin']} (the forecast's origin).")
    return report


def report_table(report: dict) -> str:
    """The scores as a markdown table, with the counts and notes around it."""
    f = report["forecast"]
    lines = [f"# External forecast {f['name']!r} ({f['kind']}, {f['unit']}) in {f['mission']}", "",
             f"- file: {f['source_name']} (SHA-256 {f['sha256'][:16]}...), column {f['column']}",
             f"- scored against the incidents visible to {report['scored_for']} ({report['incidents']} incidents)",
             f"- unit-months: {report['unit_months']}, scored {report['scored']}"
             + "".join(f"; {n} {why}" for why, n in report["not_scored"].items() if n)
             + (f" (months {report['scored_months'][0]} to {report['scored_months'][1]})"
                if report.get("scored_months") else ""),
             f"- origin (benchmarks' last known month): {report['origin']}", ""]
    if report["metrics"]:
        lines += ["| score | forecast | conflictology_12 | zero | forecast / better benchmark "
                  "| / conflictology_12 [90% interval] | / zero [90% interval] |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for row in report["metrics"]:
            cells = [_fmt(row["forecast"]), _fmt(row["conflictology_12"]), _fmt(row["zero"]),
                     _fmt(row["ratio_to_better_benchmark"])]
            cells += [_fmt_ratio(row["ratios"].get(name)) for name in BENCHMARKS]
            lines.append(f"| {row['label']} | " + " | ".join(cells) + " |")
        lines.append("")
        boot = report["bootstrap"]
        lines.append(f"- 90% intervals: {boot['draws']} bootstrap resamples of the {boot['clusters']} "
                     f"{boot['resampling']}.")
    lines += [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _fmt_ratio(ratio) -> str:
    if not ratio:
        return ""
    interval = (f" [{_fmt(ratio['ci_low'])}, {_fmt(ratio['ci_high'])}]"
                if ratio["ci_low"] is not None else "")
    return _fmt(ratio["ratio"]) + interval
