"""Analytics' background tasks: a forecast run (from the risk page, with progress; the same
`services.run_forecast` as `peaceops forecast run`), the import of an uploaded external forecast (from the
external forecasts page, with progress; the same `external.services.import_external_forecast` as
`peaceops forecast import-external`), and a daily refresh that reruns each stored run
configuration once a new month is complete.

Both are idempotent: a run replaces the earlier run of the same mission, level, target, subset and origin month
in one transaction, so a retry or a rerun after a crash stores the same forecasts once.
"""

import datetime as dt
import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _lazy

from peaceops.core.models import Mission
from peaceops.worker import progress as task_progress
from peaceops.worker import schedule
from peaceops.worker.tasks import background_task

from .models import RiskForecast

#: How often the worker looks for run configurations to refresh.
REFRESH_EVERY = dt.timedelta(days=1)


@background_task(takes_context=True, max_attempts=2, retry_seconds=60, no_retry_on=(ValueError,))
def run_forecast_task(context, *, mission_id: int, user_id: int, level: str, target: str = "fatalities",
                      subset: str = "all", model: str = "hurdle", trees: int = 120, h3_resolution: int | None = None,
                      origin_month: int | None = None) -> dict:
    """Store a mission's 12-month forecasts from what the user sees (services.run_forecast), reporting its
    steps; returns the run's summary. Bad input (ValueError: an unknown level, too little history) fails at
    once: another try would only repeat it."""
    from . import services

    mission = Mission.objects.get(pk=mission_id)
    user = get_user_model().objects.get(pk=user_id, is_active=True)
    task_progress.report(context, 0, None, "reading incidents")

    def progress(total: int):
        done = [0]
        task_progress.report(context, 0, total, "fitting the model")

        def advance():
            done[0] += 1
            task_progress.report(context, done[0], total, "forecasting" if done[0] > 1 else "fitting the model")
        return advance

    category, violence = _subset_options(subset)
    extra = {"h3_resolution": h3_resolution} if h3_resolution else {}
    return services.run_forecast(mission=mission, user=user, level=level, origin_month=origin_month,
                                 max_iter=trees, progress=progress, target=target, category=category,
                                 violence=violence, model=model, **extra)


#: The command-line option names in the import's messages, as the page's form names them.
IMPORT_OPTIONS = {"--name": _lazy("Name of the set"), "--unit": _lazy("Unit"),
                  "--country-id": _lazy("ViEWS country id"), "--column": _lazy("Value column"),
                  "--violence": _lazy("Type of violence"), "--origin": _lazy("Origin month"),
                  "--strict": _lazy("Store nothing if any row is bad"),
                  "--replace": _lazy("Replace a set of the same name")}
#: Rows not kept returned with the result (the page lists them; the rest are counted).
RESULT_REJECTS = 50


@background_task(takes_context=True, max_attempts=1)
def import_external_task(context, *, path: str, mission_id: int, user_id: int, name: str, unit: str,
                         country_id: int | None = None, column: str | None = None, violence: str | None = None,
                         origin: str | None = None, strict: bool = False, replace: bool = False) -> dict:
    """Import the uploaded file at `path` into the mission as the set `name`, for the user who uploaded it,
    reporting its steps; then delete the upload. Returns what the page shows: `ok` and `error` (why nothing
    was stored, in the form's words), or the counts, the rows not kept (the first RESULT_REJECTS) and the set.
    One attempt: a file that cannot be read would fail the same way again."""
    from django.utils.translation import gettext as _

    from peaceops.core.services import PermissionDenied

    from .external.services import ExternalImportError, import_external_forecast

    mission = Mission.objects.get(pk=mission_id)
    user = get_user_model().objects.get(pk=user_id, is_active=True)
    task_progress.report(context, 0, None, "reading the file")
    state = {"done": 0}

    def progress(total, label):
        state["done"] = 0
        task_progress.report(context, 0, total, label)

        def advance(step=1):
            state["done"] += step
            task_progress.report(context, state["done"], total, label)
        return advance

    try:
        report = import_external_forecast(
            path, mission=mission, name=name, unit=unit, acting_user=user, country_id=country_id, column=column,
            violence=violence, origin=origin, strict=strict, replace=replace, progress=progress)
    except (ExternalImportError, PermissionDenied) as error:
        message = str(error)
        for option, label in IMPORT_OPTIONS.items():
            message = message.replace(option, str(label))
        return {"ok": False, "error": message}
    finally:
        shutil.rmtree(Path(path).parent, ignore_errors=True)
    forecast = report.forecast
    result = {"ok": report.written or report.unchanged, "written": report.written, "unchanged": report.unchanged,
              "replaced": report.replaced, "name": name, "rows_read": report.rows_read, "kept": report.kept,
              "rejected": len(report.rejects), "outside": report.outside, "strict": strict,
              "columns_found": list(report.columns_found),
              "rejects": [{"line": r.line, "reason": r.reason} for r in report.rejects[:RESULT_REJECTS]],
              "outside_example": ({"line": report.outside_example.line, "reason": report.outside_example.reason}
                                  if report.outside_example else None)}
    if forecast is not None:
        result.update(forecast_id=forecast.pk, units=forecast.units, draws=forecast.draws, kind=forecast.kind,
                      column=forecast.column, first_month=forecast.first_month, last_month=forecast.last_month)
    if not result["ok"]:
        result["error"] = (_("%(n)d row(s) rejected and “Store nothing if any row is bad” was ticked: nothing "
                             "stored.") % {"n": len(report.rejects)} if strict and report.rejects else
                           _("No good row of the file is for the mission's units: nothing stored."))
    return result


@background_task(max_attempts=3, retry_seconds=300)
def refresh_forecasts_task() -> int:
    """Enqueue a forecast run for each stored run configuration (mission, level, target, subset, model, H3
    resolution, built by) whose latest origin is before the last complete month; returns how many."""
    from .services import MODEL_NAMES, last_complete_month

    kinds = {name: kind for kind, name in MODEL_NAMES.items()}
    origin = last_complete_month()
    configurations = (RiskForecast.objects.exclude(built_by=None)
                      .values("mission_id", "level", "target", "subset", "model_name", "h3_resolution", "built_by")
                      .order_by().distinct())
    latest: dict[tuple, int] = {}
    for row in RiskForecast.objects.exclude(built_by=None).values_list(
            "mission_id", "level", "target", "subset", "origin_month").order_by().distinct():
        key = row[:4]
        latest[key] = max(latest.get(key, 0), row[4])
    enqueued = 0
    for c in configurations:
        if latest.get((c["mission_id"], c["level"], c["target"], c["subset"]), 0) >= origin:
            continue
        run_forecast_task.enqueue(mission_id=c["mission_id"], user_id=c["built_by"], level=c["level"],
                                  target=c["target"], subset=c["subset"],
                                  model=kinds.get(c["model_name"], "hurdle"), h3_resolution=c["h3_resolution"],
                                  origin_month=origin)
        enqueued += 1
    return enqueued


def _subset_options(subset: str) -> tuple[str | None, int | None]:
    """The category and violence options of a stored subset key ('all', 'category:<path>', 'violence:<n>')."""
    category = violence = None
    for part in (subset or "all").split(","):
        name, _, value = part.partition(":")
        if name == "category":
            category = value
        elif name == "violence":
            violence = int(value)
    return category, violence


def register_schedule() -> None:
    schedule.register(refresh_forecasts_task, every=REFRESH_EVERY, name="analytics.refresh-forecasts")
