"""`peaceops verify-ledger [--mission X] [--anchor SEQ:HASH]`: check the ledger's hash chains.

Recomputes every entry's hash and every covered change-log entry's hash, and reports the first broken link of
each chain (sequence number and what is wrong). `--anchor` checks that the chain still passes through a head
printed earlier (a daily report, `peaceops ledger-anchor`), which a rewrite of the whole chain cannot fake.
Exits with status 1 when a chain is broken.
"""

import re

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.core.progress import progress_bar
from peaceops.ledger.models import LedgerEntry
from peaceops.ledger.verify import chains, uncovered, verify_chain

from . import mission_option

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def chain_name(chain: int) -> str:
    """A chain as people name it: the mission code, or 'installation'."""
    if chain == 0:
        return "installation"
    code = Mission.objects.filter(pk=chain).values_list("code", flat=True).first()
    return code or f"mission {chain}"


def parse_anchor(text: str) -> tuple[int, str]:
    match = _ANCHOR.match(text.strip().lower())
    if not match:
        raise CommandError("--anchor: expected SEQUENCE:HASH, e.g. 1204:9f86d0…(64 hex digits)")
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = "Check the ledger's hash chains and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--mission", metavar="CODE", help="check only this mission's chain")
        parser.add_argument("--anchor", metavar="SEQ:HASH",
                            help="a head printed earlier that the chain must pass through (the chain of "
                                 "--mission, or the installation chain without it)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        mission_id = mission_option(options["mission"])
        anchor = parse_anchor(options["anchor"]) if options["anchor"] else None
        anchored_chain = mission_id or 0
        selected = chains(mission_id)
        if anchor and anchored_chain not in selected:
            selected.append(anchored_chain)
        total = LedgerEntry.objects.filter(chain__in=selected).count()
        failures, results = [], []
        with progress_bar("Verifying ledger", total, enabled=not options["no_progress"]) as bar:
            for chain in selected:
                result = verify_chain(chain, anchor=anchor if chain == anchored_chain else None,
                                      advance=bar.advance)
                results.append(result)
                name = chain_name(chain)
                if result.broken:
                    failures.append(name)
                    self.stdout.write(f"{name}: BROKEN at entry {result.broken.sequence}: "
                                      f"{result.broken.problem}: {result.broken.detail}")
                else:
                    head = f"{result.head[0]}:{result.head[1]}" if result.head else "empty"
                    self.stdout.write(f"{name}: OK, {result.entries} entries, {result.changes} change-log "
                                      f"entries covered, head {head}")
        if not selected:
            self.stdout.write("The ledger is empty.")
        if mission_id is None and not failures and (missing := uncovered(results)):
            failures.append("installation")
            self.stdout.write(f"installation: BROKEN: uncovered-changes: {missing} change-log entries are not "
                              "covered by the ledger (written around the application)")
        if failures:
            raise CommandError(f"ledger verification failed: {', '.join(failures)}")
        if anchor:
            self.stdout.write(f"The {chain_name(anchored_chain)} chain passes through the anchor {anchor[0]}.")
