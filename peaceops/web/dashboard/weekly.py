"""Incidents and fatalities per week by category group, over the dashboard's 26 weeks, from the day tally.

A category group is a category's ancestor at the second level of the taxonomy tree (the roots are taxonomy
families: "organised-violence", "acled", "mission"), or the category itself when it is a root.
"""

import datetime as dt
from dataclasses import dataclass, field

from peaceops.incidents import tally
from peaceops.incidents.models import Category
from peaceops.incidents.tally import TallySource

from ..templatetags.peaceops_names import category_name
from .periods import DashboardPeriod

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


def weekly_counts(user, mission, period: DashboardPeriod, language: str, uncategorised: str) -> WeeklyCounts:
    """Counts of the incidents `user` may see in the period's weeks, by category group, largest first (from the
    day tally: a few thousand rows, whatever the number of incidents)."""
    weeks = period.weeks
    index = {week: i for i, week in enumerate(weeks)}
    source = TallySource(user, {"since": weeks[0].isoformat(), "until": period.end.date().isoformat()},
                         mission_ids=(mission.pk,))
    categories = list(Category.objects.filter(mission=mission).only("id", "path", "name", "names"))
    paths = {c.pk: c.path for c in categories}
    by_group: dict[str, CategorySeries] = {}
    for row in tally.rows(source, ("day", "category_id")):
        day = dt.date.fromisoformat(row["day"])
        week = day - dt.timedelta(days=day.weekday())
        path = group_path(paths.get(row["category_id"]))
        series = by_group.setdefault(path, CategorySeries(path, "", [0] * len(weeks), [0] * len(weeks)))
        series.incidents[index[week]] += row["count"]
        series.fatalities[index[week]] += row["fatalities_best"]
    names = {c.path: category_name(c, language) for c in categories if c.path in by_group}
    for path, series in by_group.items():
        series.name = names.get(path, path) if path else uncategorised
    ordered = sorted(by_group.values(), key=lambda s: (-s.total_incidents, -s.total_fatalities, s.name))
    return WeeklyCounts(weeks=weeks, series=ordered)
