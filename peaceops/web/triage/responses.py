"""Responding to an alert: tasking a response (a patrol, a partner force, the police, a humanitarian partner:
a unit named in words, a site of the mission or a partner organisation taking part in it), marking a response
done, closing the alert. Every change goes through `AlertService` (task, response_done, close), which requires
`alerts.alert.triage` in the alert's mission; an alert the user may not see answers 404 like one that does not
exist.

`GET /alerts/<uuid>/respond/` is the response page (the form, the responses, the timeline); the same form is on
the alert's page (`alerts/_respond.html`, drawn by the `respond_panel` tag of `alert_response`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from peaceops.alerts.choices import OPEN_STATUSES, ResponseKind
from peaceops.alerts.models import Alert, AlertResponse
from peaceops.alerts.services import AlertService
from peaceops.alerts.timeline import timeline
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.sites.models import Site


class ResponseForm(forms.Form):
    """What was done and whom it tasked: a unit (in words), a site of the mission the user can see, or a
    partner organisation taking part in the mission (at least one of the three), with a note."""

    kind = forms.ChoiceField(label=gettext_lazy("Action"), choices=ResponseKind.choices)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=200, required=False,
                           help_text=gettext_lazy("e.g. “Patrol 3, Mitrovica North”"))
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=Site.objects.none(), required=False)
    organisation = forms.ModelChoiceField(label=gettext_lazy("Partner organisation"),
                                          queryset=Organisation.objects.none(), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)

    def __init__(self, *args, alert: Alert, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = (Site.objects.visible_to(user).filter(mission_id=alert.mission_id)
                                        .order_by("name"))
        self.fields["organisation"].queryset = participants(alert.mission_id).exclude(pk=alert.owner_id)
        self.fields["organisation"].label_from_instance = lambda o: f"{o.code} · {o.name}" if o.name else o.code

    def clean(self):
        data = super().clean()
        if not (data.get("unit", "").strip() or data.get("site") or data.get("organisation")):
            raise forms.ValidationError(_("Name whom the response tasked: a unit, a site or a partner "
                                          "organisation."))
        return data


def visible_alert(request, pk) -> Alert:
    """The alert if the user may see it, else 404 (no hint whether it exists)."""
    return get_object_or_404(Alert.objects.visible_to(request.user).select_related("mission", "owner"), pk=pk)


def may_triage(user, alert: Alert) -> bool:
    return AlertService().may_triage(user, alert)


def _require_triage(request, alert: Alert) -> None:
    if not may_triage(request.user, alert):
        raise PermissionDenied(_("You may not triage community alerts in this mission."))


def panel(request, alert: Alert, form: ResponseForm | None = None) -> dict:
    """What the response panel shows: the responses, and for who triages the form and the close button."""
    triage = may_triage(request.user, alert)
    return {"alert": alert, "may_triage": triage,
            "response_form": form or (ResponseForm(alert=alert, user=request.user) if triage else None),
            "responses": AlertResponse.objects.filter(alert=alert).select_related("site", "organisation",
                                                                                  "tasked_by"),
            "may_close": triage and alert.status in OPEN_STATUSES}


@login_required
@require_http_methods(["GET", "POST"])
def respond(request, pk):
    """The response page (GET), or task a response (POST): back to the alert's page when done."""
    alert = visible_alert(request, pk)
    _require_triage(request, alert)
    form = ResponseForm(request.POST or None, alert=alert, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                AlertService().task(alert, acting_user=request.user, kind=data["kind"], unit=data["unit"],
                                    site=data["site"], organisation=data["organisation"], note=data["note"])
            except FieldError as error:
                form.add_error(None, error.sentence())
            else:
                return redirect(_back(request, alert))
        status = 400
    return TemplateResponse(request, "triage/respond.html", {
        **panel(request, alert, form), "moments": timeline(alert, request.user)}, status=status)


@login_required
@require_POST
def response_done(request, pk, response_id):
    """Mark one of the alert's responses done."""
    alert = visible_alert(request, pk)
    _require_triage(request, alert)
    response = get_object_or_404(AlertResponse.objects.select_related("alert"), pk=response_id, alert=alert)
    AlertService().response_done(response, acting_user=request.user)
    return redirect(_back(request, alert))


@login_required
@require_POST
def close(request, pk):
    """Close the alert (with an optional note)."""
    alert = visible_alert(request, pk)
    _require_triage(request, alert)
    if alert.status in OPEN_STATUSES:
        AlertService().close(alert, acting_user=request.user, note=request.POST.get("note", "")[:2000])
    return redirect(_back(request, alert))


def _back(request, alert: Alert) -> str:
    """The alert's page when installed, else the response page."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("alerts:detail", args=[alert.pk])
    except NoReverseMatch:
        return reverse("triage:respond", args=[alert.pk])
