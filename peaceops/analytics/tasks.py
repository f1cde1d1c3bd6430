"""Analytics' background tasks: a forecast run (from the risk page, with progress; the same
`services.run_forecast` as `peaceops forecast run`), and a daily refresh that reruns each stored run
configuration once a new month is complete.

Both are idempotent: a run replaces the earlier run of the same mission, level, target, subset and origin month
in one transaction, so a retry or a rerun after a crash stores the same forecasts once.
"""

import datetime as dt

from django.contrib.auth import get_user_model

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
