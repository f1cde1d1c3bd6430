"""The risk section's "Run forecast" action: the page enqueues a forecast run on the background worker
(tasks.run_forecast_task), answers at once with a progress fragment, and the fragment polls (htmx, every
second) until the run is done; then it shows the run's summary, or its error, and asks the risk table to
reload (the `forecast-done` event)."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission
from peaceops.core.permissions import Permission
from peaceops.worker import progress
from peaceops.worker.runner import workers_alive

from .models import ForecastLevel, ForecastTarget
from .tasks import run_forecast_task

#: Who may start a forecast run from the page: those who may report the mission's incidents (analysts, watch
#: officers). A run replaces the earlier one of its kind, so viewers may not. (A permission of its own,
#: `analytics.forecast.run`, belongs in the permission registry once apps register their codes.)
RUN_PERMISSION = Permission.INCIDENT_REPORT
#: Page runs: the levels offered, and the boosting iterations per model (as `peaceops forecast run`).
PAGE_LEVELS = (ForecastLevel.ADM2, ForecastLevel.ADM1)
PAGE_TREES = 120


def may_run(user, mission) -> bool:
    """Whether `user` may start a forecast run for `mission` from the page."""
    return mission is not None and access_profile(user).has_perm(mission.pk, RUN_PERMISSION)


@login_required
@require_POST
def start_run(request):
    """Enqueue a forecast run of the current mission (level and target from the form) built from what the user
    sees; answer with the progress fragment."""
    mission = current_mission(request)
    if not may_run(request.user, mission):
        raise Http404
    level, target = request.POST.get("level", ForecastLevel.ADM2), request.POST.get("target", "fatalities")
    if level not in PAGE_LEVELS:
        return HttpResponseBadRequest(_("level: must be one of %(levels)s") % {"levels": ", ".join(PAGE_LEVELS)})
    if target not in ForecastTarget.values:
        return HttpResponseBadRequest(_("target: must be one of %(targets)s")
                                      % {"targets": ", ".join(ForecastTarget.values)})
    result = run_forecast_task.enqueue(mission_id=mission.pk, user_id=request.user.pk, level=level, target=target,
                                       trees=PAGE_TREES)
    label = _("Forecast of %(target)s by %(level)s area") % {"target": ForecastTarget(target).label.lower(),
                                                              "level": ForecastLevel(level).label}
    task = progress.start(result, label=label, user=request.user)
    return _fragment(request, task)


@login_required
@require_GET
def run_status(request, task_id: str):
    """The progress fragment of a run the user started (404 for anyone else's)."""
    task = progress.status_of(task_id, request.user)
    if task is None:
        raise Http404
    return _fragment(request, task)


def _fragment(request, task):
    finished = task.state in progress.FINISHED
    context = {"task": task, "finished": finished, "failed": task.state == "FAILED",
               "status_url": reverse("analytics:risk-run-status", args=[task.task_id]),
               "error": progress.short_error(task.error),
               "no_worker": task.state == "READY" and not workers_alive()}
    if request.headers.get("HX-Request") != "true":
        return render(request, "analytics/page.html", {**context, "fragment": "analytics/risk_run.html",
                                                       "page_title": task.label})
    response = render(request, "analytics/risk_run.html", context)
    if finished and task.state == "SUCCESSFUL":
        response["HX-Trigger"] = json.dumps({"forecast-done": task.task_id})
    return response

