"""The force registry's readiness for personnel staff: deployed against authorised strength per unit and
contingent (each unit at its latest `as_of`), and the planned rotations due within a window (60 days by
default), overdue ones flagged. Read through `visible_to(user)`: units the user may not see count nowhere."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .choices import RotationStatus
from .models import Rotation, Unit, UnitStrength
from .wps import HIDDEN_CONTINGENT, contingent_names

ROTATION_DAYS = 60


@dataclass(frozen=True)
class Strength:
    """Deployed against authorised strength of a unit (at `as_of`) or of a contingent (its units added up)."""

    label: str
    authorised: int
    deployed: int
    as_of: dt.date | None = None
    contingent: str = ""
    unit_id: int | None = None
    units: int = 1

    @property
    def percent(self) -> float | None:
        return 100 * self.deployed / self.authorised if self.authorised else None

    @property
    def gap(self) -> int:
        return self.authorised - self.deployed


@dataclass(frozen=True)
class Readiness:
    units: list[Strength]
    contingents: list[Strength]


def readiness(user, mission) -> Readiness:
    """Each visible unit's strength at its latest `as_of` (all rank categories and genders), and each
    contingent's total. Units without strengths are listed with nothing authorised."""
    units = Unit.objects.visible_to(user).filter(mission=mission)
    info = dict((pk, (name, contingent_id)) for pk, name, contingent_id
                in units.values_list("pk", "name", "contingent_id"))
    names = contingent_names(user, {c for _n, c in info.values()})
    latest: dict[int, dt.date] = {}
    counts: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    for unit_id, as_of, authorised, deployed in (UnitStrength.objects.filter(unit__in=units)
                                                 .values_list("unit_id", "as_of", "authorised", "deployed")):
        latest[unit_id] = max(latest.get(unit_id, as_of), as_of)
        row = counts[(unit_id, as_of)]
        row[0] += authorised
        row[1] += deployed
    shown = []
    for unit_id, (name, contingent_id) in info.items():
        as_of = latest.get(unit_id)
        authorised, deployed = counts[(unit_id, as_of)] if as_of else (0, 0)
        shown.append(Strength(name, authorised, deployed, as_of, names.get(contingent_id, str(HIDDEN_CONTINGENT)),
                              unit_id))
    shown.sort(key=lambda s: (s.contingent, s.label))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for unit in shown:
        total = totals[unit.contingent]
        total[0] += unit.authorised
        total[1] += unit.deployed
        total[2] += 1
    contingents = [Strength(label, a, d, units=n) for label, (a, d, n) in sorted(totals.items())]
    return Readiness(shown, contingents)


@dataclass(frozen=True)
class RotationDue:
    unit: str
    unit_id: int
    due_on: dt.date
    incoming: int
    outgoing: int
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)


def rotations_due(user, mission, today: dt.date, days: int = ROTATION_DAYS) -> list[RotationDue]:
    """The planned rotations of visible units due on or before `today` + `days` (those before `today`, not yet
    completed nor cancelled, are overdue), soonest first."""
    units = Unit.objects.visible_to(user).filter(mission=mission)
    rows = (Rotation.objects.filter(unit__in=units, status=RotationStatus.PLANNED,
                                    due_on__lte=today + dt.timedelta(days=days))
            .select_related("unit").order_by("due_on", "unit__name"))
    return [RotationDue(r.unit.name, r.unit_id, r.due_on, r.incoming, r.outgoing, (r.due_on - today).days)
            for r in rows]
