"""Top municipalities (admin-2) this month against their average month over the 12 months before: the months
before from the cell-month tally, this month from the incidents, and one query for the names of the areas."""

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
    """An admin-2 area's incidents this month and its monthly average over the 12 months before."""

    area_id: int
    name: str
    this_month: int
    monthly_average: float

    @property
    def ratio(self) -> float | None:
        """This month over the average (None when the area had none before)."""
        return self.this_month / self.monthly_average if self.monthly_average else None


def top_areas(user, incidents, mission, period: DashboardPeriod, language: str, top: int = TOP) -> list[AreaTrend]:
    """The `top` admin-2 areas by incidents this month (ties: higher average first). The 12 complete months
    before come from the cell-month tally; this month, still running, from `incidents` (a visible_to() set)."""
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
    return [
        AreaTrend(
            area_id=r["admin2_id"],
            name=area_name(areas.get(r["admin2_id"]), language),
            this_month=r["this_month"],
            monthly_average=r["before"] / AVERAGE_MONTHS,
        )
        for r in rows
    ]
