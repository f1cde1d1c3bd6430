"""The coverage page (/analytics/coverage/): the most exposed, least patrolled cells of a week (or a span of
weeks), with a week picker and the same table as CSV (?format=csv)."""

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peaceops.core.dates import in_range

from . import coverage
from .pages import analyst_mission

#: Rows the page shows (the CSV has every cell).
PAGE_ROWS = 50


def parse_week(value: str | None) -> dt.date | None:
    """The Monday of the week holding an ISO date (any day of it); the last full week when empty; None when
    not a date."""
    if not value:
        return coverage.last_full_week()
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    if not in_range(day):
        return None
    return day - dt.timedelta(days=day.weekday())


def parse_span(value: str | None) -> int | None:
    """How many weeks, ending with the chosen one (1..MAX_WEEKS; 1 when empty); None when not such a number."""
    if not value:
        return 1
    return int(value) if value.isdigit() and 1 <= int(value) <= coverage.MAX_WEEKS else None


def rows_of(mission, result: coverage.Coverage, rows: list[coverage.CellCoverage]) -> list[dict]:
    names = coverage.name_cells(mission, rows, language=(get_language() or "en")[:2])
    return [{"cell": r.hex, "area": names.get(r.cell, ""), "incidents": r.incidents, "forecast": r.forecast,
             "hours": round(r.hours, 1), "exposure": round(r.exposure, 3), "index": round(r.index, 3)} for r in rows]


@login_required
def coverage_page(request):
    """The table of cells by not-looking index, most first; `?format=csv` downloads every cell."""
    mission = analyst_mission(request)
    week, span = parse_week(request.GET.get("week")), parse_span(request.GET.get("weeks"))
    context = {"mission": mission, "section": "coverage", "max_weeks": coverage.MAX_WEEKS,
               "week_text": request.GET.get("week", ""), "weeks_text": request.GET.get("weeks", "") or "1"}
    if week is None or span is None:
        context["error"] = _("Choose a day of the week (e.g. 2026-03-02) and from 1 to %(n)s weeks.") % {
            "n": coverage.MAX_WEEKS}
        return render(request, "analytics/coverage.html", context, status=400)
    weeks = [week - dt.timedelta(days=7 * i) for i in range(span - 1, -1, -1)]
    result = coverage.compute(request.user, mission, weeks)
    if request.GET.get("format") == "csv":
        return _csv(mission, result, week, span)
    context.update(week=week, weeks=weeks, span=span, result=result, week_text=week.isoformat(),
                   weeks_text=str(span), rows=rows_of(mission, result, result.cells[:PAGE_ROWS]),
                   total=len(result.cells), last_day=week + dt.timedelta(days=6))
    return render(request, "analytics/coverage.html", context)


def _csv(mission, result, week, span) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-{mission.code}-{week.isoformat()}-{span}w.csv"'
    writer = csv.writer(response)
    writer.writerow(["cell", "municipality", "incidents", "forecast", "hours", "exposure", "index"])
    for row in rows_of(mission, result, result.cells):
        writer.writerow([row["cell"], row["area"], row["incidents"],
                         "" if row["forecast"] is None else round(row["forecast"], 3), row["hours"],
                         row["exposure"], row["index"]])
    return response
