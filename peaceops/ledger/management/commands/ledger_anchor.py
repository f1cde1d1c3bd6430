"""`peaceops ledger-anchor [--mission X]`: append an anchor entry and print the chain head to publish.

Print the head somewhere the database's administrators cannot reach (the daily report, a message to
headquarters); `peaceops verify-ledger --anchor SEQ:HASH` later proves the chain was not rewritten since.
"""

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.ledger.services import anchor

from .verify_ledger import chain_name


class Command(BaseCommand):
    help = "Append an anchor to a ledger chain and print its head (sequence:hash)."

    def add_arguments(self, parser):
        parser.add_argument("--mission", metavar="CODE",
                            help="the mission's chain (default: the installation-wide chain)")

    def handle(self, *args, **options):
        mission_id = None
        if options["mission"]:
            mission_id = Mission.objects.filter(code=options["mission"]).values_list("pk", flat=True).first()
            if mission_id is None:
                raise CommandError(f"--mission: no mission {options['mission']!r}")
        entry = anchor(mission_id=mission_id)
        self.stdout.write(f"{chain_name(entry.chain)} ledger head: {entry.sequence}:{entry.entry_sha256}")
