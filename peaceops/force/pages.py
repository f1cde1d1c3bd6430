"""The force registry's pages for personnel staff, in the current mission: the overview (readiness, rotations
due, this year's women's share by category against the targets), the women, peace and security figures, and
the gender targets (a table of years by category, and a form to set one)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.current_mission import current_mission
from peaceops.core.kit.errors import FieldError, show_on_form
from peaceops.core.kit.permissions import has_perm
from peaceops.core.services import PermissionDenied

from . import readiness, wps
from .charts import category_chart, year_chart
from .choices import PersonnelCategory
from .permissions import GENDER_TARGET_CHANGE
from .targets import set_gender_target

UNIT_VIEW, CONTRIBUTION_VIEW = "force.unit.view", "force.contribution.view"


def _mission_or_403(request, *codes):
    """The current mission, when the user holds one of `codes` there (403 otherwise)."""
    mission = current_mission(request)
    if mission is None or not any(has_perm(request.user, mission.pk, code) for code in codes):
        raise Forbidden(_("You may not see the force registry of this mission."))
    return mission


@login_required
def overview(request):
    """Readiness per unit and contingent, the planned rotations due in the next 60 days (overdue flagged), and
    this year's women's share by personnel category against the mission's targets."""
    mission = _mission_or_403(request, UNIT_VIEW)
    today = timezone.now().date()
    ready = readiness.readiness(request.user, mission)
    categories = wps.by_category(wps.unit_years(request.user, mission), wps.targets_of(mission), today.year)
    return TemplateResponse(request, "force/overview.html", {
        "mission": mission, "today": today, "readiness": ready, "rotation_days": readiness.ROTATION_DAYS,
        "rotations": readiness.rotations_due(request.user, mission, today), "categories": categories,
        "category_chart": category_chart(categories), "year": today.year})


def _un_mission(request, choices: list[str], mission) -> str:
    chosen = request.GET.get("un_mission", "").strip().upper()
    if chosen in choices:
        return chosen
    return mission.code if mission.code in choices and "un_mission" not in request.GET else ""


@login_required
def wps_figures(request):
    """Women's share by UN mission and year (the UN's contributions), by contingent, unit type and personnel
    category (the mission's units), each against its target; `?un_mission=` picks the UN mission the chart
    follows (default: the one of the mission's code, when the contributions name it; blank: all together)."""
    mission = _mission_or_403(request, UNIT_VIEW, CONTRIBUTION_VIEW)
    context = {"mission": mission, "year": timezone.now().year}
    targets = wps.targets_of(mission)
    if has_perm(request.user, mission.pk, CONTRIBUTION_VIEW):
        choices = wps.un_missions(request.user, mission)
        chosen = _un_mission(request, choices, mission)
        shares = wps.contribution_shares(request.user, mission)
        context.update(contributions=shares, un_missions=choices, un_mission=chosen,
                       year_chart=year_chart(wps.by_year([s for s in shares if not chosen or s.label == chosen])))
    if has_perm(request.user, mission.pk, UNIT_VIEW):
        years = wps.unit_years(request.user, mission)
        context.update(units=True, by_contingent=wps.by_contingent(years, targets),
                       by_unit_type=wps.by_unit_type(years, targets), by_category=wps.by_category(years, targets))
    return TemplateResponse(request, "force/wps.html", context)


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2199)
    personnel_category = forms.ChoiceField(label=_("Personnel category"), choices=PersonnelCategory.choices)
    share = forms.DecimalField(label=_("Target share of women (%)"), min_value=0, max_value=100, decimal_places=2,
                               required=False, help_text=_("Leave blank to remove the target."))


@login_required
def targets(request):
    """The mission's gender targets, years by personnel category, and (for holders of
    `force.gender_target.change`) the form setting one; a POST by anyone else is refused (403)."""
    mission = _mission_or_403(request, UNIT_VIEW, CONTRIBUTION_VIEW)
    may_set = has_perm(request.user, mission.pk, GENDER_TARGET_CHANGE)
    year = timezone.now().year
    form = TargetForm(initial={"year": year})
    if request.method == "POST":
        if not may_set:
            raise Forbidden(_("You may not set the gender targets of this mission."))
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                set_gender_target(acting_user=request.user, mission=mission, **form.cleaned_data)
            except FieldError as error:
                show_on_form(form, error)
            except PermissionDenied as error:
                raise Forbidden(error.message) from error
            else:
                return redirect("force:targets")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "force/targets.html", {
        "mission": mission, "form": form, "may_set": may_set, "rows": _target_rows(mission, year),
        "categories": PersonnelCategory.choices, "strategy": wps.STRATEGY_2028}, status=status)


def _target_rows(mission, this_year: int) -> list[tuple[int, list]]:
    """Years (each with a target, and this year and the strategy's 2028) by category: the share or None."""
    found = wps.targets_of(mission)
    years = sorted({y for y, _c in found} | {this_year, 2028})
    return [(y, [found.get((y, c)) for c in PersonnelCategory.values]) for y in years]

