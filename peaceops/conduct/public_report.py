"""The public misconduct report (mounted at /report-misconduct/ by peaceops.urls, namespace "conduct_public"):
anyone, without an account, tells the mission's conduct and discipline team of misconduct by its personnel.

A public form on the shared base `peaceops.core.public` (as the community alerts' page, `alerts.public`), for
a cheap phone on a thin link: no sign-in, no JavaScript, one small stylesheet, nothing cached on the way, in
the page's language (`?lang=`, kept by the form, switched by the form's language buttons without losing what
was typed, else the browser's). Each address may send the mission's `AlertSettings.public_reports_per_hour`
reports an hour (429 beyond; the address is kept only as a keyed hash, `core.public.address_hash`).
The answer is a reference and a promise: nothing of the report is read back (`intake.report_anonymously`).

- `report(request, mission_code=None)`: the form (GET) and its sending (POST): the receipt through a signed
  link; bad input: the form again with the errors on their fields; a robot filling `website` stores nothing.
- `sent(request)`: the receipt, only through the signed link the form redirects to.
"""

import logging

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from peaceops.alerts.services import settings_for
from peaceops.core import public
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Mission
from peaceops.messaging.ratelimit import allow

from . import intake
from .intake_forms import AnonymousReportForm

logger = logging.getLogger(__name__)

_SALT = "peaceops.conduct.public.receipt"


def may_report(request, mission, per_hour: int, now=None) -> bool:
    """Count one misconduct report from this address to this mission; False once the hour's share is used."""
    key = public.address_key(f"conduct-report:{mission.pk}", request)
    return allow(key, limit=per_hour, now=now, window=public.HOUR)


@csrf_exempt  # checked by the view itself (`csrf_refused`), so that a refused form keeps what was typed
@public.public_page
@require_http_methods(["GET", "POST"])
def report(request, mission_code: str | None = None):
    """The report form of a mission (the only one, or the one in the URL); a list of missions when several."""
    mission, missions = public.mission_of(mission_code)
    if mission is None:
        status = 404 if mission_code is not None else 200
        return public.page(request, "conduct/report/missions.html", {"missions": missions}, status=status)
    per_hour = settings_for(mission).public_reports_per_hour
    if request.method != "POST":
        return _form(request, mission, AnonymousReportForm(), per_hour)
    form = AnonymousReportForm(request.POST)
    if public.switched(request):  # a language button: the same form in the new language, nothing stored
        return _form(request, mission, form, per_hour, show_errors=False)
    if public.csrf_refused(request):
        problem = _(
            "The page was open too long and your report has NOT been sent yet. Please press “Send” again."
        )
        return _form(request, mission, form, per_hour, status=403, problem=problem)
    if form.is_trapped:
        return _form(
            request, mission, form, per_hour, status=400, problem=_("Your report could not be sent.")
        )
    if not form.is_valid():
        return _form(request, mission, form, per_hour, status=400)
    if not may_report(request, mission, per_hour):
        return _form(request, mission, form, per_hour, status=429, limited=True)
    try:
        case = intake.report_anonymously(mission, form.intake_data())
    except FieldError as error:
        form.show(error)
        return _form(request, mission, form, per_hour, status=400)
    return public.receipt_redirect(reverse("conduct_public:sent"), request, case.reference, _SALT)


def _form(request, mission, form, per_hour, *, status=200, show_errors=True, limited=False, problem=""):
    one = Mission.objects.count() == 1
    action = (
        reverse("conduct_public:report") if one else reverse("conduct_public:mission", args=[mission.code])
    )
    return public.page(
        request,
        "conduct/report/report.html",
        {
            "mission": mission,
            "form": form,
            "action": action,
            "show_errors": show_errors,
            "limited": limited,
            "problem": problem,
            "per_hour": per_hour,
        },
        status=status,
        switch_form="report-form",
    )


@public.public_page
@require_GET
def sent(request):
    """The receipt: the reference and what happens next; nothing of the report."""
    reference = public.receipt_reference(request, _SALT)
    if reference is None:
        return HttpResponseRedirect(reverse("conduct_public:report"))
    return public.page(request, "conduct/report/sent.html", {"reference": reference})
