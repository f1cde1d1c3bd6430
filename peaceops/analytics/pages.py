"""The analysts' pages under the header's Analytics menu: trends per area or category (weekly or monthly, with
the anomaly flags of trends.py, drawn as inline SVG with a table beside), what changed in an area between a
period and the one before it (changes.py), and the hotspots of a period on a map and in a table, named by the
nearest place and admin area (hotspots.py, places.py).

Only holders of `analytics.view` in their current mission open them (403 otherwise), and every figure comes from
`Incident.objects.visible_to(user)` narrowed by the incident filters: an analyst of a partner organisation sees
the trends of what is released to it, not the mission's."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission
from peaceops.core.dates import in_range
from peaceops.geo.models import AdminArea
from peaceops.incidents.filters import FilterError, filter_incidents
from peaceops.incidents.models import Category, Incident
from peaceops.partners.redaction import Reader

from . import changes as changes_module
from . import hotspots as hotspots_module
from . import runs, svg
from . import trends as trends_module
from .permissions import ANALYTICS_VIEW
from .places import name_cells

#: Groups drawn on the trends page (the most notable first: anomalies, then the busiest).
MAX_GROUPS = 24
#: Hotspots listed and drawn.
MAX_HOTSPOTS = 50
HOTSPOT_DAYS = 28
CHANGE_DAYS = 7
GROUPINGS = {"admin2": gettext_lazy("Municipality (admin 2)"), "admin1": gettext_lazy("Region (admin 1)"),
             "category": gettext_lazy("Category")}
INTERVALS = {"week": gettext_lazy("Weekly"), "month": gettext_lazy("Monthly")}


def may_analyse(user, mission) -> bool:
    """Whether `user` may open the analysts' pages of `mission`."""
    return mission is not None and access_profile(user).has_perm(mission.pk, ANALYTICS_VIEW)


def analyst_mission(request):
    """The current mission, if the user may analyse it; else 403."""
    mission = current_mission(request)
    if not may_analyse(request.user, mission):
        raise PermissionDenied(_("The analytics pages are for analysts of the mission."))
    return mission


class Region:
    """The area and category the user chose (from the mission's own lists), as incident filters."""

    def __init__(self, request, mission):
        self.areas = list(AdminArea.objects.filter(mission=mission, level__in=(1, 2))
                          .order_by("level", "name").values_list("id", "name", "level"))
        self.categories = [(path, f"{name} ({path})") for path, name in
                           Category.objects.filter(mission=mission).order_by("path").values_list("path", "name")
                           if path.count("/") <= 1]
        area = request.GET.get("area", "")
        self.area = int(area) if area.isdigit() and int(area) in {a[0] for a in self.areas} else None
        category = request.GET.get("category", "")
        self.category = category if category in {c[0] for c in self.categories} else ""
        self.mission = mission
        self.area_name = next((name for pk, name, _level in self.areas if pk == self.area), "")

    def incidents(self, user):
        params = {"mission": self.mission.code}
        if self.area:
            params["admin_area"] = str(self.area)
        if self.category:
            params["category"] = self.category
        return filter_incidents(Incident.objects.visible_to(user), params, Reader.of_user(user))

    def context(self) -> dict:
        return {"areas": self.areas, "categories": self.categories, "area": self.area, "category": self.category,
                "area_name": self.area_name}


def _date(request, name: str, default: dt.date) -> dt.date:
    value = (request.GET.get(name) or "").strip()
    if not value:
        return default
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(name, gettext_lazy("must be a date, YYYY-MM-DD (not %(value)s)"), value=value) from None
    if not in_range(day):
        raise FilterError(name, gettext_lazy("is outside the supported dates (%(value)s)"), value=value)
    return day


def _period(request, days: int, context: dict) -> tuple[dt.date, dt.date]:
    """The page's first and last day (`since`, `until`, inclusive), by default the `days` days up to today, put
    in the page's `context` (the form shows them again, also when refused); FilterError naming the field when
    one is not a supported date or the last is before the first."""
    until = _date(request, "until", timezone.now().date())
    since = _date(request, "since", until - dt.timedelta(days=days - 1))
    context.update(since=since, until=until)
    if until < since:
        raise FilterError("until", gettext_lazy("must not be before the first day"))
    return since, until


def _language() -> str:
    return (get_language() or "en").lower()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {**context, "may_run": runs.may_run(request.user, context.get("mission"))},
                  status=status)


@login_required
def index(request):
    """The analytics menu's landing page: what each page answers, with links."""
    mission = analyst_mission(request)
    return _page(request, "analytics/index.html", {"mission": mission, "section": "index"})


@login_required
def trends_page(request):
    """Trends per area or category, weekly or monthly, each group's latest period tested against its own
    baseline (trends.py); a chart per group and the same numbers in a table."""
    mission = analyst_mission(request)
    region = Region(request, mission)
    by = request.GET.get("by") if request.GET.get("by") in GROUPINGS else "admin2"
    interval = request.GET.get("interval") if request.GET.get("interval") in INTERVALS else "week"
    context = {"mission": mission, "section": "trends", "by": by, "interval": interval, "groupings": GROUPINGS,
               "intervals": INTERVALS, **region.context()}
    try:
        as_of = _date(request, "as_of", timezone.now().date())
    except FilterError as error:
        return _page(request, "analytics/trends.html", {**context, "error": error}, status=400)
    incidents = region.incidents(request.user)
    if interval == "month":
        result = trends_module.monthly_trends(incidents, by, trends_module.MonthWindow(
            as_of, trends_module.DEFAULT_MONTHS))
        periods = [dt.date.fromisoformat(m) for m in result["months"]]
        key, baseline = "months", result["baseline_months"]
    else:
        result = trends_module.trends(incidents, by, trends_module.TrendWindow(as_of, trends_module.DEFAULT_WEEKS))
        periods = [dt.date.fromisoformat(m) for m in result["weeks"]]
        key, baseline = "weeks", result["baseline_weeks"]
    groups = result["groups"][:MAX_GROUPS]
    for group in groups:
        group["series"] = group[key]
        group["chart"] = svg.bars(group["series"], flag_last=group["anomaly"])
    context.update(as_of=as_of, periods=periods, groups=groups, shown=len(groups), found=len(result["groups"]),
                   anomalies=sum(1 for g in result["groups"] if g["anomaly"]), total=result["total"],
                   baseline=baseline, min_count=trends_module.MIN_COUNT)
    return _page(request, "analytics/trends.html", context)


@login_required
def changes_page(request):
    """What changed in an area (or the whole mission) in a period against the period of the same length just
    before it (changes.py)."""
    mission = analyst_mission(request)
    region = Region(request, mission)
    context = {"mission": mission, "section": "changes", **region.context()}
    try:
        since, until = _period(request, CHANGE_DAYS, context)
        start, end = _midnight(since), _midnight(until + dt.timedelta(days=1))
        result = changes_module.changes(region.incidents(request.user), start, end,
                                        hotspots_module.DEFAULT_RESOLUTION,
                                        region.area_name or mission.name)
    except FilterError as error:
        return _page(request, "analytics/changes.html", {**context, "error": error}, status=400)
    result["new_hotspots"] = name_cells(mission, result["new_hotspots"], user=request.user,
                                        language=_language())
    previous = result["previous_period"]
    context.update(result=result, previous_since=previous["since"].date(),
                   previous_until=(previous["until"] - dt.timedelta(days=1)).date(),
                   days=(end - start).days)
    return _page(request, "analytics/changes.html", context)


@login_required
def hotspots_page(request):
    """The hotspots (Gi*, cells with incidents of their own) of a period, on a map and in a table, each named by
    its nearest place and admin area."""
    mission = analyst_mission(request)
    region = Region(request, mission)
    resolution_text = request.GET.get("resolution", "")
    context = {"mission": mission, "section": "hotspots", **region.context(),
               "resolutions": range(hotspots_module.MIN_RESOLUTION, hotspots_module.MAX_RESOLUTION + 1)}
    try:
        since, until = _period(request, HOTSPOT_DAYS, context)
        resolution = hotspots_module.check_resolution(int(resolution_text) if resolution_text.isdigit() else None)
    except FilterError as error:
        return _page(request, "analytics/hotspots.html", {**context, "error": error,
                                                           "resolution": hotspots_module.DEFAULT_RESOLUTION},
                     status=400)
    start, end = _midnight(since), _midnight(until + dt.timedelta(days=1))
    incidents = region.incidents(request.user).filter(occurred_start__gte=start, occurred_start__lt=end)
    result = hotspots_module.hotspots(incidents, resolution, MAX_HOTSPOTS, occupied=True)
    spots = name_cells(mission, result["hotspots"], user=request.user, language=_language())
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [s["boundary"]]},
         "properties": {"label": s["label"], "count": s["count"], "confidence": s["confidence"],
                        "lon": s["lon"], "lat": s["lat"]}} for s in spots]}
    extent = _extent(mission, spots)
    context.update(resolution=resolution, result=result, spots=spots, features=features, extent=extent,
                   admin_areas_url=f"{reverse('api-v1:admin_areas')}?mission={mission.code}&simplify=0.002")
    return _page(request, "analytics/hotspots.html", context)


def _extent(mission, spots) -> list | None:
    """[[min lon, min lat], [max lon, max lat]] of the hotspots, else of the mission's areas."""
    points = [point for s in spots for point in s["boundary"]]
    if points:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return [[min(lons), min(lats)], [max(lons), max(lats)]]
    boxes = list(AdminArea.objects.filter(mission=mission, level__in=(0, 1))
                 .values_list("min_lon", "min_lat", "max_lon", "max_lat"))
    if not boxes:
        return None
    return [[min(b[0] for b in boxes), min(b[1] for b in boxes)], [max(b[2] for b in boxes), max(b[3] for b in boxes)]]
