"""`peaceops forecast evaluate`: score PeaceOps' forecast model against the ViEWS benchmarks on a UCDP GED
file with a rolling origin, and write the report (markdown, CSV, chart). It reads files only; it does not
touch the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.analytics.forecasting import evaluate as evaluation


class Command(BaseCommand):
    help = "Forecasting: `evaluate` scores the model against the benchmarks on a UCDP GED CSV."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("evaluate", help="rolling-origin evaluation on a UCDP GED CSV (.csv or .csv.gz)")
        run.add_argument("--source", required=True, help="UCDP GED CSV file")
        run.add_argument("--level", required=True, choices=evaluation.LEVELS)
        run.add_argument("--scored-months", type=int, required=True, help="score the last N months")
        run.add_argument("--boundary", help="GeoJSON of the country (PRIO-GRID: score every cell it covers)")
        run.add_argument("--tuning-months", type=int, default=12)
        run.add_argument("--refit-every", type=int, default=12)
        run.add_argument("--trees", type=int, default=120, help="boosting iterations per model")
        run.add_argument("--bootstrap", type=int, default=1000)
        run.add_argument("--seed", type=int, default=0)
        run.add_argument("--title")
        run.add_argument("-o", "--output", required=True, help="directory for the report")

    def handle(self, *args, **options):
        source = Path(options["source"])
        if not source.exists():
            raise CommandError(f"no such file: {source}")
        data = evaluation.load_ged(source, options["level"], options.get("boundary"))
        show = options.get("verbosity", 1) >= 1
        from rich.progress import Progress

        with Progress(disable=not show, transient=True) as bar:
            def progress(total):
                task = bar.add_task(f"{options['level']} forecasts", total=total)
                return lambda: bar.advance(task)

            try:
                result = evaluation.evaluate(
                    data, options["scored_months"], tuning_months=options["tuning_months"],
                    refit_every=options["refit_every"], seed=options["seed"], max_iter=options["trees"],
                    boot=options["bootstrap"], progress=progress)
            except ValueError as error:
                raise CommandError(str(error)) from error
        paths = evaluation.write_report(result, options["output"], source.name, options.get("title"))
        target = result.target
        self.stdout.write(
            f"{len(data.panel.units)} units; pooled CRPS / better benchmark = "
            f"{target['pooled_ratio_to_better']:.3f} (target {'met' if target['met'] else 'not met'}); "
            f"report: {paths['report']}")
