"""`peaceops export-records TYPE --user U --mission M [--format F] [--output FILE]`: the records of a kit record
type (e.g. `sites.site`) that the user may see in the mission, in the record type's CSV (what `import-records
--format csv` reads back) or another format it registered with a writer (alerts: `hxl`). Every record comes
through `visible_to(user)`; personal fields the user may not see are masked (`core.kit.personal`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.interop.records import RecordCsv, formats_for, record_types, service_for


class Command(BaseCommand):
    help = "Export the records of a record type (sites.site, ...) the user may see, as CSV or another format."

    def add_arguments(self, parser):
        parser.add_argument("record_type", help="e.g. sites.site")
        parser.add_argument("--user", required=True, help="whose view of the records is exported")
        parser.add_argument("--mission", required=True, help="mission code")
        parser.add_argument("--format", default="csv", help="csv (default) or a format of the record type")
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
        fmt = formats_for(service.model).get(options["format"])
        if fmt is None or (fmt.name != "csv" and fmt.write is None):
            writable = [name for name, f in formats_for(service.model).items() if name == "csv" or f.write]
            raise CommandError(f"--format: {options['format']!r} cannot be written for {options['record_type']}: "
                               f"one of {', '.join(writable)}")
        write = fmt.write if fmt.write is not None else RecordCsv(service).write
        records = (service.model.objects.visible_to(user).filter(mission=mission).select_related("mission", "owner")
                   .prefetch_related(service.model.releases_in_force_prefetch()).order_by("pk"))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                write(records, handle, reader=user)
        else:
            write(records, self.stdout, reader=user)
