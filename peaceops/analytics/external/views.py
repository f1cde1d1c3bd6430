"""The external forecasts page: the sets of the current mission the user may see (`visible_forecasts`), and
for one set its scores against the incidents the user may see, beside the benchmarks, pooled and per horizon,
with the ratios and their 90% bootstrap intervals. Choosing a set swaps the scores panel in (htmx); without
JavaScript the same link opens the full page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from peaceops.core.current_mission import current_mission

from ..forecasting.units import month_start
from ..models import ExternalKind
from ..pages import may_analyse
from ..runs import may_run
from .scoring import BENCHMARKS, LOWER_IS_BETTER, score_external_forecast
from .services import visible_forecasts

#: The score shown per horizon first: CRPS for samples, Brier for probabilities.
HEADLINE = {ExternalKind.SAMPLES: "crps", ExternalKind.PROBABILITIES: "brier_1"}

#: The scores' names on the page (the API and the CLI report use scoring.LABELS, in English).
METRIC_LABELS = {
    "crps": _("CRPS (fatalities; lower is better)"), "ignorance": _("Ignorance (bits; lower is better)"),
    # xgettext:no-python-format
    "interval_score_90": _("90% interval score (lower is better)"),
    # xgettext:no-python-format
    "coverage_90": _("90% interval coverage (ideal 0.90)"), "brier_1": _("Brier, at least 1 fatality (lower is better)"),
    "brier_25": _("Brier, at least 25 fatalities (lower is better)"),
    "auroc_1": _("AUROC, at least 1 fatality (higher is better)"),
}


def _verdict(row: dict) -> str:
    """How the forecast did against the better benchmark on one score: better, worse, level or ''."""
    bench = [row[name] for name in BENCHMARKS if row.get(name) is not None]
    if row["forecast"] is None or not bench:
        return ""
    if row["metric"] in LOWER_IS_BETTER:
        best = min(bench)
        return "better" if row["forecast"] < best else "worse" if row["forecast"] > best else "level"
    if row["metric"] == "auroc_1":
        best = max(bench)
        return "better" if row["forecast"] > best else "worse" if row["forecast"] < best else "level"
    return ""


def _shown(row: dict | None) -> dict | None:
    """A score row as the page shows it: with its translated name and the verdict."""
    if row is None:
        return None
    return {**row, "name": METRIC_LABELS.get(row["metric"], row["label"]), "verdict": _verdict(row)}


def scores_context(forecast, user) -> dict:
    """What the scores panel shows: the report, its rows with verdicts, the headline score per horizon."""
    report = score_external_forecast(forecast, user)
    headline = HEADLINE[forecast.kind]
    horizons = []
    for entry in report["by_horizon"]:
        row = next((r for r in entry["metrics"] if r["metric"] == headline), None)
        horizons.append({**entry, "headline": _shown(row), "metrics": [_shown(r) for r in entry["metrics"]]})
    return {"forecast": forecast, "report": report, "metrics": [_shown(r) for r in report["metrics"]],
            "horizons": horizons, "headline": headline,
            "probabilities_only": forecast.kind == ExternalKind.PROBABILITIES}


@login_required
def external_forecasts(request, pk=None):
    """The list of sets of the current mission; with `pk`, also that set's scores (the scores panel alone for
    an htmx request). 404 for a set the user may not see."""
    sets = visible_forecasts(request.user)
    chosen = None
    if pk is not None:
        chosen = sets.filter(pk=pk).first()
        if chosen is None:
            raise Http404("no such external forecast in your missions")
        if request.htmx:
            return render(request, "analytics/external_scores.html", scores_context(chosen, request.user))
    mission = chosen.mission if chosen else current_mission(request)
    listed = list(sets.filter(mission=mission)) if mission else []
    for f in listed:
        f.months = f"{month_start(f.first_month):%Y-%m} – {month_start(f.last_month):%Y-%m}"
    context = {"mission": mission, "sets": listed, "chosen": chosen,
               "may_import": may_analyse(request.user, mission) and may_run(request.user, mission)}
    if chosen:
        context.update(scores_context(chosen, request.user))
    return render(request, "analytics/external_forecasts.html", context)
