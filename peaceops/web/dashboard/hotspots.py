"""Top municipalities (admin-2) this month against their average month over the 12 months before: one grouped
query for the counts and one for the names of the areas listed."""

from dataclasses import dataclass

from django.db.models import Count, Q

from peaceops.geo.models import AdminArea

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


def top_areas(incidents, mission, period: DashboardPeriod, language: str, top: int = TOP) -> list[AreaTrend]:
    """The `top` admin-2 areas by incidents this month (ties: higher average first), from a visible_to() set."""
    month_start = midnight(period.month_start)
    rows = (
        incidents.filter(mission=mission, admin2__isnull=False,
                         occurred_start__gte=midnight(period.average_start), occurred_start__lt=period.end)
        .values("admin2_id")
        .annotate(
            this_month=Count("id", filter=Q(occurred_start__gte=month_start)),
            before=Count("id", filter=Q(occurred_start__lt=month_start)),
        )
        .filter(this_month__gt=0)
        .order_by("-this_month", "-before", "admin2_id")[:top]
    )
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
