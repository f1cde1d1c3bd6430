"""The `forecast import-external` and `forecast score-external` actions: the `forecast` command's faces over
`analytics.external`."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from peaceops.analytics.external.scoring import report_table, score_external_forecast
from peaceops.analytics.external.services import (
    ExternalImportError,
    import_external_forecast,
    visible_forecasts,
)
from peaceops.core.models import Mission
from peaceops.core.services import PermissionDenied

#: How many rejected rows the summary lists (the --rejects file has them all).
SHOWN_REJECTS = 20


def _mission(code: str) -> Mission:
    mission = Mission.objects.filter(code=code).first()
    if mission is None:
        raise CommandError(f"--mission: no mission {code!r}")
    return mission


def _user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--user: no active user named {username!r}")
    return user


def import_external(command, options) -> None:
    from rich.progress import Progress

    mission, user = _mission(options["mission"]), _user(options["user"])
    with Progress(disable=options.get("verbosity", 1) < 1, transient=True) as bar:
        def progress(total, label):
            task = bar.add_task(label, total=total)
            return lambda step=1: bar.advance(task, step)

        try:
            report = import_external_forecast(
                options["path"], mission=mission, name=options["name"], unit=options["unit"], acting_user=user,
                country_id=options.get("country_id"), column=options.get("column"),
                violence=options.get("violence"), origin=options.get("origin"), strict=options["strict"],
                replace=options["replace"], rejects_path=options.get("rejects"), progress=progress)
        except (ExternalImportError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
    out = command.stdout
    out.write(report.summary())
    if report.columns_found and not report.unchanged:
        out.write(f"Value columns found: {', '.join(report.columns_found)}")
    for r in report.rejects[:SHOWN_REJECTS]:
        out.write(f"  line {r.line}: {r.reason}")
    if len(report.rejects) > SHOWN_REJECTS:
        out.write(f"  ... and {len(report.rejects) - SHOWN_REJECTS} more rejected")
    if report.outside:
        first = report.outside_example
        out.write(f"  {report.outside} row(s) outside the mission, e.g. line {first.line}: {first.reason}")
    if options.get("rejects") and (report.rejects or report.outside):
        out.write(f"Rows not kept written to {options['rejects']}.")
    if not report.written and not report.unchanged:
        if options["strict"] and report.rejects:
            raise CommandError(f"--strict: {len(report.rejects)} row(s) rejected, nothing written")
        raise CommandError("no good row of the file is for the mission's units: nothing written")


def score_external(command, options) -> None:
    mission, user = _mission(options["mission"]), _user(options["user"])
    forecast = visible_forecasts(user).filter(mission=mission, name=options["name"]).first()
    if forecast is None:
        known = ", ".join(visible_forecasts(user).filter(mission=mission).values_list("name", flat=True)) or "none"
        raise CommandError(f"--name: no forecast set {options['name']!r} in {mission.code} that {user.username} "
                           f"may see (known: {known})")
    table = report_table(score_external_forecast(forecast, user))
    command.stdout.write(table)
    if options.get("output"):
        with open(options["output"], "w", encoding="utf-8") as handle:
            handle.write(table)
        command.stdout.write(f"Report written to {options['output']}.")
