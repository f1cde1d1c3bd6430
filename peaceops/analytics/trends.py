"""Weekly incident counts per admin area or category over the last N weeks, with an anomaly flag for the latest
week against that group's own baseline.

The rule (docs/user/analytics.md): a group's latest week is ANOMALOUS when it has at least MIN_COUNT incidents
and more than mean + 2 standard deviations of the same group's BASELINE_WEEKS weeks before it (population
standard deviation; weeks without incidents count as 0). The Poisson upper-tail probability P(X >= count) with
the baseline mean as rate is reported beside it as `p_value` (0 when the baseline is empty), for reading, not
for the flag.

Weeks start on Monday, 00:00 UTC; the latest week is the one containing `as_of` (it may still be running).
`monthly_trends` does the same by calendar month (UTC), the latest month against the BASELINE_MONTHS before it.
Rows come from a queryset already restricted by `visible_to(user)` and the filters: one query, a few columns.
"""

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.stats import poisson

from peaceops.geo.models import AdminArea
from peaceops.incidents.filters import FilterError
from peaceops.incidents.models import Category

GROUPINGS = {"admin1": "admin1_id", "admin2": "admin2_id", "category": "category_id"}
BASELINE_WEEKS = 12
DEFAULT_WEEKS = 13  # the latest week and its 12-week baseline
MAX_WEEKS = 104
BASELINE_MONTHS = 12
DEFAULT_MONTHS = 13  # the latest month and its 12-month baseline
MAX_MONTHS = 60
MIN_COUNT = 3
SIGMAS = 2.0


@dataclass(frozen=True)
class TrendWindow:
    """The weeks a trend covers: `weeks` Mondays, the last one being the week of `as_of`."""

    as_of: dt.date
    weeks: int

    @property
    def last_week(self) -> dt.date:
        return self.as_of - dt.timedelta(days=self.as_of.weekday())

    @property
    def first_week(self) -> dt.date:
        return self.last_week - dt.timedelta(weeks=self.weeks - 1)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first_week, dt.time(), tzinfo=dt.UTC)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last_week + dt.timedelta(weeks=1), dt.time(), tzinfo=dt.UTC)

    def mondays(self) -> list[dt.date]:
        return [self.first_week + dt.timedelta(weeks=i) for i in range(self.weeks)]


def check_window(as_of: dt.date, weeks: int) -> TrendWindow:
    if not 2 <= weeks <= MAX_WEEKS:
        raise FilterError("weeks", f"must be between 2 and {MAX_WEEKS} (got {weeks})")
    return TrendWindow(as_of, weeks)


def anomaly(count: int, baseline: list[int]) -> dict:
    """The latest week's count against its baseline weeks: mean, sd, p_value and the flag (see the rule above)."""
    values = np.asarray(baseline, dtype=float)
    mean = float(values.mean()) if len(values) else 0.0
    sd = float(values.std()) if len(values) else 0.0
    p_value = float(poisson.sf(count - 1, mean)) if mean > 0 else (0.0 if count > 0 else 1.0)
    flagged = count >= MIN_COUNT and count > mean + SIGMAS * sd
    return {"count": count, "baseline_mean": round(mean, 3), "baseline_sd": round(sd, 3),
            "p_value": p_value if not math.isnan(p_value) else 1.0, "anomaly": flagged}


def trends(queryset, by: str, window: TrendWindow, depth: int | None = None) -> dict:
    """Weekly counts and fatalities (best) per group, and each group's anomaly test for the latest week.

    With by=category and a `depth`, categories are rolled up to their first `depth` levels and keyed by path."""
    mondays = window.mondays()
    groups, total = _grouped(queryset, by, depth, window.start, window.end, mondays,
                             lambda day: day - dt.timedelta(days=day.weekday()), BASELINE_WEEKS)
    return {"by": by, "depth": depth, "as_of": window.as_of, "weeks": [m.isoformat() for m in mondays],
            "baseline_weeks": min(BASELINE_WEEKS, window.weeks - 1), "groups": groups, "total": total}


@dataclass(frozen=True)
class MonthWindow:
    """The calendar months a monthly trend covers: `months` months, the last one being the month of `as_of`."""

    as_of: dt.date
    months: int

    def firsts(self) -> list[dt.date]:
        """The first day of each month, oldest first."""
        index = self.as_of.year * 12 + self.as_of.month - 1
        return [dt.date((i) // 12, i % 12 + 1, 1) for i in range(index - self.months + 1, index + 1)]

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.firsts()[0], dt.time(), tzinfo=dt.UTC)

    @property
    def end(self) -> dt.datetime:
        last = self.firsts()[-1]
        following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
        return dt.datetime.combine(following, dt.time(), tzinfo=dt.UTC)


def check_month_window(as_of: dt.date, months: int) -> MonthWindow:
    if not 2 <= months <= MAX_MONTHS:
        raise FilterError("months", f"must be between 2 and {MAX_MONTHS} (got {months})")
    return MonthWindow(as_of, months)


def monthly_trends(queryset, by: str, window: MonthWindow, depth: int | None = None) -> dict:
    """As `trends`, by calendar month (UTC): each group's latest month is tested against its own
    BASELINE_MONTHS months before it, by the same rule (docs/user/analytics.md)."""
    firsts = window.firsts()
    groups, total = _grouped(queryset, by, depth, window.start, window.end, firsts,
                             lambda day: day.replace(day=1), BASELINE_MONTHS)
    for group in groups:
        group["months"] = group.pop("weeks")
    return {"by": by, "depth": depth, "as_of": window.as_of, "months": [m.isoformat() for m in firsts],
            "baseline_months": min(BASELINE_MONTHS, window.months - 1), "groups": groups, "total": total}


def _grouped(queryset, by: str, depth: int | None, start: dt.datetime, end: dt.datetime, periods: list,
             period_of, baseline_periods: int) -> tuple[list[dict], int]:
    """Counts and fatalities per group and period (`period_of` maps a UTC day to its period's first day), each
    group's test of its latest period against the `baseline_periods` before it, most notable first; and the
    incidents counted."""
    if by not in GROUPINGS:
        raise FilterError("by", f"{by!r} is not one of: {', '.join(GROUPINGS)}")
    if depth is not None and (by != "category" or depth < 1):
        raise FilterError("depth", "applies to by=category only and must be 1 or more")
    rows = (queryset.filter(occurred_start__gte=start, occurred_start__lt=end)
            .order_by().values_list("occurred_start", GROUPINGS[by], "fatalities_best"))
    counts: Counter = Counter()
    killed: Counter = Counter()
    for moment, key, fatalities in rows.iterator(chunk_size=5000):
        period = period_of(moment.astimezone(dt.UTC).date())
        counts[key, period] += 1
        killed[key, period] += fatalities
    if depth:
        counts, killed, labels = _rolled_up(counts, killed, depth)
    else:
        labels = _labels(by, {key for key, _ in counts})
    keys = {key for key, _ in counts}
    groups = []
    for key in keys:
        series = [counts[key, p] for p in periods]
        baseline = series[-1 - baseline_periods:-1]
        groups.append({"key": key, "label": labels.get(key, "(none)"), "weeks": series,
                       "fatalities": [killed[key, p] for p in periods],
                       "total": sum(series), **_latest(anomaly(series[-1], baseline))})
    groups.sort(key=lambda g: (not g["anomaly"], -g["latest"], -g["total"], str(g["label"])))
    return groups, sum(counts.values())


def _latest(test: dict) -> dict:
    test["latest"] = test.pop("count")
    return test


def _labels(by: str, keys: set) -> dict:
    ids = [k for k in keys if k is not None]
    if by == "category":
        return {pk: f"{name} ({path})" for pk, name, path in
                Category.objects.filter(pk__in=ids).values_list("id", "name", "path")}
    return dict(AdminArea.objects.filter(pk__in=ids).values_list("id", "name"))


def _rolled_up(counts: Counter, killed: Counter, depth: int) -> tuple[Counter, Counter, dict]:
    """Counts keyed by (category id, week) merged into (category path cut to `depth` levels, week), and the
    labels of those paths."""
    ids = {key for key, _ in counts if key is not None}
    paths = {pk: "/".join(path.split("/")[:depth]) for pk, path in
             Category.objects.filter(pk__in=ids).values_list("id", "path")}
    merged, merged_killed = Counter(), Counter()
    for (key, week), n in counts.items():
        merged[paths.get(key), week] += n
        merged_killed[paths.get(key), week] += killed[key, week]
    names = dict(Category.objects.filter(path__in=set(paths.values())).values_list("path", "name"))
    return merged, merged_killed, {p: f"{names.get(p, p)} ({p})" for p in set(paths.values())}
