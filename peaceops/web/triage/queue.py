"""The watch officer's triage queue at `/alerts/queue/` (`triage:queue`), and its Claim and Assign buttons.

The page lists the open alerts of the current mission the user may see (`alerts.queue.open_alerts`), highest priority
first; `?partial=rows` answers the list alone, which the page's script fetches again when the live stream
(`live.py`) says an alert changed, and every minute (ages grow, the worker re-ranks). Claim and Assign are
plain POST forms (CSRF), so they work without JavaScript; a refusal answers 403 in the user's language.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peaceops.alerts.choices import AlertChannel, PriorityBand
from peaceops.alerts.models import Alert
from peaceops.alerts.queue import QueueFilters, may_triage, rows, triage_officers
from peaceops.alerts.services import AlertService
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.permissions import has_perm
from peaceops.core.kit.sealing import shown
from peaceops.core.services import PermissionDenied as ServiceDenied
from peaceops.web.cop.feed import latest_entry_id
from peaceops.web.mission import current_mission

VIEW = "alerts.alert.view"


def may_see_alerts(user, mission) -> bool:
    """Whether the queue opens for `user` in `mission` (the header's menu links it for them)."""
    return mission is not None and has_perm(user, mission.pk, VIEW)


@login_required
def queue(request):
    """The queue page (or, with `?partial=rows`, its list alone)."""
    mission = current_mission(request)
    if mission is not None and not may_see_alerts(request.user, mission):
        raise PermissionDenied(_("You may not see community alerts in this mission."))
    filters = QueueFilters.of(request.GET)
    queue_rows = rows(request.user, mission, filters) if mission is not None else {"count": 0, "alerts": []}
    shown(request.user, queue_rows["alerts"], via="page-list", model=Alert)
    triages = may_triage(request.user, mission)
    context = {"mission": mission, "queue": queue_rows, "filters": filters, "may_triage": triages,
               "officers": list(triage_officers(mission)) if triages else [],
               "here": request.get_full_path().replace("partial=rows", "").rstrip("?&")}
    if request.GET.get("partial") == "rows":
        response = TemplateResponse(request, "triage/_rows.html", context)
    else:
        context.update(bands=PriorityBand.choices, channels=AlertChannel.choices, live_since=latest_entry_id())
        response = TemplateResponse(request, "triage/queue.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _alert(request, pk) -> Alert:
    """The alert, if the user may see it (404 otherwise, as for one that does not exist)."""
    return get_object_or_404(Alert.objects.visible_to(request.user).select_related("mission"), pk=pk)


def _back(request):
    """Back to where the button was pressed (the queue with its filters), never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(reverse("triage:queue"))


@login_required
@require_POST
def claim(request, pk):
    """The officer takes the alert (`AlertService.claim`)."""
    alert = _alert(request, pk)
    try:
        AlertService().claim(alert, acting_user=request.user)
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    messages.success(request, _("You claimed %(reference)s.") % {"reference": alert.reference})
    return _back(request)


@login_required
@require_POST
def assign(request, pk):
    """The officer gives the alert to another officer who may triage it (`AlertService.assign`)."""
    alert = _alert(request, pk)
    if not AlertService().may_triage(request.user, alert):
        raise PermissionDenied(_("You may not triage community alerts in this mission."))
    chosen = request.POST.get("to", "")
    to_user = triage_officers(alert.mission).filter(pk=chosen).first() if chosen.isdigit() else None
    if to_user is None:
        messages.error(request, _("Choose an officer of this mission's watch to assign %(reference)s to.")
                       % {"reference": alert.reference})
        return _back(request)
    try:
        AlertService().assign(alert, acting_user=request.user, to_user=to_user)
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except FieldError as error:
        messages.error(request, error.message)
        return _back(request)
    messages.success(request, _("%(reference)s is assigned to %(name)s.")
                     % {"reference": alert.reference, "name": to_user.get_full_name() or to_user.get_username()})
    return _back(request)
