"""`peaceops export-records TYPE --user U --mission M [--output FILE]`: the records of a kit record type (e.g.
`sites.site`) that the user may see in the mission, in the record type's CSV (what `import-records --format csv`
reads back). Every record comes through `visible_to(user)`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.interop.records import RecordCsv, record_types, service_for


class Command(BaseCommand):
    help = "Export the records of a record type (sites.site, ...) the user may see, as CSV."

    def add_arguments(self, parser):
        parser.add_argument("record_type", help="e.g. sites.site")
        parser.add_argument("--user", required=True, help="whose view of the records is exported")
        parser.add_argument("--mission", required=True, help="mission code")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        service = service_for(options["record_type"])
        if service is None:
            raise CommandError(f"unknown record type {options['record_type']!r}: one of {', '.join(record_types())}")
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"--user: no active user {options['user']!r}")
        mission = Mission.objects.filter(code=options["mission"]).first()
        if mission is None:
            raise CommandError(f"--mission: no mission {options['mission']!r}")
        records = (service.model.objects.visible_to(user).filter(mission=mission).select_related("mission", "owner")
                   .prefetch_related(service.model.releases_in_force_prefetch()).order_by("pk"))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                RecordCsv(service).write(records, handle)
        else:
            RecordCsv(service).write(records, self.stdout)
