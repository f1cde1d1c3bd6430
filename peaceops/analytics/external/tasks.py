"""The external forecasts' background task: the import of an uploaded file (from the page, with progress;
the same `services.import_external_forecast` as `peaceops forecast import-external`)."""

import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from peaceops.core.models import Mission
from peaceops.worker import progress as task_progress
from peaceops.worker.tasks import background_task

#: The command-line option names in the import's messages, as the page's form names them.
IMPORT_OPTIONS = {"--name": gettext_lazy("Name of the set"), "--unit": gettext_lazy("Unit"),
                  "--country-id": gettext_lazy("ViEWS country id"), "--column": gettext_lazy("Value column"),
                  "--violence": gettext_lazy("Type of violence"), "--origin": gettext_lazy("Origin month"),
                  "--strict": gettext_lazy("Store nothing if any row is bad"),
                  "--replace": gettext_lazy("Replace a set of the same name")}
#: Rows not kept returned with the result (the page lists them; the rest are counted).
RESULT_REJECTS = 50


@background_task(takes_context=True, max_attempts=1)
def import_external_task(context, *, path: str, mission_id: int, user_id: int, name: str, unit: str,
                         country_id: int | None = None, column: str | None = None, violence: str | None = None,
                         origin: str | None = None, strict: bool = False, replace: bool = False) -> dict:
    """Import the uploaded file at `path` into the mission as the set `name`, for the user who uploaded it,
    reporting its steps; then delete the upload. Returns what the page shows: `ok` and `error` (why nothing
    was stored, in the form's words), or the counts, the rows not kept (the first RESULT_REJECTS) and the set.
    One attempt: a file that cannot be read would fail the same way again."""
    from django.utils.translation import gettext as _

    from peaceops.core.services import PermissionDenied

    from .services import ExternalImportError, import_external_forecast

    mission = Mission.objects.get(pk=mission_id)
    user = get_user_model().objects.get(pk=user_id, is_active=True)
    task_progress.report(context, 0, None, "reading the file")
    state = {"done": 0}

    def progress(total, label):
        state["done"] = 0
        task_progress.report(context, 0, total, label)

        def advance(step=1):
            state["done"] += step
            task_progress.report(context, state["done"], total, label)
        return advance

    try:
        report = import_external_forecast(
            path, mission=mission, name=name, unit=unit, acting_user=user, country_id=country_id, column=column,
            violence=violence, origin=origin, strict=strict, replace=replace, progress=progress)
    except (ExternalImportError, PermissionDenied) as error:
        message = str(error)
        for option, label in IMPORT_OPTIONS.items():
            message = message.replace(option, str(label))
        return {"ok": False, "error": message}
    finally:
        shutil.rmtree(Path(path).parent, ignore_errors=True)
    forecast = report.forecast
    result = {"ok": report.written or report.unchanged, "written": report.written, "unchanged": report.unchanged,
              "replaced": report.replaced, "name": name, "rows_read": report.rows_read, "kept": report.kept,
              "rejected": len(report.rejects), "outside": report.outside, "strict": strict,
              "columns_found": list(report.columns_found),
              "rejects": [{"line": r.line, "reason": r.reason} for r in report.rejects[:RESULT_REJECTS]],
              "outside_example": ({"line": report.outside_example.line, "reason": report.outside_example.reason}
                                  if report.outside_example else None)}
    if forecast is not None:
        result.update(forecast_id=forecast.pk, units=forecast.units, draws=forecast.draws, kind=forecast.kind,
                      column=forecast.column, first_month=forecast.first_month, last_month=forecast.last_month)
    if not result["ok"]:
        result["error"] = (_("%(n)d row(s) rejected and “Store nothing if any row is bad” was ticked: nothing "
                             "stored.") % {"n": len(report.rejects)} if strict and report.rejects else
                           _("No good row of the file is for the mission's units: nothing stored."))
    return result
