"""`peaceops load-named-places FILE --mission CODE [--user USERNAME]`: load a mission's named places."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.geo.loaders import GeoDataError
from peaceops.geo.named import load_named_places

from ._options import acting_user, show_warnings


class Command(BaseCommand):
    help = ("Load a mission's named places (bridges, crossing points, sites) from a JSON list of "
            '{"name", "names": {"sq": ..., "sr-Latn": ...}, "kind", "lon", "lat", "notes"}. '
            "A place of the same name in the mission is updated; loading the same file again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file (may be .gz)")
        parser.add_argument("--mission", required=True, help="Mission code, e.g. UNMIK")
        parser.add_argument("--user", help="Username recorded in the change log (default: system)")

    def handle(self, *args, file, mission, user, **options):
        found = Mission.objects.filter(code=mission).first()
        if found is None:
            raise CommandError(f"--mission: no mission '{mission}'")
        try:
            result = load_named_places(file, mission=found, acting_user=acting_user(user))
        except GeoDataError as exc:
            raise CommandError(str(exc)) from None
        show_warnings(self, result.errors, len(result.errors))
        self.stdout.write(f"named places: {result.created} created, {result.updated} updated, "
                          f"{result.unchanged} unchanged, {len(result.errors)} rejected")
