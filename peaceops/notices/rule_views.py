"""The alert rule pages: `/subscriptions/` (the user's own rules: pause, resume, delete; which record types a new
rule may watch), `/subscriptions/new/?record_type=app.model&<filters>` (the record type's filter form, prefilled
from a list page's "Notify me of new records like these", and the channels). Another user's rule answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.filtering import Filterable, filterable, registered
from peaceops.core.kit.views import page_filters
from peaceops.core.permissions import record_code
from peaceops.messaging.privacy import shown_number

from .forms import RuleForm
from .models import Subscription
from .rules import conditions_data


def watchable(user, mission) -> list[Filterable]:
    """The record types a user may watch in a mission: registered with a FilterSet, and readable there."""
    if mission is None:
        return []
    profile = access_profile(user)
    return [entry for entry in registered() if profile.has_perm(mission.pk, record_code(entry.model, "view"))]


def shown_sms_number(viewer, rule: Subscription) -> str:
    """A rule's SMS number as `viewer` may see it: in full to its owner, masked to others without the
    permission to see phone numbers (messaging.privacy)."""
    if rule.user_id == viewer.pk:
        return rule.sms_number
    return shown_number(viewer, rule.mission_id, rule.sms_number)


def _filters(entry: Filterable, data, user):
    """The record type's FilterSet as the rule form shows it (no mission: the rule's is the current one)."""
    filters = entry.filters(data, entry.model.objects.none(), user)
    page_filters(filters)
    return filters


def described(entry: Filterable | None, conditions: dict, user) -> list[tuple[str, str]]:
    """A rule's conditions as (label, value) pairs in the reader's words (choices by their labels)."""
    if entry is None:
        return [(key, str(value)) for key, value in conditions.items()]
    fields = _filters(entry, None, user).form.fields
    pairs = []
    for key, value in conditions.items():
        field = fields.get(key)
        values = value if isinstance(value, list) else [value]
        labels = dict(getattr(field, "choices", ()) or ())
        pairs.append((str(field.label or key) if field else key,
                      ", ".join(str(labels.get(v, v)) for v in values)))
    return pairs


def conditions_of(filters, data) -> dict:
    """The filter parameters given (by the FilterSet's form fields' names), as a rule stores them."""
    conditions = {}
    for name, field in filters.form.fields.items():
        values = [v.strip() for v in data.getlist(name) if v and v.strip()]
        if not values:
            continue
        multiple = getattr(field.widget, "allow_multiple_selected", False)
        conditions[name] = values if multiple else values[0]
    return conditions


@login_required
def rule_list(request):
    mission = current_mission(request)
    rules = Subscription.objects.filter(user=request.user).select_related("mission")
    items = []
    for rule in rules:
        entry = filterable(rule.record_type)
        items.append({"rule": rule, "type": entry.model._meta.verbose_name_plural if entry else rule.record_type,
                      "conditions": described(entry, rule.conditions, request.user),
                      "sms_number": shown_sms_number(request.user, rule)})
    return TemplateResponse(request, "notices/rules.html", {
        "items": items, "mission": mission, "types": watchable(request.user, mission)})


@login_required
def rule_new(request):
    """A new rule in the current mission: the record type's filters and the channels (POST creates it)."""
    mission = current_mission(request)
    if mission is None:
        raise Http404(_("Choose a mission first."))
    label = (request.POST.get("record_type") or request.GET.get("record_type") or "").lower()
    entry = next((e for e in watchable(request.user, mission) if e.label == label), None)
    if entry is None:
        return TemplateResponse(request, "notices/rule_choose.html", {
            "mission": mission, "types": watchable(request.user, mission)})
    data = request.POST if request.method == "POST" else request.GET
    filters = _filters(entry, data, request.user)
    form = RuleForm(request.POST or None, email=request.user.email)
    if request.method == "POST":
        valid = form.is_valid() & filters.is_valid()
        conditions = conditions_of(filters, data)
        try:
            entry.filters(conditions_data(conditions), entry.model.objects.none(), request.user).qs  # noqa: B018
        except FieldError as error:  # a parameter the FilterSet refuses when applied (incidents' periods...)
            valid = False
            field = error.field if error.field in filters.form.fields else None
            filters.form.add_error(field, error.sentence(filters.form.fields[field].label) if field else str(error))
        if valid:
            rule = Subscription.objects.create(
                user=request.user, mission=mission, record_type=entry.label, conditions=conditions,
                name=form.cleaned_data["name"], in_app=form.cleaned_data["in_app"],
                by_email=form.cleaned_data["by_email"], by_sms=form.cleaned_data["by_sms"],
                sms_number=form.cleaned_data["sms_number"] if form.cleaned_data["by_sms"] else "")
            messages.success(request, _("Alert rule saved: %(name)s") % {"name": rule})
            return redirect("notices:rules")
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "notices/rule_form.html", {
        "mission": mission, "entry": entry, "type": entry.model._meta.verbose_name_plural, "filter": filters,
        "form": form}, status=status)


@login_required
@require_POST
def rule_pause(request, pk: int):
    """Pause an active rule, or resume a paused one."""
    rule = get_object_or_404(Subscription, pk=pk, user=request.user)
    rule.active = not rule.active
    rule.save(update_fields=["active"])
    said = _("Alert rule resumed: %(name)s") if rule.active else _("Alert rule paused: %(name)s")
    messages.success(request, said % {"name": rule})
    return redirect("notices:rules")


@login_required
@require_POST
def rule_delete(request, pk: int):
    rule = get_object_or_404(Subscription, pk=pk, user=request.user)
    name = str(rule)
    rule.delete()
    messages.success(request, _("Alert rule deleted: %(name)s") % {"name": name})
    return redirect("notices:rules")
