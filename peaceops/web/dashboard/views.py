"""The dashboard page of the current mission, and its daily situation report as a Word document.

Query parameters: `as_of=YYYY-MM-DD` (the charts' last day, default today, UTC) and `day=YYYY-MM-DD`
(the situation report's day, default yesterday). Every number comes from `Incident.objects.visible_to(user)`.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peaceops.analytics.alert_response import alert_figures
from peaceops.core.kit.permissions import has_perm
from peaceops.incidents.models import Incident
from peaceops.ledger.services import record_sensitive_list

from ..mission import current_mission
from . import charts
from .hotspots import top_areas
from .periods import DashboardPeriod, PeriodError, parse_day
from .sitrep import situation_report
from .sitrep_docx import sitrep_document
from .weekly import weekly_counts
from .wps import wps_section


def _days(request) -> tuple[dt.date, dt.date]:
    today = timezone.now().date()
    as_of = parse_day("as_of", request.GET.get("as_of"), today)
    day = parse_day("day", request.GET.get("day"), today - dt.timedelta(days=1))
    return as_of, day


def _no_mission(request):
    return render(request, "web/forbidden.html", {"reason": _("You are not a member of any mission.")}, status=403)


@login_required
def dashboard(request):
    """Weekly incidents and fatalities by category, top municipalities this month, community alerts and their
    answers (for who may see alerts), women in uniform (for who may view contributions), the daily report."""
    mission = current_mission(request)
    if mission is None:
        return _no_mission(request)
    try:
        as_of, day = _days(request)
    except PeriodError as error:
        return render(request, "web/dashboard.html", {"error": error, "mission": mission}, status=400)
    language = get_language()
    incidents = Incident.objects.visible_to(request.user)
    period = DashboardPeriod(as_of)
    weekly = weekly_counts(request.user, mission, period, language, _("Uncategorised"))
    report = situation_report(incidents, mission, day, language, _("Outside any region"))
    record_sensitive_list(request.user, report.shown(), via="dashboard")
    latest = None if weekly.series else _latest_before(incidents, mission, period.first_week)
    return render(request, "web/dashboard.html", {
        **_alert_section(request.user, mission, period),
        **wps_section(request.user, mission),
        "mission": mission,
        "period": period,
        "as_of": as_of,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "weekly": weekly,
        "incident_chart": charts.stacked_weekly(weekly, "incidents", _("Other")),
        "fatality_chart": charts.stacked_weekly(weekly, "fatalities", _("Other")),
        "incident_phone_chart": charts.stacked_weekly(weekly, "incidents", _("Other"), **charts.PHONE),
        "fatality_phone_chart": charts.stacked_weekly(weekly, "fatalities", _("Other"), **charts.PHONE),
        "areas": top_areas(request.user, incidents, mission, period, language),
        "report": report,
        "report_marking": _marking(report),
        "latest_earlier": latest,
    })


def _alert_section(user, mission, period: DashboardPeriod) -> dict:
    """Community alerts and how they were answered, over the same 26 weeks, for who may see the mission's
    alerts (`alerts.alert.view`); nothing for anyone else."""
    if not has_perm(user, mission.pk, "alerts.alert.view"):
        return {}
    figures = alert_figures(user, mission, period.weeks, period.end)
    return {"alerts": figures, "alert_chart": charts.stacked_weekly(figures, "alerts", _("Other")),
            "alert_phone_chart": charts.stacked_weekly(figures, "alerts", _("Other"), **charts.PHONE)}


def _latest_before(incidents, mission, first_day: dt.date) -> dt.date | None:
    """The day of the user's latest visible incident of the mission that started before `first_day`: when the
    charts' weeks are empty, the dashboard offers to show the weeks up to it (a mission whose data stops in the
    past, such as a historical import, would otherwise show only empty charts)."""
    latest = (incidents.filter(mission=mission,
                                occurred_start__lt=dt.datetime.combine(first_day, dt.time(), dt.UTC))
              .order_by("-occurred_start").values_list("occurred_start", flat=True).first())
    return latest.astimezone(dt.UTC).date() if latest else None


def _marking(report) -> str:
    """The classification marking (e.g. "STRICTLY CONFIDENTIAL"): the same in every language."""
    return str(report.classification).replace("_", " ")


@login_required
def sitrep_docx(request):
    """The situation report of `?day=` as a .docx download."""
    mission = current_mission(request)
    if mission is None:
        return _no_mission(request)
    try:
        _as_of, day = _days(request)
    except PeriodError as error:
        return HttpResponse(f"{error.sentence()} [{error.field}]", status=400, content_type="text/plain; charset=utf-8")
    language = get_language()
    report = situation_report(Incident.objects.visible_to(request.user), mission, day, language,
                              _("Outside any region"))
    record_sensitive_list(request.user, report.shown(), via="sitrep-docx")
    content = sitrep_document(report, language=language, author=request.user.get_full_name() or
                              request.user.username, classification_label=_marking(report))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="sitrep-{mission.code}-{day.isoformat()}.docx"'
    return response
