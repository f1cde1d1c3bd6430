"""Response clocks: how long the watch has to acknowledge an alert, to respond first and to close it, by
priority band, per mission (`models.ResponseClock`, edited in the mission administrators' admin).

Every mission gets the defaults below: installed by migration 0004 for the missions that existed then, when a
mission is created (`mission_created`, connected in `AlertsConfig.ready`), and for any band still missing when
the clocks are read (`clocks_for`). docs/operators/alert-clocks.md argues the values.

A clock starts when the alert is received and stops at a time on the alert (`STOPPED_BY`): acknowledged (a
claim, an assignment, a verification, a response, a close), first response (the first response tasked),
closed (closed or dismissed)."""

import datetime as dt

from .choices import ClockKind, PriorityBand
from .models import Alert, ResponseClock

#: Minutes to acknowledge, to first response, to close, by band.
DEFAULT_MINUTES = {
    PriorityBand.CRITICAL: (15, 60, 1440),  # a quarter of an hour, an hour, a day
    PriorityBand.HIGH: (30, 120, 2880),  # half an hour, two hours, two days
    PriorityBand.MEDIUM: (60, 480, 4320),  # an hour, a shift of eight hours, three days
    PriorityBand.LOW: (240, 1440, 10080),  # four hours, a day, a week
}
#: The time on an alert that stops each clock.
STOPPED_BY = {ClockKind.ACKNOWLEDGE: "acknowledged_at", ClockKind.RESPOND: "first_response_at",
              ClockKind.CLOSE: "closed_at"}


def install_defaults(mission) -> int:
    """Give the mission the default clock of every band it lacks (an edited clock is kept); returns how many
    were added."""
    have = set(ResponseClock.objects.filter(mission=mission).values_list("band", flat=True))
    missing = [ResponseClock(mission=mission, band=band, acknowledge_minutes=ack, respond_minutes=respond,
                             close_minutes=close)
               for band, (ack, respond, close) in DEFAULT_MINUTES.items() if band not in have]
    ResponseClock.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def clocks_for(mission) -> dict[str, ResponseClock]:
    """The mission's clock of each band (defaults installed for any band missing)."""
    clocks = {c.band: c for c in ResponseClock.objects.filter(mission=mission)}
    if len(clocks) < len(DEFAULT_MINUTES):
        install_defaults(mission)
        clocks = {c.band: c for c in ResponseClock.objects.filter(mission=mission)}
    return clocks


def due_at(alert: Alert, clock: str, clocks: dict[str, ResponseClock] | None = None) -> dt.datetime:
    """When the alert's `clock` runs out: its reception plus the minutes of its band's clock."""
    clocks = clocks or clocks_for(alert.mission)
    chosen = clocks.get(alert.priority_band) or clocks[PriorityBand.LOW]
    return alert.received_at + dt.timedelta(minutes=chosen.minutes(clock))


def met(alert: Alert, clock: str, clocks: dict[str, ResponseClock] | None = None) -> bool | None:
    """Whether the clock was stopped in time (None while it is still running)."""
    stopped = getattr(alert, STOPPED_BY[clock])
    if stopped is None:
        return None
    return stopped <= due_at(alert, clock, clocks)


def mission_created(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A receiver of `post_save` of missions: a new mission starts with the default clocks."""
    if created and not raw:
        install_defaults(instance)
