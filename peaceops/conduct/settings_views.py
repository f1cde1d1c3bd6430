"""The conduct settings page, /conduct/settings/: the days of each workflow step, when assignees are reminded
and the statistics' suppression threshold of the current mission, for holders of `conduct.settings.change`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from peaceops.core.current_mission import current_mission
from peaceops.core.kit.errors import FieldError

from .models import ConductSettings
from .services import settings_of
from .workflow_settings import SETTING_FIELDS, as_data, change_settings, may_change_settings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ConductSettings
        fields = tuple(SETTING_FIELDS)


def settings_page(request):
    mission = current_mission(request)
    if mission is None:
        raise Http404("no mission")
    if not may_change_settings(request.user, mission):
        raise PermissionDenied(_("You may not change the conduct settings of this mission."))
    conduct = settings_of(mission)
    form = SettingsForm(request.POST or None, instance=ConductSettings(**as_data(conduct)))
    if request.method == "POST" and form.is_valid():
        try:
            change_settings(
                mission,
                acting_user=request.user,
                reason=request.POST.get("reason", ""),
                changes={name: form.cleaned_data[name] for name in SETTING_FIELDS},
            )
        except FieldError as error:
            form.add_error(error.field if error.field in form.fields else None, error.sentence())
        else:
            messages.success(request, _("The conduct settings are saved."))
            return redirect("conduct_workflow:settings")
    return TemplateResponse(request, "conduct/workflow_settings.html", {"form": form, "mission": mission})
