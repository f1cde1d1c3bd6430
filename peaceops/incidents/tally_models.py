"""Running tallies of incidents, kept by database triggers, so that whole-mission views need not read 1M rows.

- `DayTally`: incidents and casualties per mission x UTC day x category x visibility class. Serves time
  series (the COP histogram, aggregates by day/week/month/category) when no other filter applies.
- `CellMonthTally`: the same per mission x UTC month x H3 area cell (resolution 6) x admin areas x visibility
  class. Serves the COP's hexagons at resolutions 0-6 and admin-area counts over whole months.
- `IncidentExtent`: a box around every incident a mission has held, so that a map view containing it is known
  to filter nothing out.

A visibility class is (classification, owning organisation, releasability), which is all `visible_to` looks at:
PUBLIC rows keep owner 0 and no releasability (every member sees them). A tally row's `release_key`
(",3,7," for organisations 3 and 7) is the incident's releasability list as the triggers read it from the
releasability table; triggers on that table move the incident between classes when the list changes. Every insert, update and delete of an incident adjusts the tallies in
the same transaction (migration 0004, `tally_sql.py`), whatever code wrote it, so they are never stale. (The
batch import pauses the per-row triggers inside its own transaction and adjusts the tallies per batch.)
A missing category or cell is stored as 0 (so that the unique keys hold), rows that fall to zero stay.
"""

from django.db import models

#: The H3 resolution of CellMonthTally (the same as the incident cell index).
TALLY_CELL_RESOLUTION = 6
_SUMS = ("fatalities_low", "fatalities_best", "fatalities_high", "injured_best")


class _Tally(models.Model):
    """Counts and casualty sums of one visibility class."""

    mission_id = models.BigIntegerField()
    classification = models.CharField(max_length=24)
    owner_id = models.BigIntegerField(help_text="0 for PUBLIC rows")
    release_key = models.CharField(max_length=400, blank=True, help_text='",3,7,"; empty for PUBLIC rows')
    count = models.BigIntegerField(default=0)
    fatalities_low = models.BigIntegerField(default=0)
    fatalities_best = models.BigIntegerField(default=0)
    fatalities_high = models.BigIntegerField(default=0)
    injured_best = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class DayTally(_Tally):
    """Incidents of one mission, UTC day ('YYYY-MM-DD'), category (0: none) and visibility class."""

    day = models.CharField(max_length=10)
    category_id = models.BigIntegerField(help_text="0 when uncategorised")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["mission_id", "day", "category_id", "classification", "owner_id", "release_key"],
            name="uniq_day_tally")]

    def __str__(self) -> str:
        return f"{self.day} category {self.category_id}: {self.count}"


class CellMonthTally(_Tally):
    """Incidents of one mission, UTC month ('YYYY-MM'), H3 resolution-6 cell (0: none), admin areas (0: none)
    and visibility class. (A cell mostly lies in one admin-2 area: the areas add few rows.)"""

    month = models.CharField(max_length=7)
    cell = models.BigIntegerField(help_text="H3 cell at TALLY_CELL_RESOLUTION, 0 when the incident has none")
    admin1_id = models.BigIntegerField(help_text="0 when outside every admin-1 area")
    admin2_id = models.BigIntegerField(help_text="0 when outside every admin-2 area")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["mission_id", "month", "cell", "admin1_id", "admin2_id", "classification", "owner_id",
                    "release_key"],
            name="uniq_cell_month_tally")]

    def __str__(self) -> str:
        return f"{self.month} cell {self.cell:x}: {self.count}"


class IncidentExtent(models.Model):
    """A box holding every incident the mission has had (it grows, never shrinks)."""

    mission_id = models.BigIntegerField(primary_key=True)
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()

    def __str__(self) -> str:
        return f"mission {self.mission_id}: {self.min_lon},{self.min_lat},{self.max_lon},{self.max_lat}"


class TallyPause(models.Model):
    """PostgreSQL: while a row exists here, in the writer's own uncommitted transaction, the per-row tally
    triggers stand aside: the batch import adjusts the tallies itself with grouped statements per batch
    (tally_sql.adjust). Other transactions never see the row, so their triggers run. (SQLite drops and
    recreates its triggers inside the batch's transaction instead: see tally_sql.paused.)"""

    def __str__(self) -> str:
        return f"tally pause {self.pk}"
