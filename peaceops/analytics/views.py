"""The dashboard's early-warning section, loaded by htmx as its own request: this week's anomalous
municipalities (trends.py) and the top hotspots of the last 28 days (hotspots.py) of the current mission,
both from `Incident.objects.visible_to(user)`."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from peaceops.incidents.models import Incident
from peaceops.web.mission import current_mission

from . import hotspots, trends

TOP_HOTSPOTS = 10
HOTSPOT_DAYS = 28


@login_required
def early_warning(request):
    """Anomalous areas this week and the strongest hotspots, as an HTML fragment."""
    mission = current_mission(request)
    if mission is None:
        return render(request, "analytics/early_warning.html", {"mission": None})
    now = timezone.now()
    incidents = Incident.objects.visible_to(request.user).filter(mission=mission)
    window = trends.TrendWindow(now.date(), trends.DEFAULT_WEEKS)
    by_area = trends.trends(incidents, "admin2", window)
    since = now - dt.timedelta(days=HOTSPOT_DAYS)
    spots = hotspots.hotspots(incidents.filter(occurred_start__gte=since, occurred_start__lt=now),
                              hotspots.DEFAULT_RESOLUTION, TOP_HOTSPOTS, occupied=True)
    return render(request, "analytics/early_warning.html", {
        "mission": mission,
        "week": window.last_week,
        "anomalies": [g for g in by_area["groups"] if g["anomaly"]],
        "hotspots": spots,
        "hotspot_days": HOTSPOT_DAYS,
        "min_count": trends.MIN_COUNT,
    })
