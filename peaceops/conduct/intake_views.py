"""The signed-in ways in (mounted at /conduct/ by peaceops.urls, namespace "conduct_intake"):

- `refer` (`/conduct/refer/`): the referral form, for holders of `conduct.case.refer` in their current mission
  (403 otherwise); on success a redirect to the receipt.
- `referred` (`/conduct/refer/sent/`): the receipt, the case's reference from a signed link, nothing else (the
  referrer reads nothing of the case).
- `open_from_alert` (`/conduct/from-alert/<id>/`): a conduct officer opens a case from a community alert marked
  as a misconduct allegation that they read (404 otherwise; 403 without `conduct.case.add`), with a reason;
  then the case's page.
"""

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from peaceops.alerts.models import Alert
from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission
from peaceops.core.kit.errors import FieldError, show_on_form
from peaceops.core.models import Organisation
from peaceops.core.services import PermissionDenied as ServicePermissionDenied

from . import intake
from .permissions import CASE_CODES

#: How long the receipt's signed link works.
RECEIPT_MAX_AGE = 24 * 3600
_SALT = "peaceops.conduct.intake.referred"


@login_required
@require_http_methods(["GET", "POST"])
def refer(request):
    """The referral form of the user's current mission."""
    from .intake_forms import ReferralForm

    mission = current_mission(request)
    profile = access_profile(request.user)
    if mission is None or not profile.has_perm(mission.pk, CASE_CODES["refer"]):
        raise PermissionDenied(_("You may not refer misconduct allegations in this mission."))
    organisations = list(
        Organisation.objects.filter(pk__in=profile.organisations_for(mission.pk)).order_by("code")
    )
    form = ReferralForm(request.POST if request.method == "POST" else None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            case = intake.refer(mission, acting_user=request.user, data=form.intake_data())
        except FieldError as error:
            form.show(error)
        except ServicePermissionDenied as denied:
            raise PermissionDenied(str(denied.message)) from denied
        else:
            token = signing.dumps(case.reference, salt=_SALT)
            response = HttpResponseRedirect(f"{reverse('conduct_intake:referred')}?r={token}")
            response.status_code = 303
            return response
    status = 400 if form.is_bound else 200
    return render(request, "conduct/intake_refer.html", {"form": form, "mission": mission}, status=status)


@login_required
@require_GET
def referred(request):
    """The receipt of a referral: its reference and what happens next."""
    try:
        reference = signing.loads(request.GET.get("r", ""), salt=_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return redirect("conduct_intake:refer")
    return render(request, "conduct/intake_referred.html", {"reference": reference})


@login_required
@require_http_methods(["GET", "POST"])
def open_from_alert(request, pk):
    """Open a conduct case from a misconduct allegation the officer reads (a reason), then its page."""
    from django import forms

    alert = (
        Alert.objects.visible_to(request.user)
        .filter(pk=pk, misconduct=True)
        .select_related("mission")
        .first()
    )
    if alert is None:
        raise Http404
    if not access_profile(request.user).has_perm(alert.mission_id, CASE_CODES["add"]):
        raise PermissionDenied(_("You may not record conduct cases in this mission."))

    class ReasonForm(forms.Form):
        reason = forms.CharField(
            label=_("Why a case is opened"),
            max_length=500,
            initial=_("Allegation received through community alerts"),
        )

    form = ReasonForm(request.POST if request.method == "POST" else None)
    existing = intake.case_from_alert(alert)
    if request.method == "POST" and form.is_valid():
        try:
            case = intake.from_alert(alert, acting_user=request.user, reason=form.cleaned_data["reason"])
        except FieldError as error:
            show_on_form(form, error, error.field if error.field in form.fields else None)
        except ServicePermissionDenied as denied:
            raise PermissionDenied(str(denied.message)) from denied
        else:
            return redirect(intake.case_url(case))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "conduct/intake_from_alert.html",
        {"alert": alert, "form": form, "existing": existing is not None},
        status=status,
    )
