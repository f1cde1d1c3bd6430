"""`peaceops export-incidents --format F --user U [filters] -o FILE`: write the incidents U may see to a file.

The export reads only what `Incident.objects.visible_to(user)` returns, narrowed by the same filters as the API,
and withholds what `partners.redaction` withholds from that user (sources of incidents their organisation
does not own, unless released with them). Every export is recorded in the ledger: who, format, filters, row
count and the SHA-256 of what was written.
A FILE ending in `.gz` is gzip-compressed; `-o -` writes to standard output. Writing to a file shows a
progress bar on standard error and replaces FILE only when the export is complete.
"""

import functools
import gzip
import hashlib
import os
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Mission
from peaceops.incidents.filters import filter_incidents
from peaceops.incidents.formats.exporters import FORMATS, export_incidents
from peaceops.incidents.formats.exporters.records import DEFAULT_CHUNK_SIZE
from peaceops.incidents.models import Incident
from peaceops.interop.exporters.digest import file_sha256
from peaceops.ledger.services import record_export
from peaceops.partners.redaction import Reader

#: Filter options, each passed to filter_incidents under the parameter name of the API.
FILTERS = {
    "mission": "mission code, e.g. UNMIK",
    "bbox": "min_lon,min_lat,max_lon,max_lat",
    "since": "occurred on or after this ISO date or time (UTC unless a zone is given)",
    "until": "occurred before this ISO date or time",
    "category": "category path or code; includes its sub-categories",
    "admin_area": "admin area id (region or municipality)",
    "actor": "actor name (case-insensitive) or id",
    "status": "comma list: draft, reported, verified, closed",
    "classification": "comma list: PUBLIC, CONFIDENTIAL, STRICTLY_CONFIDENTIAL",
    "q": "text in the title, description or place name",
}


def option_name(parameter: str) -> str:
    """The command-line option of a filter parameter (`admin_area` -> `--admin-area`)."""
    return "--" + parameter.replace("_", "-")


class _Hashing:
    """A text stream that passes writes on and keeps the SHA-256 of their UTF-8 bytes."""

    def __init__(self, out):
        self.out, self.sha256 = out, hashlib.sha256()

    def write(self, text: str):
        self.sha256.update(text.encode())
        return self.out.write(text)


class Command(BaseCommand):
    help = "Export the incidents a user may see, as PeaceOps CSV, GeoJSON, HXL or UCDP GED."

    def add_arguments(self, parser):
        parser.add_argument("--format", default="csv", choices=sorted(FORMATS), help="file format (default csv)")
        parser.add_argument("--user", metavar="USERNAME", help="export what this user may see (required)")
        parser.add_argument("-o", "--output", metavar="FILE", default="-",
                            help="file to write ('.gz' compresses; '-', the default, is standard output)")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE,
                            help="incidents read per database round (default %(default)s)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        for name, meaning in FILTERS.items():
            parser.add_argument(option_name(name), dest=name, help=meaning)

    def handle(self, *args, **options):
        user = self._user(options["user"])
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        params = {name: options[name] for name in FILTERS if options.get(name) not in (None, "")}
        options["reader"] = Reader.of_user(user)
        try:
            queryset = filter_incidents(Incident.objects.visible_to(user), params, options["reader"])
            queryset = queryset.order_by("occurred_start", "pk")
            if options["output"] == "-":
                count, digest = self._to_stdout(queryset, options)
            else:
                count = self._to_file(queryset, Path(options["output"]), options)
                digest = file_sha256(Path(options["output"]))
        except FieldError as exc:
            raise CommandError(f"{option_name(exc.field)}: {exc.message}") from exc
        where = "standard output" if options["output"] == "-" else options["output"]
        mission_id = Mission.objects.filter(code=params.get("mission", "")).values_list("pk", flat=True).first()
        record_export(user=user, mission_id=mission_id, format=options["format"], filters=params, rows=count,
                      sha256=digest, destination=where)
        self.stderr.write(f"Exported {count} incident(s) as {options['format']} to {where}.")

    def _user(self, username: str | None):
        if not username:
            raise CommandError("--user is required: the export contains only what that user may see")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"--user: user {username!r} is inactive")
        return user

    def _to_stdout(self, queryset, options) -> tuple[int, str]:
        """Write to standard output; the count and the SHA-256 of the UTF-8 text written."""
        self.stdout.ending = ""  # the exporter writes its own line ends
        out = _Hashing(self.stdout)
        count = export_incidents(queryset, format=options["format"], out=out, chunk_size=options["chunk_size"],
                                 reader=options["reader"])
        return count, out.sha256.hexdigest()

    def _to_file(self, queryset, path: Path, options) -> int:
        """Write to a temporary file beside `path`, then move it into place: no half-written exports."""
        partial = path.with_name(path.name + ".partial")
        opener = functools.partial(gzip.open, compresslevel=6) if path.name.endswith(".gz") else open
        try:
            with opener(partial, "wt", encoding="utf-8", newline="") as out:
                count = self._write_with_progress(queryset, out, path, options)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return count

    def _write_with_progress(self, queryset, out, path: Path, options) -> int:
        export = dict(format=options["format"], out=out, chunk_size=options["chunk_size"],
                      reader=options["reader"])
        if options["no_progress"]:
            return export_incidents(queryset, **export)
        total = queryset.count()
        console = Console(file=getattr(self.stderr, "_out", sys.stderr))
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task(f"Exporting to {path.name}", total=total)
            return export_incidents(queryset, **export, progress=lambda n: progress.advance(task, n))
