"""`peaceops forecast evaluate`: score PeaceOps' forecast model against the ViEWS benchmarks on a UCDP GED
file with a rolling origin, and write the report (markdown, CSV, chart); it reads files only. `peaceops
forecast run` stores a mission's next-12-month risk forecasts, built from the incidents `--user` may see.
Both take the unit (`--level`, `--h3-resolution`), the target (`--target fatalities|incidents`) and a subset
(`--violence`; `run` also `--category`); docs/forecasting.md. `import-external` stores a forecast file in the
ViEWS layout for a mission; `score-external` scores it against the incidents `--user` may see, beside the
benchmarks (docs/forecasting.md, "External forecasts")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.analytics.forecasting import evaluate as evaluation
from peaceops.analytics.forecasting.units import DEFAULT_H3_RESOLUTION
from peaceops.incidents.filters import FilterError


class Command(BaseCommand):
    help = ("Forecasting: `evaluate` scores the model against the benchmarks on a UCDP GED CSV; `run` stores a "
            "mission's 12-month risk forecasts. Units: adm1, adm2, priogrid, h3; targets: fatalities, incidents; "
            "subsets: --violence (UCDP type), --category (run).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        store = actions.add_parser("run", help="store a mission's next-12-month forecasts per unit")
        store.add_argument("--mission", required=True, help="mission code")
        store.add_argument("--user", required=True, help="build from the incidents this user may see")
        store.add_argument("--level", required=True, choices=evaluation.LEVELS,
                           help="units: admin-1 or admin-2 areas, PRIO-GRID cells or H3 cells")
        store.add_argument("--h3-resolution", type=int, default=DEFAULT_H3_RESOLUTION,
                           help=f"H3 resolution of --level h3 (default {DEFAULT_H3_RESOLUTION}: cells of about "
                                "1,770 km2, the nearest to a PRIO-GRID cell)")
        store.add_argument("--target", choices=evaluation.TARGETS, default="fatalities",
                           help="fatalities (sum of killed, best estimate) or incidents (count; an incident over "
                                "n months counts 1/n in each); default fatalities")
        store.add_argument("--category", help="only incidents of this category (path or code) and its descendants")
        store.add_argument("--violence", type=int, choices=sorted(evaluation.VIOLENCE),
                           help="only incidents whose category maps to this UCDP type of violence "
                                "(1 state-based, 2 non-state, 3 one-sided), descendants included")
        store.add_argument("--origin", help="last known month, YYYY-MM (default: the last complete month)")
        store.add_argument("--trees", type=int, default=120, help="boosting iterations per model")
        store.add_argument("--model", choices=evaluation.MODEL_KINDS, default="hurdle",
                           help="hurdle (default), quantile (quantile regressors of the whole distribution) or "
                                "quantile-hurdle (hurdle probability, quantile regressors of the positive part)")
        external = actions.add_parser("import-external", help="import a forecast file in the ViEWS layout")
        external.add_argument("path", help="CSV (.csv, .csv.gz) or Parquet file")
        external.add_argument("--mission", required=True, help="mission code")
        external.add_argument("--name", required=True, help="a name for the forecast set in the mission")
        external.add_argument("--unit", required=True, choices=("country", "priogrid"))
        external.add_argument("--country-id", type=int, help="the mission's ViEWS country_id (unit country)")
        external.add_argument("--column", help="the value column (or sample-column prefix) to read")
        external.add_argument("--violence", choices=("sb", "ns", "os", "all"),
                              help="type of violence scored (default: from the column name, else all)")
        external.add_argument("--origin", help="last month known to the forecaster, YYYY-MM (default: the month "
                                               "before the file's first month)")
        external.add_argument("--rejects", help="write rejected and outside rows to this CSV file")
        external.add_argument("--strict", action="store_true", help="write nothing unless every row is good")
        external.add_argument("--replace", action="store_true", help="replace the mission's set of that name")
        external.add_argument("--user", required=True, help="the acting user")
        score = actions.add_parser("score-external", help="score an imported forecast against the incidents")
        score.add_argument("--name", required=True)
        score.add_argument("--mission", required=True, help="mission code")
        score.add_argument("--user", required=True, help="score against the incidents this user may see")
        score.add_argument("-o", "--output", help="also write the report (markdown) to this file")
        run = actions.add_parser("evaluate", help="rolling-origin evaluation on a UCDP GED CSV (.csv or .csv.gz)")
        run.add_argument("--source", required=True, help="UCDP GED CSV file")
        run.add_argument("--level", required=True, choices=evaluation.LEVELS,
                         help="units: the file's adm_1 or adm_2 names, PRIO-GRID cells or H3 cells")
        run.add_argument("--h3-resolution", type=int, default=DEFAULT_H3_RESOLUTION,
                         help=f"H3 resolution of --level h3 (default {DEFAULT_H3_RESOLUTION})")
        run.add_argument("--target", choices=evaluation.TARGETS, default="fatalities",
                         help="fatalities (UCDP best) or incidents (event counts; an event over n months counts "
                              "1/n in each); default fatalities")
        run.add_argument("--violence", type=int, choices=sorted(evaluation.VIOLENCE),
                         help="only events of this UCDP type_of_violence: 1 state-based, 2 non-state, 3 one-sided")
        run.add_argument("--scored-months", type=int, required=True, help="score the last N months")
        run.add_argument("--boundary", help="GeoJSON of the country (PRIO-GRID, H3: score every cell it covers)")
        run.add_argument("--deployments", help="Geo-PKO FrontMap CSV: add deployment covariates (adm1, adm2, "
                         "priogrid; off by default, see docs/forecasting.md)")
        run.add_argument("--tuning-months", type=int, default=12)
        run.add_argument("--refit-every", type=int, default=12)
        run.add_argument("--trees", type=int, default=120, help="boosting iterations per model")
        run.add_argument("--model", choices=evaluation.MODEL_KINDS, default="hurdle",
                         help="hurdle (default), quantile or quantile-hurdle (docs/forecasting.md)")
        run.add_argument("--bootstrap", type=int, default=1000)
        run.add_argument("--seed", type=int, default=0)
        run.add_argument("--title")
        run.add_argument("-o", "--output", required=True, help="directory for the report")

    def handle(self, *args, **options):
        if options["action"] == "run":
            return self.run(options)
        if options["action"] in ("import-external", "score-external"):
            from peaceops.analytics.external.cli import import_external, score_external

            action = import_external if options["action"] == "import-external" else score_external
            return action(self, options)
        source = Path(options["source"])
        if not source.exists():
            raise CommandError(f"no such file: {source}")
        if options.get("deployments") and not Path(options["deployments"]).exists():
            raise CommandError(f"--deployments: no such file: {options['deployments']}")
        try:
            data = evaluation.load_ged(source, options["level"], options.get("boundary"),
                                       target=options["target"], violence=options.get("violence"),
                                       h3_resolution=options["h3_resolution"],
                                       deployments=options.get("deployments"))
        except ValueError as error:
            raise CommandError(_option_error(str(error))) from error
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
                    boot=options["bootstrap"], progress=progress, model=options["model"])
            except ValueError as error:
                raise CommandError(str(error)) from error
        paths = evaluation.write_report(result, options["output"], source.name, options.get("title"))
        target = result.target
        self.stdout.write(
            f"{len(data.panel.units)} units; pooled CRPS / better benchmark = "
            f"{target['pooled_ratio_to_better']:.3f} (target {'met' if target['met'] else 'not met'}); "
            f"report: {paths['report']}")

    def run(self, options):
        from django.contrib.auth import get_user_model
        from rich.progress import Progress

        from peaceops.analytics import services
        from peaceops.analytics.forecasting.units import parse_month
        from peaceops.core.models import Mission

        mission = Mission.objects.filter(code=options["mission"]).first()
        if mission is None:
            raise CommandError(f"--mission: no mission {options['mission']!r}")
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"--user: no active user named {options['user']!r}")
        origin = None
        if options.get("origin"):
            try:
                origin = parse_month(options["origin"])
            except ValueError as error:
                raise CommandError(f"--origin: {error}") from None
        with Progress(disable=options.get("verbosity", 1) < 1, transient=True) as bar:
            def progress(total):
                task = bar.add_task(f"{options['level']} forecast", total=total)
                return lambda: bar.advance(task)

            try:
                summary = services.run_forecast(
                    mission=mission, user=user, level=options["level"], origin_month=origin,
                    max_iter=options["trees"], progress=progress, target=options["target"],
                    category=options.get("category"), violence=options.get("violence"),
                    h3_resolution=options["h3_resolution"], model=options["model"])
            except FilterError as error:
                raise CommandError(f"--{error.field}: {error.message}") from error
            except ValueError as error:
                raise CommandError(_option_error(str(error))) from error
        replaced = f", replacing {summary['replaced']}" if summary["replaced"] else ""
        self.stdout.write(f"Stored {summary['forecasts']} forecasts of {summary['target']} ({summary['subset']}; "
                          f"{summary['units']} units x 12 months) from {summary['incidents']} incidents visible to "
                          f"{user.username}{replaced}.")


def _option_error(message: str) -> str:
    """A ValueError's message with the option it concerns spelled as on the command line."""
    for word, option in (("h3 resolution", "--h3-resolution"), ("violence", "--violence"),
                         ("target", "--target"), ("level", "--level")):
        if message.startswith(word):
            return f"{option}: {message}"
    return message
