"""The patrol page's track upload (`patrols:track_upload`, POST `<uuid:pk>/track/`): a GPX or GeoJSON file stored
through `files.upload_track` for who may change the patrol (others: 404 if they cannot see it, 403 if they
can). A stored file sends back to the patrol's page with what was done; a refused one shows the card again with
the error on the file field. Mounted by `track_urls()` in the patrols' URL namespace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peaceops.core.kit.errors import FieldError

from ..models import Patrol
from .files import upload_track


@login_required
@require_POST
def track_upload(request, pk):
    """Store the uploaded track file of the patrol `pk` (see the module)."""
    patrol = Patrol.objects.visible_to(request.user).filter(pk=pk).first()
    if patrol is None:
        raise Http404
    if not Patrol.objects.restrict(request.user, "change").filter(pk=pk).exists():
        raise PermissionDenied
    upload = request.FILES.get("file")
    error = _("Choose a GPX or GeoJSON file.") if upload is None else None
    if upload is not None:
        try:
            answer = upload_track(patrol, upload.name, upload.read(), acting_user=request.user,
                                  replace=bool(request.POST.get("replace")))
        except FieldError as refused:
            error = refused.message
        else:
            messages.success(request, _("Track file stored: %(stored)s new positions, %(duplicates)s already "
                                        "there, %(points)s in all.") % answer)
            for note in answer["notes"]:
                messages.info(request, note)
            return redirect("patrols:detail", pk=patrol.pk)
    return render(request, "operations/patrol_track_upload.html",
                  {"record": patrol, "can_edit": True, "track_error": error}, status=422)


def track_urls() -> list:
    """The track's URL patterns, for the patrols' namespace (before the kit's generic ones)."""
    return [path("<uuid:pk>/track/", track_upload, name="track_upload")]
