"""`peaceops reindex-places`: rebuild the place search's index from the gazetteer, areas and named places."""

from django.core.management.base import BaseCommand

from peaceops.geo.placeindex import rebuild


class Command(BaseCommand):
    help = ("Rebuild the place search's index of names from the loaded gazetteer, every mission's admin areas "
            "and named places. The loaders keep it up to date; run this after restoring a database by hand.")

    def handle(self, *args, **options):
        self.stdout.write(f"place index: {rebuild()} names")
