"""`peaceops import-incidents --format F PATH`: import an incident file (UCDP GED, ACLED, PeaceOps CSV, GeoJSON).

Good rows are written, bad rows are reported with their line number and reason (and written to --rejects);
`--strict` writes nothing unless every row is good. Importing the same file again changes nothing. The text
encoding is detected (or given with --encoding) and said in the summary; a file that cannot be imported at all
(not in the format, empty, over a limit) ends the command with an error saying why.
"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission, Organisation
from peaceops.core.services import PermissionDenied
from peaceops.incidents.formats.readers import READERS
from peaceops.incidents.importing import IncidentImportError, import_incidents

#: How many rejected rows the summary lists (the --rejects file has them all).
SHOWN_REJECTS = 20


class Command(BaseCommand):
    help = "Import incidents from a UCDP GED, ACLED, PeaceOps CSV or GeoJSON file (plain or .gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to import (.gz is read compressed)")
        parser.add_argument("--format", required=True, help=f"one of: {', '.join(READERS)}")
        parser.add_argument("--mission", help="mission code (needed when the database has several missions)")
        parser.add_argument("--user", help="the acting user (the import is theirs in the change log)")
        parser.add_argument("--owner", help="owning organisation code (default: the user's organisation); "
                                            "with no --user this is a system import")
        parser.add_argument("--encoding", help="the file's text encoding, e.g. latin-1, cp1252, utf-16 "
                                               "(default: detected from the file's start)")
        parser.add_argument("--rejects", help="write rejected rows to this CSV file (line, reason, fields)")
        parser.add_argument("--strict", action="store_true", help="write nothing unless every row is good")
        parser.add_argument("--bulk", action="store_true",
                            help="a mission's first load while nobody else writes: one transaction, and on "
                                 "SQLite indexes rebuilt once at the end (other writers wait for the import)")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per transaction (default 2000)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        if options["format"] not in READERS:
            raise CommandError(f"--format: {options['format']!r} is not one of {', '.join(READERS)}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        mission = self._mission(options["mission"])
        user = self._user(options["user"])
        owner = self._owner(options["owner"])
        if user is None and owner is None:
            raise CommandError("give --user (the acting user) or --owner for a system import")
        try:
            report = import_incidents(
                options["path"], format=options["format"], mission=mission, acting_user=user, owner=owner,
                rejects_path=options["rejects"], strict=options["strict"],
                progress=not options["no_progress"] and sys.stderr.isatty(), batch_size=options["batch_size"],
                bulk=options["bulk"], encoding=options["encoding"],
            )
        except (IncidentImportError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        self.stdout.write(f"Encoding: {report.encoding}.")
        for line, reason in report.rejects[:SHOWN_REJECTS]:
            self.stdout.write(f"  line {line}: {reason}")
        if report.rejected > SHOWN_REJECTS:
            self.stdout.write(f"  ... and {report.rejected - SHOWN_REJECTS} more")
        if report.repaired:
            self.stdout.write(f"Repaired ({report.repaired} rows, written with the repair noted on the incident):")
            for line, repair in report.repairs[:SHOWN_REJECTS]:
                self.stdout.write(f"  line {line}: {repair}")
            if report.repaired > SHOWN_REJECTS:
                self.stdout.write(f"  ... and {report.repaired - SHOWN_REJECTS} more")
        if options["rejects"] and report.rejected:
            self.stdout.write(f"Rejected rows written to {options['rejects']}.")
        if not report.written:
            raise CommandError(f"--strict: {report.rejected} row(s) rejected, nothing written")

    def _mission(self, code: str | None) -> Mission:
        if code:
            mission = Mission.objects.filter(code=code).first()
            if mission is None:
                known = ", ".join(Mission.objects.values_list("code", flat=True)) or "none"
                raise CommandError(f"--mission: no mission {code!r} (known: {known})")
            return mission
        missions = list(Mission.objects.all()[:2])
        if len(missions) == 1:
            return missions[0]
        if not missions:
            raise CommandError("there is no mission yet: create one first")
        raise CommandError("give --mission CODE: the database has several missions")

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"--user: {username!r} is not active")
        return user

    def _owner(self, code: str | None) -> Organisation | None:
        if not code:
            return None
        owner = Organisation.objects.filter(code=code).first()
        if owner is None:
            raise CommandError(f"--owner: no organisation {code!r}")
        return owner
