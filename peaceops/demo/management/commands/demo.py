"""`peaceops demo`: load the demo missions into the configured database, print the logins, and serve (with the
background worker beside the web server; both stop on Ctrl-C).

The UNMIK mission gets synthetic incidents on Kosovo's real geography; MINUSCA gets the real UCDP GED events
of the Central African Republic. Running it again changes nothing (idempotent). Demo passwords are printed:
never run the demo on an installation holding real data.
"""

import datetime as dt
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from rich.console import Console
from rich.table import Table

from peaceops.demo.missions import LOADERS, MissionLoad
from peaceops.demo.scenario import DEFAULT_COUNT, DEFAULT_SEED


class Command(BaseCommand):
    help = (
        "Load the demo missions (UNMIK: synthetic incidents in Kosovo; MINUSCA: real UCDP GED events in the "
        "Central African Republic), print the demo logins and serve on http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Only load the demo data; do not serve.")
        parser.add_argument(
            "--mission",
            action="append",
            type=str.upper,
            choices=sorted(LOADERS),
            help="Load only this mission (repeatable; default: all demo missions).",
        )
        parser.add_argument(
            "--incidents",
            type=int,
            default=DEFAULT_COUNT,
            help=f"How many synthetic UNMIK incidents (default {DEFAULT_COUNT}).",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Seed of the UNMIK scenario.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day the synthetic scenario ends before (YYYY-MM-DD; default: today, UTC).",
        )
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help="Address to serve on (default 127.0.0.1:8000)."
        )
        parser.add_argument("--no-worker", action="store_true", help="Serve without the background worker.")

    def handle(self, *args, **options):
        if options["incidents"] < 0:
            raise CommandError("--incidents: must be zero or more")
        console = Console(file=self.stdout._out, highlight=False)
        if not console.is_terminal:
            console.width = 120
        progress = options["verbosity"] >= 1
        self._migrate(console)
        reports: list[MissionLoad] = []
        for code in options["mission"] or list(LOADERS):
            say = console.print if progress else (lambda message: None)
            if code == "UNMIK":
                report = LOADERS[code](
                    incidents=options["incidents"],
                    today=options["today"],
                    seed=options["seed"],
                    progress=progress,
                    say=say,
                )
            else:
                report = LOADERS[code](progress=progress, say=say)
            reports.append(report)
        self._summary(console, reports, options["addr"])
        if not options["no_serve"]:
            self._collect_static(console)
            if "PEACEOPS_REQUIRE_TWO_FACTOR" not in os.environ:
                # The demo's logins are public: asking its administrators to enrol an authenticator would
                # only slow a visitor down (set PEACEOPS_REQUIRE_TWO_FACTOR=1 to try the requirement).
                settings.PEACEOPS_REQUIRE_TWO_FACTOR = False
            from peaceops.worker.companion import worker_beside

            with worker_beside(enabled=not options["no_worker"]):
                call_command("runserver", options["addr"], use_reloader=False)

    def _migrate(self, console: Console) -> None:
        """Apply pending migrations quietly, so the demo also works on a fresh database."""
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            console.print("Preparing the database (migrate)")
            call_command("migrate", interactive=False, verbosity=0)

    def _collect_static(self, console: Console) -> None:
        """Write the hashed, precompressed static files (peaceops.web.delivery.StaticStorage) when the apps'
        files changed since the last run: the demo then serves what a production installation serves."""
        from django.contrib.staticfiles import finders

        sources = sorted(
            (path, storage.path(path)) for finder in finders.get_finders() for path, storage in finder.list([])
        )
        fingerprint = hashlib.sha256(
            "\n".join(f"{path} {os.stat(full).st_mtime_ns} {os.stat(full).st_size}" for path, full in sources)
            .encode()
        ).hexdigest()
        stamp = Path(settings.STATIC_ROOT) / ".peaceops-sources"
        if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists() and stamp.exists() and \
                stamp.read_text() == fingerprint:
            return
        console.print("Preparing the static files (collectstatic: hashed names, brotli and gzip copies)")
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint)

    def _summary(self, console: Console, reports: list[MissionLoad], addr: str) -> None:
        for report in reports:
            console.print(f"[bold]{report.code}[/bold]")
            for line in report.lines:
                console.print(f"  {line}")
        table = Table(title="Demo logins (demo only: never use these passwords on a real installation)")
        for column in ("Username", "Mission", "Organisation", "Role", "Password"):
            table.add_column(column)
        for report in reports:
            for login in report.logins:
                table.add_row(
                    login.username, login.mission, login.organisation, " + ".join(r.value for r in login.roles),
                    login.password,
                )
        console.print(table)
        console.print(f"PeaceOps demo: http://{addr}/")
