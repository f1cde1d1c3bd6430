"""`peaceops translate-taxonomy`: give existing default-taxonomy categories their Albanian and Serbian names."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.incidents.taxonomy_names import fill_category_names


class Command(BaseCommand):
    help = ("Fill missing Albanian (sq) and Serbian Latin (sr-latn) names of the default taxonomy's categories. "
            "Names a mission already has are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--mission", action="append", help="mission code (repeatable; default: all)")

    def handle(self, *args, mission=None, **options):
        missions = None
        if mission:
            missions = list(Mission.objects.filter(code__in=mission))
            unknown = set(mission) - {m.code for m in missions}
            if unknown:
                raise CommandError(f"no mission has code {', '.join(sorted(unknown))}")
        changed = fill_category_names(missions)
        self.stdout.write(f"{changed} categories given missing names")
