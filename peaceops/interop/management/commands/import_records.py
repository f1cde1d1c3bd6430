"""`peaceops import-records TYPE PATH --format F --mission M`: import a file into any kit record type
(e.g. `peaceops import-records sites.site peaceops/demo/data/geo_pko --format geo-pko --mission UNMIK`).

Good rows are written through the record type's service, bad rows reported with their line and reason (and
written to --rejects); importing the same file again changes nothing.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Mission, Organisation
from peaceops.core.services import PermissionDenied
from peaceops.interop.records import FormatError, formats_for, import_records, record_types, service_for

SHOWN_REJECTS = 20


class Command(BaseCommand):
    help = "Import a file into a record type (sites.site, ...) in one of its formats."

    def add_arguments(self, parser):
        parser.add_argument("record_type", help="e.g. sites.site")
        parser.add_argument("path", help="the file (or, for geo-pko, the directory) to import")
        parser.add_argument("--format", required=True)
        parser.add_argument("--mission", required=True, help="mission code")
        parser.add_argument("--user", help="the acting user (the import is theirs in the change log)")
        parser.add_argument("--owner", help="owning organisation code (default: the user's); with no --user "
                                            "this is a system import")
        parser.add_argument("--rejects", help="write rejected rows to this CSV file (line, reason, fields)")

    def handle(self, *args, **options):
        service = service_for(options["record_type"])
        if service is None:
            raise CommandError(f"unknown record type {options['record_type']!r}: one of {', '.join(record_types())}")
        if options["format"] not in formats_for(service.model):
            raise CommandError(f"--format: one of {', '.join(formats_for(service.model))}")
        mission = Mission.objects.filter(code=options["mission"]).first()
        if mission is None:
            raise CommandError(f"--mission: no mission {options['mission']!r}")
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        if options["user"] and user is None:
            raise CommandError(f"--user: no user {options['user']!r}")
        owner = Organisation.objects.filter(code=options["owner"]).first() if options["owner"] else None
        if options["owner"] and owner is None:
            raise CommandError(f"--owner: no organisation {options['owner']!r}")
        if user is None and owner is None:
            raise CommandError("give --user (the acting user) or --owner for a system import")
        try:
            report = import_records(service, options["path"], format=options["format"], mission=mission,
                                    acting_user=user, owner=owner, rejects_path=options["rejects"],
                                    system=user is None)
        except (FormatError, FieldError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        for line, reason in report.rejects[:SHOWN_REJECTS]:
            self.stdout.write(f"  line {line}: {reason}")
