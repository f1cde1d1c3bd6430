"""Exporting incidents from the operational picture's list: the list's Export form posts the current mission,
filters and map view here. A small export (up to PEACEOPS_EXPORT_BACKGROUND_ROWS rows) downloads at once; a
larger one is queued on the background worker (`peaceops.incidents.exports.export_incidents_task`), and the
answer is a progress page that polls itself (htmx, every second; a Refresh link without JavaScript) until the
file is ready, then offers the download. Only the user who asked may follow or download it, until it expires.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peaceops.incidents.exports import (
    expires_at,
    export_incidents_task,
    export_path,
    incidents_for,
    is_large,
    stream_export,
)
from peaceops.incidents.filters import FilterError
from peaceops.incidents.formats.exporters import FORMATS
from peaceops.worker import progress
from peaceops.worker.runner import workers_alive

from .cop.params import filter_params
from .mission import current_mission


def _filename(mission, format: str) -> str:
    return f"incidents-{mission.code}-{timezone.now():%Y%m%d-%H%M}{FORMATS[format].extension}"


@login_required
@require_POST
def export_incidents(request):
    """Export the current mission's incidents the user may see, narrowed by the posted filters, in `format`."""
    mission = current_mission(request)
    if mission is None:
        raise Http404
    format = request.POST.get("format", "csv")
    if format not in FORMATS:
        return HttpResponseBadRequest(_("format: must be one of %(formats)s") % {"formats": ", ".join(FORMATS)})
    params = filter_params(request.POST)
    try:
        large = is_large(incidents_for(request.user, mission.pk, params))
    except FilterError as error:
        return HttpResponseBadRequest(error.sentence())
    if not large:
        response = StreamingHttpResponse(stream_export(request.user, mission.pk, params, format),
                                         content_type=FORMATS[format].content_type)
        response["Content-Disposition"] = f'attachment; filename="{_filename(mission, format)}"'
        return response
    result = export_incidents_task.enqueue(user_id=request.user.pk, mission_id=mission.pk, params=params,
                                           format=format)
    label = _("Export of %(mission)s incidents as %(format)s") % {"mission": mission.code, "format": format}
    task = progress.start(result, label=label, user=request.user)
    return _progress(request, task, format=format, mission=mission)


def _own_export(request, task_id: str):
    """The progress of a task the user started (a forecast run's has no file to download), else 404."""
    task = progress.status_of(task_id, request.user)
    if task is None:
        raise Http404
    return task


@login_required
@require_GET
def export_status(request, task_id: str):
    """The progress of an export the user started (404 for anyone else's)."""
    return _progress(request, _own_export(request, task_id))


@login_required
@require_GET
def export_download(request, task_id: str):
    """The finished export's file, for the user who asked for it, until it expires (404 otherwise)."""
    task = _own_export(request, task_id)
    result = task.result if isinstance(task.result, dict) else {}
    if task.state != "SUCCESSFUL" or "format" not in result or expires_at(result) <= timezone.now():
        raise Http404
    path = export_path(task.task_id, result["format"])
    if not path.is_file():
        raise Http404
    name = f"incidents-{task.task_id[:8]}{FORMATS[result['format']].extension}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name,
                        content_type=FORMATS[result["format"]].content_type)


def _progress(request, task, **extra):
    finished = task.state in progress.FINISHED
    result = task.result if isinstance(task.result, dict) else {}
    expired = bool(result.get("finished_at")) and expires_at(result) <= timezone.now()
    context = {"task": task, "finished": finished, "result": result, "expired": expired,
               "expires_at": expires_at(result) if result.get("finished_at") else None,
               "status_url": reverse("export-status", args=[task.task_id]),
               "download_url": reverse("export-download", args=[task.task_id]),
               "error": progress.short_error(task.error),
               "no_worker": task.state == "READY" and not workers_alive(), **extra}
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/_export_progress.html", context)
    return render(request, "web/export.html", context)
