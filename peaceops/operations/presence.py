"""Patrol presence: the time patrols spend in each H3 cell in each week (`CellPresence` rows), the measure of
where the mission looks. The resolution and the week are decided here once, for the tracks that write presence
and the coverage that reads it."""

import datetime as dt

#: The H3 resolution of presence and coverage cells (7: about 5 km², an edge of about 1.2 km).
RESOLUTION = 7


def week_of(moment: dt.datetime) -> dt.date:
    """The Monday (UTC) of the week a moment falls in: presence and coverage are counted per such week."""
    day = moment.astimezone(dt.UTC).date() if moment.tzinfo else moment.date()
    return day - dt.timedelta(days=day.weekday())
