"""The time windows a dashboard reads: 26 weeks, this month so far against the 12 before it, one report day
(UTC)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from peaceops.core.dates import OUT_OF_RANGE, RANGE_PARAMS, in_range
from peaceops.core.kit.errors import FieldError

WEEKS = 26
AVERAGE_MONTHS = 12


class PeriodError(FieldError):
    """A date parameter that cannot be understood; `field` names the parameter."""


def parse_day(field: str, value: str | None, default: dt.date) -> dt.date:
    """An ISO date (YYYY-MM-DD) within the supported range of dates, or `default` when empty."""
    value = (value or "").strip()
    if not value:
        return default
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise PeriodError(field, _("must be a date, YYYY-MM-DD (not %(value)s)"), value=value) from None
    if not in_range(day):
        raise PeriodError(field, OUT_OF_RANGE, **RANGE_PARAMS)
    return day


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after (or before, if negative) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class DashboardPeriod:
    """The windows of a dashboard drawn as of the end of day `as_of` (UTC)."""

    as_of: dt.date

    @property
    def end(self) -> dt.datetime:
        """Exclusive end of every window: midnight after `as_of`."""
        return midnight(self.as_of + dt.timedelta(days=1))

    @property
    def first_week(self) -> dt.date:
        """Monday of the first of the 26 weeks (the last one holds `as_of`)."""
        monday = self.as_of - dt.timedelta(days=self.as_of.weekday())
        return monday - dt.timedelta(weeks=WEEKS - 1)

    @property
    def weeks(self) -> list[dt.date]:
        return [self.first_week + dt.timedelta(weeks=n) for n in range(WEEKS)]

    @property
    def month_start(self) -> dt.date:
        return self.as_of.replace(day=1)

    @property
    def month_days(self) -> int:
        """Days of this month up to and including `as_of` (the part of the month the dashboard counts)."""
        return self.as_of.day

    @property
    def average_start(self) -> dt.date:
        """First day of the 12 complete months before this month."""
        return add_months(self.as_of, -AVERAGE_MONTHS)
