"""How community alerts were answered, for the dashboard: alerts by channel, by area and by week; how long the
watch took to acknowledge them and to respond first (median and 90th percentile); the share closed within
their close clock; the share of reporters with a phone who heard back. All from the alerts the user may see
(`Alert.objects.visible_to`), received in the window.

How each figure is counted (docs/user/alert-responses.md says it for readers):
- times are in minutes from reception; the median of an even number of alerts is the mean of the two middle
  ones; the 90th percentile is the nearest rank (the smallest time at least 90 % of the alerts reach: with 10
  alerts the 9th fastest, with 5 the 5th);
- misconduct allegations have no clocks: they count by channel, area and week, not in the times and shares
  (and only for who reads them: they are need-to-know, so the watch's figures leave them out);
- "closed within the deadline" is over the alerts whose close clock has ended by the window's end: closed
  (or dismissed), or still open past their deadline; an open alert within its time counts in neither part;
- "heard back": alerts with a reporter's phone that got at least one message to that number sent or delivered
  (the escalation's messages to the duty supervisor are not the reporter's), over alerts with a reporter's
  phone."""

import datetime as dt
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from peaceops.alerts.choices import AlertChannel
from peaceops.alerts.clocks import clocks_for, due_at
from peaceops.alerts.models import Alert
from peaceops.alerts.timeline import to_reporter
from peaceops.geo.models import AdminArea
from peaceops.messaging.choices import OutboundStatus
from peaceops.messaging.models import OutboundMessage


@dataclass(frozen=True)
class Spread:
    """Minutes from reception to a time on the alert: how many alerts had it, their median and 90th
    percentile (None without any)."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Share:
    """`part` of `whole` (`percent` None when `whole` is 0)."""

    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        return 100 * self.part / self.whole if self.whole else None


@dataclass
class ChannelSeries:
    """One channel's alerts per week (a series of the dashboard's weekly chart)."""

    name: str
    alerts: list[int]


@dataclass
class AlertFigures:
    weeks: list[dt.date]
    total: int = 0
    series: list[ChannelSeries] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_admin1: list[tuple[AdminArea | None, int]] = field(default_factory=list)
    by_admin2: list[tuple[AdminArea | None, int]] = field(default_factory=list)
    acknowledge: Spread = Spread(0, None, None)
    first_response: Spread = Spread(0, None, None)
    closed_in_time: Share = Share(0, 0)
    heard_back: Share = Share(0, 0)

    def week_totals(self) -> list[tuple[dt.date, int]]:
        return [(week, sum(s.alerts[i] for s in self.series)) for i, week in enumerate(self.weeks)]


def spread(minutes: list[float]) -> Spread:
    """The median and the nearest-rank 90th percentile of `minutes`."""
    if not minutes:
        return Spread(0, None, None)
    ordered = sorted(minutes)
    return Spread(len(ordered), statistics.median(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1])


def _minutes(later: dt.datetime, earlier: dt.datetime) -> float:
    return (later - earlier).total_seconds() / 60


def alert_figures(user, mission, weeks: list[dt.date], end: dt.datetime) -> AlertFigures:
    """The figures of the alerts of `mission` the user may see, received from the Monday `weeks[0]` (UTC) up
    to `end` (exclusive), week by week over `weeks`."""
    start = dt.datetime.combine(weeks[0], dt.time(), dt.UTC)
    alerts = list(Alert.objects.visible_to(user).filter(mission=mission, received_at__gte=start,
                                                        received_at__lt=end)
                  .only("id", "mission_id", "channel", "admin1_id", "admin2_id", "received_at", "acknowledged_at",
                        "first_response_at", "closed_at", "misconduct", "priority_band", "reporter_phone"))
    figures = AlertFigures(weeks=weeks, total=len(alerts))
    index = {week: i for i, week in enumerate(weeks)}
    per_channel: dict[str, list[int]] = {}
    for alert in alerts:
        day = alert.received_at.astimezone(dt.UTC).date()
        week = day - dt.timedelta(days=day.weekday())
        per_channel.setdefault(alert.channel, [0] * len(weeks))[index[week]] += 1
    labels = dict(AlertChannel.choices)
    figures.series = sorted((ChannelSeries(str(labels.get(c, c)), counts) for c, counts in per_channel.items()),
                            key=lambda s: (-sum(s.alerts), s.name))
    figures.by_channel = [(s.name, sum(s.alerts)) for s in figures.series]
    figures.by_admin1 = _by_area(Counter(a.admin1_id for a in alerts))
    figures.by_admin2 = _by_area(Counter(a.admin2_id for a in alerts))

    timed = [a for a in alerts if not a.misconduct]
    figures.acknowledge = spread([_minutes(a.acknowledged_at, a.received_at) for a in timed if a.acknowledged_at])
    figures.first_response = spread([_minutes(a.first_response_at, a.received_at) for a in timed
                                     if a.first_response_at])
    clocks = clocks_for(mission)
    ended, in_time = 0, 0
    for alert in timed:
        deadline = due_at(alert, "close", clocks)
        if alert.closed_at is not None or deadline <= end:
            ended += 1
            in_time += alert.closed_at is not None and alert.closed_at <= deadline
    figures.closed_in_time = Share(in_time, ended)
    figures.heard_back = _heard_back([a for a in timed if a.reporter_phone])
    return figures


def _by_area(counts: Counter) -> list[tuple[AdminArea | None, int]]:
    """Areas by count, most first (None: alerts without an area: position unknown or outside every area)."""
    areas = AdminArea.objects.only("id", "name", "names").in_bulk([pk for pk in counts if pk])
    rows = [(areas.get(pk) if pk else None, n) for pk, n in counts.items()]
    return sorted(rows, key=lambda row: (row[0] is None, -row[1], row[0].name if row[0] else ""))


def _heard_back(with_phone: list[Alert]) -> Share:
    if not with_phone:
        return Share(0, 0)
    by_id = {str(a.pk): a for a in with_phone}
    answered = set()
    messages = OutboundMessage.objects.filter(related_type="alerts.alert", related_id__in=list(by_id),
                                              status__in=(OutboundStatus.SENT, OutboundStatus.DELIVERED))
    for message in messages.only("related_id", "recipient", "channel"):
        if to_reporter(by_id[message.related_id], message):
            answered.add(message.related_id)
    return Share(len(answered), len(with_phone))
