"""`peaceops load-gazetteer FILE [--user USERNAME]`: load a GeoNames gazetteer (dump or CSV with header)."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.geo.loaders import GeoDataError, load_gazetteer

from ._options import acting_user, show_warnings


class Command(BaseCommand):
    help = ("Load a GeoNames gazetteer: the tab-separated dump (e.g. XK.txt, XK.zip, allCountries.zip) or a "
            "CSV/TSV with a header row, plain or gzipped. Re-loading the same file changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoNames file (.txt, .csv, .tsv; may be .gz or .zip)")
        parser.add_argument("--user", help="Username recorded in the change log (default: system)")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar")

    def handle(self, *args, file, user, no_progress, **options):
        try:
            result = load_gazetteer(file, acting_user=acting_user(user),
                                    progress=not no_progress and options["verbosity"] > 0)
        except GeoDataError as exc:
            raise CommandError(str(exc)) from None
        show_warnings(self, result.errors, result.rejected)
        self.stdout.write(
            f"gazetteer: {result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.rejected} rejected"
        )
