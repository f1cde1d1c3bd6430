"""Top municipalities (admin-2) this month so far against their average over as many days in the 12 months
before: the months before from the cell-month tally, this month from the incidents, and one query for the
names of the areas.

Like is compared with like: on 15 March the first 15 days of March stand against 15 days' worth of the area's
average day over March of last year to February (its daily average over those 365 days, times 15), not
against a whole month's average, which would make every month look quiet until its end."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from peaceops.geo.models import AdminArea
from peaceops.incidents import tally
from peaceops.incidents.tally import TallySource

from ..templatetags.peaceops_names import area_name
from .periods import AVERAGE_MONTHS, DashboardPeriod, midnight

TOP = 10


@dataclass(frozen=True)
class AreaTrend:
    """An admin-2 area's incidents this month up to the dashboard's day, its monthly average over the 12
    months before, and its average for as many days (`expected`: the daily average over those 12 months times
    the days of this month so far)."""

    area_id: int
    name: str
    this_month: int
    monthly_average: float
    expected: float

    @property
    def ratio(self) -> float | None:
        """This month so far over the average for as many days (None when the area had none before)."""
        return self.this_month / self.expected if self.expected else None


def top_areas(user, incidents, mission, period: DashboardPeriod, language: str, top: int = TOP) -> list[AreaTrend]:
    """The `top` admin-2 areas by incidents this month so far (ties: higher average first). The 12 complete
    months before come from the cell-month tally; this month, still running, from `incidents` (a visible_to()
    set)."""
    month_start = midnight(period.month_start)
    before = Counter()
    source = TallySource(user, {"since": period.average_start.isoformat(), "until": period.month_start.isoformat()},
                         mission_ids=(mission.pk,))
    for row in tally.rows(source, ("admin2_id",), monthly=True):
        if row["admin2_id"]:
            before[row["admin2_id"]] += row["count"]
    this_month = Counter(dict(
        incidents.filter(mission=mission, admin2__isnull=False, occurred_start__gte=month_start,
                         occurred_start__lt=period.end)
        .values_list("admin2_id").annotate(n=Count("id")).order_by()
    ))
    rows = sorted(({"admin2_id": area, "this_month": n, "before": before[area]} for area, n in this_month.items()),
                  key=lambda r: (-r["this_month"], -r["before"], r["admin2_id"]))[:top]
    rows = list(rows)
    areas = AdminArea.objects.only("id", "name", "names").in_bulk([r["admin2_id"] for r in rows])
    days_before = (period.month_start - period.average_start).days
    return [
        AreaTrend(
            area_id=r["admin2_id"],
            name=area_name(areas.get(r["admin2_id"]), language),
            this_month=r["this_month"],
            monthly_average=r["before"] / AVERAGE_MONTHS,
            expected=r["before"] / days_before * period.month_days,
        )
        for r in rows
    ]
