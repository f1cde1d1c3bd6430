"""The dashboard's analytics sections, each loaded by htmx as its own request: early warning (this week's
anomalous municipalities, trends.py, and the top hotspots of the last 28 days, hotspots.py, both from
`Incident.objects.visible_to(user)`, each hotspot named by its nearest place and area, places.py) and the risk table (the latest stored run of `peaceops forecast run`, or of the section's "Run forecast" action,
runs.py)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peaceops.core.current_mission import current_mission
from peaceops.incidents.filters import FilterError, parse_moment
from peaceops.incidents.models import Incident

from . import hotspots, runs, services, trends
from .forecasting.units import month_start
from .models import ALL_INCIDENTS, ForecastLevel, ForecastTarget
from .places import name_cells

TOP_HOTSPOTS = 10
TOP_RISK = 10
HOTSPOT_DAYS = 28


@login_required
def early_warning(request):
    """Anomalous areas this week and the strongest hotspots (a dashboard section; see `_section`): as of now,
    or of the end of the day `?as_of=YYYY-MM-DD` (the dashboard passes its "Charts up to" day)."""
    mission = current_mission(request)
    if mission is None:
        return _section(request, "analytics/early_warning.html", _("Early warning"), {"mission": None})
    try:
        now = _as_of_end(request)
    except FilterError as error:
        return _section(request, "analytics/early_warning.html", _("Early warning"),
                        {"mission": mission, "error": error}, status=400)
    incidents = Incident.objects.visible_to(request.user).filter(mission=mission)
    window = trends.TrendWindow((now - dt.timedelta(microseconds=1)).date(), trends.DEFAULT_WEEKS)
    by_area = trends.trends(incidents, "admin2", window)
    since = now - dt.timedelta(days=HOTSPOT_DAYS)
    spots = hotspots.hotspots(incidents.filter(occurred_start__gte=since, occurred_start__lt=now),
                              hotspots.DEFAULT_RESOLUTION, TOP_HOTSPOTS, occupied=True)
    spots["hotspots"] = name_cells(mission, spots["hotspots"], user=request.user,
                                   language=(get_language() or "en").lower())
    return _section(request, "analytics/early_warning.html", _("Early warning"), {
        "mission": mission,
        "as_of": window.as_of,
        "week": window.last_week,
        "anomalies": [g for g in by_area["groups"] if g["anomaly"]],
        "hotspots": spots,
        "hotspot_days": HOTSPOT_DAYS,
        "min_count": trends.MIN_COUNT,
    })


@login_required
def risk(request):
    """The admin areas of the current mission with the highest probability of at least one fatality in the
    month after the data (the run's origin month + 1, named on the page: not today's next month), from the
    latest run at admin-2 level (else admin-1) that the user may read, with their highest monthly probability and
    expected fatalities over the 12 months. Runs of all incidents; `?target=incidents` shows the incident-count
    runs instead of the fatality runs (the default)."""
    mission = current_mission(request)
    target = request.GET.get("target")
    target = ForecastTarget(target) if target in ForecastTarget.values else ForecastTarget.FATALITIES
    context = {"mission": mission, "areas": [], "origin": None, "incidents": target == ForecastTarget.INCIDENTS,
               "may_run": runs.may_run(request.user, mission), "run_levels": runs.PAGE_LEVELS,
               "run_targets": ForecastTarget.choices}
    if mission is not None:
        # The latest run at admin-2 level, else admin-1, among those this user may read.
        latest, run = None, None
        for level in (ForecastLevel.ADM2, ForecastLevel.ADM1):
            run = services.latest_run(mission, level, request.user, target, ALL_INCIDENTS)
            if run.exists():
                latest = level
                break
        if latest:
            areas = {}
            for f in run.only("unit_key", "unit_label", "horizon", "prob_1", "mean", "origin_month"):
                area = areas.setdefault(f.unit_key, {"label": f.unit_label, "next": 0.0, "peak": 0.0, "total": 0.0})
                if f.horizon == 1:
                    area["next"] = f.prob_1
                area["peak"] = max(area["peak"], f.prob_1)
                area["total"] += f.mean
                context["origin"] = month_start(f.origin_month)
                context["first_month"] = month_start(f.origin_month + 1)
            ranked = sorted(areas.values(), key=lambda a: (-a["next"], -a["peak"], a["label"]))
            context.update(areas=ranked[:TOP_RISK], level=ForecastLevel(latest).label)
    return _section(request, "analytics/risk.html", _("Risk forecast"), context)


def _as_of_end(request) -> dt.datetime:
    """The end of the period a section looks back from: midnight after the day `?as_of=YYYY-MM-DD` (the
    dashboard's "Charts up to" day), else now. FilterError naming `as_of` when it is not a date."""
    value = (request.GET.get("as_of") or "").strip()
    if not value:
        return timezone.now()
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError("as_of", f"{value!r} is not a date in the form YYYY-MM-DD") from None
    return parse_moment("as_of", value) + dt.timedelta(days=1)


def _section(request, template: str, title: str, context: dict, status: int = 200):
    """A dashboard section: the bare fragment for the dashboard's htmx request, else a whole page around it
    (the section's own link, opened without JavaScript or in a new tab, must not give an unstyled fragment)."""
    if request.headers.get("HX-Request") == "true":
        return render(request, template, context, status=status)
    return render(request, "analytics/page.html", {**context, "fragment": template, "page_title": title},
                  status=status)
