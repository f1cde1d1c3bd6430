"""The daily situation report: the incidents of one UTC day, grouped by region (admin-1), with totals.

Reads two queries whatever the size of the day: totals per region, and the listed incidents (at most
`LIMIT`; the totals still count every incident), and the head of the mission's ledger chain as it stood."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from peaceops.core.choices import Classification
from peaceops.geo.models import AdminArea
from peaceops.ledger.chain import head as chain_head

from ..templatetags.peaceops_names import area_name
from .periods import midnight

LIMIT = 1000
_LEVELS = [Classification.PUBLIC, Classification.CONFIDENTIAL, Classification.STRICTLY_CONFIDENTIAL]


@dataclass
class Region:
    """One admin-1 region's part of the report (region None: incidents outside any known region)."""

    name: str
    incidents: int = 0
    fatalities: int = 0
    injured: int = 0
    listed: list = field(default_factory=list)


@dataclass
class SituationReport:
    mission: object
    day: dt.date
    regions: list[Region]
    #: The head (sequence, hash) of the mission's ledger chain when the report was made: an anchor that
    #: `peaceops verify-ledger --mission CODE --anchor SEQ:HASH` checks later.
    ledger_head: tuple[int, str] | None = None

    @property
    def incidents(self) -> int:
        return sum(r.incidents for r in self.regions)

    @property
    def fatalities(self) -> int:
        return sum(r.fatalities for r in self.regions)

    @property
    def injured(self) -> int:
        return sum(r.injured for r in self.regions)

    @property
    def listed(self) -> int:
        return sum(len(r.listed) for r in self.regions)

    def shown(self) -> list[tuple]:
        """(id, mission id, classification) of each incident listed (what `record_sensitive_list` reads)."""
        return [(i.pk, self.mission.pk, i.classification) for r in self.regions for i in r.listed]

    @property
    def classification(self) -> str:
        """The highest classification of the incidents listed: the marking the report carries."""
        seen = {i.classification for r in self.regions for i in r.listed}
        return max(seen, key=_LEVELS.index) if seen else Classification.PUBLIC


def situation_report(incidents, mission, day: dt.date, language: str, outside: str) -> SituationReport:
    """The report for `day` from `incidents` (a visible_to() queryset); `outside` names the no-region group."""
    window = incidents.filter(
        mission=mission, occurred_start__gte=midnight(day), occurred_start__lt=midnight(day + dt.timedelta(days=1))
    )
    totals = list(
        window.values("admin1_id").annotate(n=Count("id"), killed=Sum("fatalities_best"), hurt=Sum("injured_best"))
        .order_by()
    )
    listed = list(
        window.select_related("category", "admin1", "admin2")
        .only("id", "title", "occurred_start", "time_precision", "location_name", "fatalities_best",
              "injured_best", "status", "classification", "admin1_id", "category__name", "category__names",
              "category__path", "admin1__name", "admin1__names", "admin2__name", "admin2__names")
        .order_by("occurred_start", "id")[:LIMIT]
    )
    names = {i.admin1_id: area_name(i.admin1, language) for i in listed if i.admin1_id}
    missing = [t["admin1_id"] for t in totals if t["admin1_id"] and t["admin1_id"] not in names]
    if missing:  # regions whose incidents are all beyond the listing limit
        names.update({a.pk: area_name(a, language) for a in AdminArea.objects.only("id", "name", "names")
                      .filter(pk__in=missing)})
    regions = {
        t["admin1_id"]: Region(names.get(t["admin1_id"], outside), t["n"], t["killed"] or 0, t["hurt"] or 0)
        for t in totals
    }
    for incident in listed:
        region = regions.setdefault(incident.admin1_id, Region(names.get(incident.admin1_id, outside)))
        region.listed.append(incident)
    ordered = sorted(regions.values(), key=lambda r: (r.name == outside, -r.incidents, r.name))
    head = chain_head(mission.pk)
    return SituationReport(mission=mission, day=day, regions=ordered,
                           ledger_head=(head.sequence, head.entry_sha256) if head else None)
