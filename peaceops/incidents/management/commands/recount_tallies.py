"""`peaceops recount-tallies`: count the incident tallies again from the incidents themselves.

The database keeps the tallies right by itself (triggers, see incidents/tally_sql.py). This is for an
operator who restored a data-only dump, wrote to the incident tables by hand with the triggers removed, or
wants to check: it recounts in one transaction and says whether anything was off.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from peaceops.incidents import tally_sql
from peaceops.incidents.models import CellMonthTally, DayTally, Incident, IncidentExtent


def _snapshot() -> set:
    """Every tally row that counts something, as plain values (tallies are summaries: thousands of rows)."""
    rows = set()
    for model in (DayTally, CellMonthTally):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        rows.update((model.__name__, *values) for values in model.objects.exclude(count=0).values_list(*fields))
    return rows


class Command(BaseCommand):
    help = "Count the incident tallies (COP histogram, hexagons, dashboard) again from the incidents."

    def handle(self, *args, **options):
        with transaction.atomic():
            before = _snapshot()
            for model in (DayTally, CellMonthTally, IncidentExtent):
                model.objects.all().delete()
            with connection.cursor() as cursor:
                for statement in tally_sql.fill_sql(connection.vendor):
                    cursor.execute(statement)
            after = _snapshot()
        incidents = Incident.objects.count()
        if before == after:
            verdict = "they were right"
        else:
            verdict = f"{len(before ^ after):,} rows differed and are now right"
        self.stdout.write(f"Recounted the tallies of {incidents:,} incidents into {len(after):,} rows: {verdict}.")
