"""The patrol page's actions of its run, report and proposed incidents (the cards `_patrol_run.html`,
`_patrol_report.html`, `_patrol_proposals.html`): plain POST forms that answer by going back to the patrol's
page with a message. Every action goes through its service function (`run.step`, `report.add_observation`,
`report.make_incident`, `linking.confirm`/`reject`), which checks `operations.patrol.change` (a proposal: the
patrol's leader or a mission administrator, `linking.may_decide`); a patrol the user
may not see answers 404 like one that does not exist, a proposal whose incident the user may not see likewise.

URL names (namespace `patrols`): `step`, `observe`, `observation_incident`, `proposal_decide` (`run_urls`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied as ServicePermissionDenied
from peaceops.incidents.models import Incident

from . import linking, report, run
from .models import IncidentProposal, Patrol, PatrolObservation


class ObservationForm(forms.Form):
    """What the patrol saw: when, what, and where if known."""

    observed_at = forms.DateTimeField(label=gettext_lazy("When (UTC)"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    text = forms.CharField(label=gettext_lazy("What was seen"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=4000)
    lon = forms.FloatField(label=gettext_lazy("Longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=gettext_lazy("Latitude"), required=False, min_value=-90, max_value=90)


class IncidentPlaceForm(forms.Form):
    """The incident of an observation that has no position: its title and where it happened."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    lon = forms.FloatField(label=gettext_lazy("Longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=gettext_lazy("Latitude"), min_value=-90, max_value=90)


def visible_patrol(request, pk) -> Patrol:
    """The patrol if the user may see it, else 404."""
    return get_object_or_404(Patrol.objects.visible_to(request.user).select_related("mission", "owner"), pk=pk)


def _back(patrol):
    return redirect("patrols:detail", pk=patrol.pk)


def _refused(denied: ServicePermissionDenied):
    return PermissionDenied(str(denied.message))


@require_POST
def step(request, pk):
    """Start, complete, abort (with a reason) or cancel (with a reason) the patrol."""
    patrol = visible_patrol(request, pk)
    try:
        run.step(patrol, request.POST.get("to", ""), acting_user=request.user, reason=request.POST.get("reason", ""))
    except ServicePermissionDenied as denied:
        raise _refused(denied) from denied
    except FieldError as error:
        messages.error(request, error.sentence())
    else:
        messages.success(request, _("The patrol's status is changed."))
    return _back(patrol)


@require_POST
def observe(request, pk):
    """Add an observation to the patrol's report."""
    patrol = visible_patrol(request, pk)
    if not run.may_step(request.user, patrol):
        raise PermissionDenied(_("You may not report on this patrol."))
    form = ObservationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()))
        return _back(patrol)
    try:
        report.add_observation(patrol, acting_user=request.user, **form.cleaned_data)
    except ServicePermissionDenied as denied:
        raise _refused(denied) from denied
    except FieldError as error:
        messages.error(request, error.sentence())
    else:
        messages.success(request, _("Observation added."))
    return _back(patrol)


@require_http_methods(["GET", "POST"])
def observation_incident(request, pk, observation_id):
    """Make the observation an incident (one click); when no position is known, a form prefilled with its title
    asks where."""
    patrol = visible_patrol(request, pk)
    observation = get_object_or_404(PatrolObservation.objects.select_related("patrol"), pk=observation_id,
                                     patrol=patrol)
    if not run.may_step(request.user, patrol):
        raise PermissionDenied(_("You may not report on this patrol."))
    if observation.incident_id is not None:
        return _back(patrol)
    form = IncidentPlaceForm(request.POST if "lon" in request.POST else None,
                             initial={"title": report.title_of(observation.text)})
    if request.method == "POST":
        given = form.cleaned_data if form.is_valid() else {}
        if "lon" not in request.POST or given:
            try:
                report.make_incident(observation, acting_user=request.user, **given)
            except ServicePermissionDenied as denied:
                raise _refused(denied) from denied
            except FieldError as error:
                if error.field not in ("lon", "lat"):
                    messages.error(request, error.sentence())
                    return _back(patrol)
            else:
                messages.success(request, _("Incident recorded and linked to the patrol."))
                return _back(patrol)
    return TemplateResponse(request, "operations/observation_incident.html",
                            {"record": patrol, "observation": observation, "form": form})


@require_POST
def proposal_decide(request, pk, proposal_id):
    """Confirm (`decision=confirm`) or reject (`decision=reject`) an incident proposed as related."""
    patrol = visible_patrol(request, pk)
    proposal = get_object_or_404(IncidentProposal.objects.select_related("patrol"), pk=proposal_id, patrol=patrol)
    if not Incident.objects.visible_to(request.user).filter(pk=proposal.incident_id).exists():
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("confirm", "reject"):
        messages.error(request, _("decision: must be confirm or reject"))
        return _back(patrol)
    try:
        (linking.confirm if decision == "confirm" else linking.reject)(proposal, acting_user=request.user)
    except ServicePermissionDenied as denied:
        raise _refused(denied) from denied
    messages.success(request, _("Proposed incident confirmed.") if decision == "confirm"
                     else _("Proposed incident rejected."))
    return _back(patrol)


def run_urls() -> list:
    """The routes of these actions, to add to the patrol pages' namespace (`patrols`)."""
    from django.contrib.auth.decorators import login_required

    return [path("<uuid:pk>/step/", login_required(step), name="step"),
            path("<uuid:pk>/observations/", login_required(observe), name="observe"),
            path("<uuid:pk>/observations/<int:observation_id>/incident/", login_required(observation_incident),
                 name="observation_incident"),
            path("<uuid:pk>/proposals/<int:proposal_id>/", login_required(proposal_decide), name="proposal_decide")]
