"""`peaceops ledger-anchor [--mission X]`: append an anchor entry and print the chain head to publish.

Print the head somewhere the database's administrators cannot reach (the daily report, a message to
headquarters); `peaceops verify-ledger --anchor SEQ:HASH` later proves the chain was not rewritten since.
"""

from django.core.management.base import BaseCommand

from peaceops.ledger.services import anchor

from . import mission_option
from .verify_ledger import chain_name


class Command(BaseCommand):
    help = "Append an anchor to a ledger chain and print its head (sequence:hash)."

    def add_arguments(self, parser):
        parser.add_argument("--mission", metavar="CODE",
                            help="the mission's chain (default: the installation-wide chain)")

    def handle(self, *args, **options):
        mission_id = mission_option(options["mission"])
        entry = anchor(mission_id=mission_id)
        self.stdout.write(f"{chain_name(entry.chain)} ledger head: {entry.sequence}:{entry.entry_sha256}")
