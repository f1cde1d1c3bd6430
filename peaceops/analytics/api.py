"""Analytics API router under /api/v1/analytics: trends with anomaly flags, Gi* hotspots, what changed, and
the stored risk forecasts of `peaceops forecast run` (/risk: the caller's missions only).

Every answer is computed from `Incident.objects.visible_to(request.auth)` narrowed by the incident filters
(mission, admin_area, bbox, category), so a count never includes a record the caller may not see. Bad
parameters answer 422 naming the field. Read-only: a token needs `incidents:read` (or `admin`).
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from peaceops.api.scopes import scoped
from peaceops.core.access import access_profile
from peaceops.core.dates import RANGE_TEXT, in_range
from peaceops.core.kit.schemas import ErrorOut
from peaceops.core.models import Mission
from peaceops.geo.models import AdminArea
from peaceops.incidents.filters import FilterError, filter_incidents, given, parse_moment
from peaceops.incidents.models import Incident
from peaceops.partners.redaction import Reader

from . import changes as changes_module
from . import hotspots as hotspots_module
from . import services
from . import trends as trends_module

router = Router(tags=["analytics"], auth=scoped(read=["incidents:read"], write=[]))
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
DEFAULT_HOTSPOT_DAYS = 28
DEFAULT_CHANGE_DAYS = 7


class Region(Schema):
    """Which incidents: the filters shared with /incidents (see docs/api.md)."""

    mission: str | None = Field(None, description="Mission code")
    admin_area: str | None = Field(None, description="Admin area id (level 1 or 2)")
    bbox: str | None = Field(None, description="min_lon,min_lat,max_lon,max_lat")
    category: str | None = Field(None, description="Category path or code; includes its descendants")

    def params(self) -> dict:
        return given(self.model_dump())


def incidents_of(user, region: dict):
    """The incidents `user` may see, narrowed by the region filters."""
    return filter_incidents(Incident.objects.visible_to(user), region, Reader.of_user(user))


def period(since: str | None, until: str | None, default_days: int) -> tuple[dt.datetime, dt.datetime]:
    """[since, until) from ISO dates or times; until defaults to now, since to `default_days` before until."""
    end = parse_moment("until", until) if until else timezone.now()
    start = parse_moment("since", since) if since else end - dt.timedelta(days=default_days)
    if end <= start:
        raise FilterError("until", "must be after since")
    return start, end


def region_label(user, region: dict) -> str:
    """A plain name for the region: the admin area's name (of the caller's missions), else the filters."""
    area_id = region.get("admin_area")
    if area_id and str(area_id).isdigit():
        areas = AdminArea.objects.filter(pk=int(area_id))
        profile = access_profile(user)
        if not profile.superuser:
            areas = areas.filter(mission_id__in=list(profile.missions))
        name = areas.values_list("name", flat=True).first()
        if name:
            return name
    if region.get("bbox"):
        return f"bbox {region['bbox']}"
    return region.get("mission", "")


def _day(value: str | None, name: str = "as_of") -> dt.date:
    if not value:
        return timezone.now().date()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(name, f"{value!r} is not an ISO date (e.g. 2026-03-01)") from None
    if not in_range(day):
        raise FilterError(name, f"{value!r} is outside the supported dates, {RANGE_TEXT}")
    return day


@router.get("/trends", response={200: dict, **ERRORS}, summary="Weekly counts with anomaly flags")
def trends(request: HttpRequest, region: Query[Region], by: str = "admin2",
           weeks: int = trends_module.DEFAULT_WEEKS, as_of: str | None = None, depth: int | None = None):
    """Weekly incidents per admin1, admin2 or category over `weeks` weeks ending with the week of `as_of`;
    each group's latest week is tested against its own 12 weeks before (docs/user/analytics.md). With
    by=category, `depth` rolls categories up to their first levels (2: e.g. mission/inter-ethnic)."""
    window = trends_module.check_window(_day(as_of), weeks)
    return trends_module.trends(incidents_of(request.auth, region.params()), by, window, depth)


@router.get("/hotspots", response={200: dict, **ERRORS}, summary="Getis-Ord Gi* hotspots on H3 cells")
def hotspots(request: HttpRequest, region: Query[Region], since: str | None = None, until: str | None = None,
             resolution: int | None = None, top: int | None = Query(None, ge=1, le=1000),
             occupied: bool = False):
    """Cells whose incident counts, with their neighbours', stand out (z > 1.96; 99% when z > 2.58) over
    [since, until) (default: the last 28 days); `occupied=true` keeps only cells with incidents of their own."""
    resolution = hotspots_module.check_resolution(resolution)
    start, end = period(since, until, DEFAULT_HOTSPOT_DAYS)
    queryset = incidents_of(request.auth, region.params()).filter(occurred_start__gte=start, occurred_start__lt=end)
    return {"since": start, "until": end, **hotspots_module.hotspots(queryset, resolution, top, occupied)}


@router.get("/changes", response={200: dict, **ERRORS}, summary="What changed against the previous period")
def changes(request: HttpRequest, region: Query[Region], since: str | None = None, until: str | None = None,
            resolution: int | None = None):
    """A region's [since, until) (default: the last 7 days) against the period of equal length before it."""
    resolution = hotspots_module.check_resolution(resolution)
    start, end = period(since, until, DEFAULT_CHANGE_DAYS)
    params = region.params()
    return changes_module.changes(incidents_of(request.auth, params), start, end, resolution,
                                  region_label(request.auth, params))


@router.get("/risk", response={200: dict, **ERRORS}, summary="Stored 12-month risk forecasts of a mission")
def risk(request: HttpRequest, mission: str, level: str = "adm1", target: str = "fatalities", subset: str = "all"):
    """The latest run of `peaceops forecast run` for a mission, level (adm1, adm2, priogrid, h3), target
    (fatalities, incidents) and subset ('all', 'category:<path or code>', 'violence:<1-3>', or
    'category:<path>,violence:<n>'): per unit and target month, quantiles of the target and the probabilities of
    >= 1 and >= 25 (fatalities or incidents). Only missions the caller belongs to, and only runs built from no
    more than the caller sees (a forecast built by a need-to-know reader is not shown to a viewer); otherwise an
    empty list."""
    from .forecasting.units import month_start
    from .models import ForecastLevel, ForecastTarget

    if level not in ForecastLevel.values:
        raise FilterError("level", f"must be one of {', '.join(ForecastLevel.values)}")
    if target not in ForecastTarget.values:
        raise FilterError("target", f"must be one of {', '.join(ForecastTarget.values)}")
    profile = access_profile(request.auth)
    missions = Mission.objects.filter(code=mission)
    if not missions.exists():
        raise FilterError("mission", f"no mission has code {mission!r}")
    if not profile.superuser:
        missions = missions.filter(pk__in=list(profile.missions))
    found = missions.first()
    if found is not None:
        subset = services.parse_subset_key(found, subset)
    rows = list(services.latest_run(found, level, request.auth, target, subset).select_related("built_by")) \
        if found else []
    forecasts = [{"unit_key": f.unit_key, "unit_label": f.unit_label, "horizon": f.horizon,
                  "target_month": month_start(f.target_month).isoformat()[:7], "p10": f.p10, "p50": f.p50,
                  "p90": f.p90, "mean": f.mean, "prob_1": f.prob_1, "prob_25": f.prob_25}
                 for f in sorted(rows, key=lambda f: (f.unit_key, f.horizon))]
    first = rows[0] if forecasts else None
    return {"mission": mission, "level": level, "target": target, "subset": subset,
            "h3_resolution": first.h3_resolution if first else None,
            "origin": month_start(first.origin_month).isoformat()[:7] if first else None,
            "model": first.model_name if first else None,
            "built_by": first.built_by.username if first and first.built_by else None,
            "created_at": first.created_at if first else None, "forecasts": forecasts}


@router.get("/external-forecasts", response={200: dict, **ERRORS}, summary="Imported external forecasts")
def external_forecasts(request: HttpRequest, mission: str | None = None):
    """The forecast sets imported with `peaceops forecast import-external` in the caller's missions (members
    who may see incidents there), optionally of one mission."""
    from .external.services import describe, visible_forecasts

    sets = visible_forecasts(request.auth)
    if mission:
        if not Mission.objects.filter(code=mission).exists():
            raise FilterError("mission", f"no mission has code {mission!r}")
        sets = sets.filter(mission__code=mission)
    return {"forecasts": [describe(f) for f in sets]}


@router.get("/external-forecasts/{forecast_id}/scores", response={200: dict, 404: ErrorOut, **ERRORS},
            summary="Scores of an imported forecast against the caller's visible incidents")
def external_forecast_scores(request: HttpRequest, forecast_id: int):
    """The set's scores (CRPS, ignorance, interval score and coverage, Brier, AUROC; Brier and AUROC only for
    probabilities) beside the conflictology_12 and zero benchmarks, pooled (`metrics`) and per horizon
    (`by_horizon`: months after the origin), computed now from the incidents the caller may see
    (docs/forecasting.md, "External forecasts"). Each score where lower is better carries `ratios`: forecast /
    benchmark with a 90% bootstrap interval (`ci_low`, `ci_high`; how it was resampled in `bootstrap`).
    404 for a set outside the caller's missions."""
    from .external.scoring import score_external_forecast
    from .external.services import visible_forecasts

    forecast = visible_forecasts(request.auth).filter(pk=forecast_id).first()
    if forecast is None:
        raise HttpError(404, f"no external forecast {forecast_id} in your missions")
    return score_external_forecast(forecast, request.auth)


@router.get("/coverage", response={200: dict, **ERRORS}, summary="Where the mission is not looking")
def coverage(request: HttpRequest, mission: str, week: str | None = None,
             weeks: int = Query(1, ge=1, le=12), top: int | None = Query(None, ge=1, le=10000)):
    """Per H3 cell (resolution 7) of the `weeks` weeks ending with the week of `week` (any day of it; default
    the last complete week): hours of presence of the patrols the caller may see, incidents the caller may see
    over the 4 weeks up to the end of the span, the risk forecast, exposure and the not-looking index, most
    exposed and least patrolled first (docs/user/coverage.md). Only missions the caller belongs to."""
    from . import coverage as coverage_module

    profile = access_profile(request.auth)
    missions = Mission.objects.filter(code=mission)
    if not missions.exists():
        raise FilterError("mission", f"no mission has code {mission!r}")
    if not profile.superuser:
        missions = missions.filter(pk__in=list(profile.missions))
    found = missions.first()
    day = _day(week, "week") if week else coverage_module.last_full_week()
    monday = day - dt.timedelta(days=day.weekday())
    span = [monday - dt.timedelta(days=7 * i) for i in range(weeks - 1, -1, -1)]
    if found is None:  # another mission's coverage: nothing, as for the risk forecasts
        result = coverage_module.Coverage(span, *coverage_module.incident_period(span), "", [])
    else:
        result = coverage_module.compute(request.auth, found, span)
    cells = result.cells[:top] if top else result.cells
    return {"mission": mission, "weeks": [w.isoformat() for w in result.weeks],
            "incidents_since": result.incidents_since, "incidents_until": result.incidents_until,
            "forecast_level": result.forecast_level,
            "cells": [{"cell": c.hex, "incidents": c.incidents, "forecast": c.forecast, "hours": round(c.hours, 3),
                       "exposure": round(c.exposure, 4), "index": round(c.index, 4)} for c in cells]}
