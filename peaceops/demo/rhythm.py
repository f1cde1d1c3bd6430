"""The scenario's calendar: how many incidents each day of the last two years gets, relative to the others.

A day's weight is the product of a weekly rhythm (more at weekends), a seasonal one (more in summer, less in
winter), a slight upward trend, and the flare-ups: tense periods around a date when incidents multiply.
"""

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass

#: Monday .. Sunday.
WEEKDAY_WEIGHT = (0.9, 0.9, 0.92, 0.95, 1.08, 1.22, 1.05)


@dataclass(frozen=True)
class FlareUp:
    """A tense period: incidents build up to the peak day and ebb away after it."""

    label: str
    peak: dt.date
    days_before: int
    days_after: int
    intensity: float  # multiplier of the daily rate on the peak day

    def level(self, day: dt.date) -> float:
        """0 outside the period, rising to 1 on the peak day."""
        offset = (day - self.peak).days
        if offset < -self.days_before or offset > self.days_after:
            return 0.0
        span = self.days_before if offset < 0 else self.days_after
        return 1.0 if span == 0 else 1.0 - abs(offset) / (span + 1)


def flare_ups(first: dt.date, last: dt.date) -> list[FlareUp]:
    """The scenario's tense periods between two days: the yearly 28 June (Vidovdan) commemorations, and one
    invented crisis, roadblocks in the north, placed 250 days before the end so every demo has one."""
    found = []
    for year in range(first.year, last.year + 1):
        peak = dt.date(year, 6, 28)
        if first <= peak <= last:
            found.append(FlareUp("tense week around the 28 June (Vidovdan) commemorations", peak, 4, 3, 3.0))
    crisis = last - dt.timedelta(days=250)
    if crisis >= first:
        found.append(FlareUp("roadblocks crisis in the north (invented for the demo)", crisis, 2, 12, 5.0))
    return found


class ScenarioCalendar:
    """The days of the scenario window with their weights, to draw incident days from."""

    def __init__(self, today: dt.date, days: int = 730):
        self.last = today - dt.timedelta(days=1)
        self.first = today - dt.timedelta(days=days)
        self.flare_ups = flare_ups(self.first, self.last)
        self.days = [self.first + dt.timedelta(days=n) for n in range(days)]
        cumulative, total = [], 0.0
        for n, day in enumerate(self.days):
            total += self.weight(day, progress=n / max(days - 1, 1))
            cumulative.append(total)
        self._cumulative = cumulative

    def weight(self, day: dt.date, *, progress: float) -> float:
        season = 1.0 + 0.35 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 196) / 365.25)
        trend = 0.9 + 0.2 * progress
        return WEEKDAY_WEIGHT[day.weekday()] * season * trend * (1.0 + self.flare_multiplier(day))

    def flare_multiplier(self, day: dt.date) -> float:
        """How much the flare-ups add to a day's rate (0 on a quiet day)."""
        return sum((f.intensity - 1.0) * f.level(day) for f in self.flare_ups)

    def flare_on(self, day: dt.date) -> tuple[FlareUp | None, float]:
        """The strongest flare-up on a day and its level (None, 0 on a quiet day)."""
        levels = [(f.level(day), f) for f in self.flare_ups]
        level, flare = max(levels, default=(0.0, None), key=lambda pair: pair[0])
        return (flare, level) if level > 0 else (None, 0.0)

    def draw_day(self, rng: random.Random) -> dt.date:
        index = bisect.bisect_right(self._cumulative, rng.random() * self._cumulative[-1])
        return self.days[min(index, len(self.days) - 1)]
