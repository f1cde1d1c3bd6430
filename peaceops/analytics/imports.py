"""Importing an external forecast from the page: the form takes the file and the options of
`peaceops forecast import-external`, stores the upload (PEACEOPS_UPLOAD_DIR, default <var>/uploads), and
enqueues `tasks.import_external_task` on the background worker; the user follows the import on a progress page
(polled by htmx every second, a Refresh link without JavaScript) that ends with the set stored and the rows not
kept, or with the reason nothing was stored. The import itself is the one door, `external.services.
import_external_forecast`, as from the command line. Only those who may import into their current mission
(analysts and watch officers: `runs.may_run`) and open the analysts' pages see the form."""

import re
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from peaceops.core.current_mission import current_mission
from peaceops.worker import progress
from peaceops.worker.runner import workers_alive

from . import runs
from .external.tasks import import_external_task
from .models import ExternalUnit
from .pages import analyst_mission

#: The file names the reader accepts (external.layout): CSV, plain or gzipped, and Parquet.
ACCEPTED = (".csv", ".csv.gz", ".parquet")
#: Rows not kept listed on the result page (the rest are counted).
SHOWN_REJECTS = 50


def upload_dir() -> Path:
    return Path(settings.PEACEOPS_UPLOAD_DIR)


class ImportForm(forms.Form):
    """The options of an import, as `peaceops forecast import-external` takes them."""

    file = forms.FileField(label=gettext_lazy("Forecast file"),
                           help_text=gettext_lazy("CSV (plain or .gz) or Parquet in the ViEWS layout"))
    name = forms.CharField(label=gettext_lazy("Name of the set"), max_length=100, required=False,
                           help_text=gettext_lazy("Default: the file's name"))
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=[
        (ExternalUnit.PRIOGRID, gettext_lazy("PRIO-GRID cell")),
        (ExternalUnit.COUNTRY, gettext_lazy("Country (ViEWS country_id)"))])
    country_id = forms.IntegerField(label=gettext_lazy("ViEWS country id"), required=False, min_value=1,
                                    help_text=gettext_lazy("For unit country: the mission's ViEWS country_id "
                                                           "(not an ISO code)"))
    column = forms.CharField(label=gettext_lazy("Value column"), max_length=100, required=False,
                             help_text=gettext_lazy("Default: the file's only value column"))
    violence = forms.ChoiceField(label=gettext_lazy("Type of violence"), required=False, choices=[
        ("", gettext_lazy("From the column's name")), ("sb", gettext_lazy("State-based")),
        ("ns", gettext_lazy("Non-state")), ("os", gettext_lazy("One-sided")), ("all", gettext_lazy("All"))])
    origin = forms.CharField(label=gettext_lazy("Origin month"), max_length=7, required=False,
                             help_text=gettext_lazy("YYYY-MM, the last month known when the forecast was made "
                                                    "(default: the month before the first)"))
    strict = forms.BooleanField(label=gettext_lazy("Store nothing if any row is bad"), required=False)
    replace = forms.BooleanField(label=gettext_lazy("Replace a set of the same name"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(_("%(name)s: give a .csv, .csv.gz or .parquet file") % {"name": upload.name})
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload

    def clean_origin(self):
        origin = self.cleaned_data["origin"].strip()
        if origin and not re.fullmatch(r"\d{4}-\d{2}", origin):
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return origin

    def clean(self):
        data = super().clean()
        if data.get("unit") == ExternalUnit.COUNTRY and not data.get("country_id"):
            self.add_error("country_id", _("For unit country, give the mission's ViEWS country id."))
        return data


def _importing_mission(request):
    mission = analyst_mission(request)
    if not runs.may_run(request.user, mission):
        raise PermissionDenied(_("Importing forecasts is for those who may report in the mission."))
    return mission


def _store(upload) -> Path:
    """Save the upload under its own directory (its file name kept: the set records it as its source)."""
    name = Path(upload.name).name.replace("\x00", "") or "forecast.csv"
    folder = upload_dir() / "external-forecasts" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
def import_form(request):
    """The import form (GET), or the import started (POST): the upload stored, the task enqueued, then the
    progress page."""
    mission = _importing_mission(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        path = _store(data["file"])
        name = (data["name"] or "").strip() or Path(data["file"].name).name.split(".")[0]
        result = import_external_task.enqueue(
            path=str(path), mission_id=mission.pk, user_id=request.user.pk, name=name, unit=data["unit"],
            country_id=data["country_id"], column=data["column"].strip() or None,
            violence=data["violence"] or None, origin=data["origin"] or None, strict=data["strict"],
            replace=data["replace"])
        task = progress.start(result, label=_("Import of %(file)s as %(name)s") % {"file": path.name, "name": name},
                              user=request.user)
        return redirect("analytics:external-import-status", task_id=task.task_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "analytics/import.html", {"mission": mission, "form": form, "section": "external",
                                                     "may_run": True}, status=status)


@login_required
@require_GET
def import_status(request, task_id: str):
    """The progress of an import the user started (404 for anyone else's): the whole page, or the polling
    fragment for htmx."""
    task = progress.status_of(task_id, request.user)
    if task is None:
        raise Http404
    finished = task.state in progress.FINISHED
    result = task.result if finished and isinstance(task.result, dict) else {}
    context = {"task": task, "finished": finished, "result": result,
               "failed": task.state == "FAILED" or (finished and not result.get("ok", False)),
               "status_url": reverse("analytics:external-import-status", args=[task.task_id]),
               "error": result.get("error") or progress.short_error(task.error),
               "no_worker": task.state == "READY" and not workers_alive(),
               "shown_rejects": SHOWN_REJECTS}
    if request.headers.get("HX-Request") == "true":
        return render(request, "analytics/import_run.html", context)
    return render(request, "analytics/import_status.html", {**context, "section": "external",
                                                            "mission": current_mission(request)})
