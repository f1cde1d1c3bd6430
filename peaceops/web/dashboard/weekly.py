"""Incidents and fatalities per week by category group, over the dashboard's 26 weeks: one grouped query.

A category group is a category's ancestor at the second level of the taxonomy tree (the roots are taxonomy
families: "organised-violence", "acled", "mission"), or the category itself when it is a root.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek

from peaceops.incidents.models import Category

from ..templatetags.peaceops_names import category_name
from .periods import DashboardPeriod, midnight

UNCATEGORISED = ""


def group_path(path: str | None) -> str:
    """The path of the category group holding a category path ("mission/crime/theft" -> "mission/crime")."""
    if not path:
        return UNCATEGORISED
    return "/".join(path.split("/")[:2])


@dataclass
class CategorySeries:
    """One category group's weekly incidents and fatalities (best estimates)."""

    path: str
    name: str
    incidents: list[int]
    fatalities: list[int]

    @property
    def total_incidents(self) -> int:
        return sum(self.incidents)

    @property
    def total_fatalities(self) -> int:
        return sum(self.fatalities)


@dataclass
class WeeklyCounts:
    weeks: list[dt.date]
    series: list[CategorySeries] = field(default_factory=list)

    def week_totals(self) -> list[tuple[dt.date, int, int]]:
        return [
            (week, sum(s.incidents[i] for s in self.series), sum(s.fatalities[i] for s in self.series))
            for i, week in enumerate(self.weeks)
        ]


def weekly_counts(incidents, mission, period: DashboardPeriod, language: str, uncategorised: str) -> WeeklyCounts:
    """Counts of `incidents` (a visible_to() queryset) in the period's weeks, by category group, largest first."""
    weeks = period.weeks
    index = {week: i for i, week in enumerate(weeks)}
    rows = (
        incidents.filter(mission=mission, occurred_start__gte=midnight(weeks[0]), occurred_start__lt=period.end)
        .annotate(week=TruncWeek("occurred_start"))
        .values("week", "category__path")
        .annotate(n=Count("id"), fatalities=Sum("fatalities_best"))
        .order_by()
    )
    by_group: dict[str, CategorySeries] = {}
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
        path = group_path(row["category__path"])
        series = by_group.setdefault(path, CategorySeries(path, "", [0] * len(weeks), [0] * len(weeks)))
        series.incidents[index[week]] += row["n"]
        series.fatalities[index[week]] += row["fatalities"] or 0
    names = {
        c.path: category_name(c, language)
        for c in Category.objects.filter(mission=mission, path__in=[p for p in by_group if p]).only(
            "path", "name", "names")
    }
    for path, series in by_group.items():
        series.name = names.get(path, path) if path else uncategorised
    ordered = sorted(by_group.values(), key=lambda s: (-s.total_incidents, -s.total_fatalities, s.name))
    return WeeklyCounts(weeks=weeks, series=ordered)
