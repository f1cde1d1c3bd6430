"""`manage.py propose_incidents MISSION [--distance-m 2000] [--window-hours 6]`: propose related incidents for
every patrol of a mission (`operations.linking.propose_all`); decisions already taken stay."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.operations import linking


class Command(BaseCommand):
    help = "Propose incidents near each patrol's track and time as related (decisions already taken stay)."

    def add_arguments(self, parser):
        parser.add_argument("mission", help="the mission's code")
        parser.add_argument("--distance-m", type=float, default=linking.DISTANCE_M)
        parser.add_argument("--window-hours", type=float, default=linking.WINDOW.total_seconds() / 3600)

    def handle(self, *args, **options):
        mission = Mission.objects.filter(code=options["mission"]).first()
        if mission is None:
            raise CommandError(f"no mission has code {options['mission']!r}")
        counts = linking.propose_all(mission, distance_m=options["distance_m"],
                                     window=dt.timedelta(hours=options["window_hours"]))
        self.stdout.write(f"{counts['patrols']} patrols against {counts['incidents']} incidents: "
                          f"{counts['found']} found, {counts['open']} open proposals")
