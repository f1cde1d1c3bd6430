"""The conduct statistics page (/conduct/statistics/), for holders of `conduct.statistics.view` in the current
mission (403 for anyone else): tables and bar charts of the mission's cases by UN mission, year, personnel
category, outcome, allegation and victims, small cells suppressed (`statistics`), filtered by years and UN
mission; the mission's threshold is stated."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peaceops.core.current_mission import current_mission
from peaceops.core.kit import charts
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.permissions import has_perm

from . import statistics
from .choices import PersonnelCategory
from .permissions import STATISTICS_VIEW

#: Short names under a chart's bars (the tables say them in full).
SHORT = {
    PersonnelCategory.MILITARY_CONTINGENT: "MC",
    PersonnelCategory.MILITARY_OBSERVER: "MO",
    PersonnelCategory.STAFF_OFFICER: "SO",
    PersonnelCategory.FORMED_POLICE: "FPU",
    PersonnelCategory.INDIVIDUAL_POLICE: "IPO",
    PersonnelCategory.GOVERNMENT_PROVIDED: "GPP",
    PersonnelCategory.CIVILIAN_INTERNATIONAL: "Civ.",
    PersonnelCategory.CIVILIAN_NATIONAL: "Nat.",
    PersonnelCategory.UN_VOLUNTEER: "UNV",
    PersonnelCategory.CONTRACTOR: "Contr.",
    PersonnelCategory.UNKNOWN: "?",
    "substantiated": "Subst.",
    "unsubstantiated": "Unsubst.",
    "insufficient_information": "Insuff.",
    "pending": "Pend.",
    "not_applicable": "N/A",
    "SA": "SA",
    "SE": "SE",
    "other": "Other",
    "unknown": "?",
    "child": "Child",
    "adult": "Adult",
}
#: The one-way tables of the page (year and personnel category come from the two-way table's totals).
ONE_WAY = ("un_mission", "outcome", "allegation", "victims")


def _mission_or_403(request):
    mission = current_mission(request)
    if mission is None or not has_perm(request.user, mission.pk, STATISTICS_VIEW):
        raise Forbidden(_("You may not see the conduct statistics of this mission."))
    return mission


def chart_of(table: statistics.Table) -> charts.BarChart:
    """A one-way table's bar chart: a hidden count drawn hatched up to the threshold, never at its value."""
    data = []
    for key, label, cell in table.lines:
        short = str(SHORT.get(key, label))
        if cell.suppressed:
            title = gettext("%(label)s: suppressed (fewer than %(n)s, or hidden to protect one)") % {
                "label": label,
                "n": table.threshold,
            }
        else:
            title = f"{label}: {cell.count}"
        data.append(charts.Datum(short, cell.count, title, ceiling=table.threshold))
    return charts.bar_chart(data)


@login_required
def statistics_page(request):
    """The tables and charts; `?from=&to=` (years) and `?un_mission=` narrow them (a bad value: the page says
    which, and shows every case)."""
    mission = _mission_or_403(request)
    error = None
    try:
        filters = statistics.Filters.of(
            request.GET.get("from"), request.GET.get("to"), request.GET.get("un_mission")
        )
    except FieldError as bad:
        error, filters = f"{bad.field}: {bad.message}", statistics.Filters()
    threshold = statistics.threshold_of(mission)
    both = statistics.table(mission, ("year", "personnel_category"), filters, threshold)
    sections = [("year", both.margin(0)), ("personnel_category", both.margin(1))]
    sections += [(d, statistics.table(mission, (d,), filters, threshold)) for d in ONE_WAY]
    return TemplateResponse(
        request,
        "conduct/statistics.html",
        {
            "mission": mission,
            "threshold": threshold,
            "filters": filters,
            "error": error,
            "two_way": both,
            "un_missions": statistics.un_missions(mission),
            "sections": [
                {"name": d, "title": statistics.DIMENSIONS[d], "table": t, "chart": chart_of(t)}
                for d, t in sections
            ],
        },
    )
