"""The people of a case on its pages: the "People" section of the case page (`people_section`, registered in
`ConductConfig.ready`) and its own page under /conduct/cases/<case>/people/, with the forms to add, change and
remove a person and the "Show identity" button.

Pages list people by role and age group only. A person's name, contact and details appear on one answer only:
the one to "Show identity" (a POST with a reason, by a holder of `conduct.case.view_identities` who reads the
case), which `identities.reveal` records in the ledger first, and which no cache keeps (`private, no-store`).
A case the user does not read answers 404, like one that does not exist.

URL names (namespace `case_people`): `list`, `add`, `change`, `remove`, `reveal` (`people_urls`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from peaceops.core.kit.errors import FieldError, show_on_form
from peaceops.core.kit.sections import DetailSection, register_section
from peaceops.core.kit.views import detail_url
from peaceops.core.services import PermissionDenied as ServicePermissionDenied

from . import identities
from .choices import AgeGroup, PersonRole
from .models import Case, CasePerson

NO_STORE = "private, no-store, max-age=0"
REASON_HELP = gettext_lazy("Why, in a few words. Do not name the person here: the reason is kept in the log.")


class PersonForm(forms.Form):
    """A person's role and age group, and their identity (sealed before it is stored)."""

    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=PersonRole.choices)
    age_group = forms.ChoiceField(
        label=gettext_lazy("Age group"), choices=AgeGroup.choices, initial=AgeGroup.UNKNOWN
    )
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=identities.LIMITS["name"])
    contact = forms.CharField(
        label=gettext_lazy("Contact"), required=False, max_length=identities.LIMITS["contact"]
    )
    details = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        max_length=identities.LIMITS["details"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, max_length=500, help_text=REASON_HELP
    )


class ChangeForm(PersonForm):
    """A change: identity fields left blank stay as they are; those ticked under "Erase" are emptied."""

    erase = forms.MultipleChoiceField(
        label=gettext_lazy("Erase"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("name", gettext_lazy("Name")),
            ("contact", gettext_lazy("Contact")),
            ("details", gettext_lazy("Details")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in identities.IDENTITY:
            self.fields[name].help_text = _("Left blank, it stays as it is.")


class ReasonForm(forms.Form):
    """The reason a removal or a read of an identity needs."""

    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, help_text=REASON_HELP)


def _case(request, case_id) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)


def _person(request, case, person_id) -> CasePerson:
    person = identities.person_in(case, person_id, request.user)
    if person is None:
        raise Http404(_("No such person."))
    return person


def people_section(request, case) -> dict:
    """The "People" card of a case page: who is in the case by role and age group, how often each identity was
    read, and what the user may do (add, change, remove, show an identity)."""
    people = (
        CasePerson.objects.filter(case=case)
        .annotate(read_count=Count("reads"))
        .order_by("role", "created_at")
    )
    rows = [
        {
            "person": person,
            "role": person.get_role_display(),
            "age_group": person.get_age_group_display(),
            "parts": [
                str(label)
                for name, label in ChangeForm.base_fields["erase"].choices
                if getattr(person, f"{name}_sealed")
            ],
            "reads": person.read_count,
        }
        for person in people
    ]
    return {
        "people": rows,
        "may_change": identities.may(request.user, case, "change"),
        "may_reveal": identities.may(request.user, case, "view_identities"),
    }


def _page(request, case, *, add_form=None, status=200):
    data = people_section(request, case)
    if add_form is not None:
        data["add_form"] = add_form
    return TemplateResponse(
        request,
        "conduct/people.html",
        {"record": case, "section": {"data": data}, "case_url": detail_url(case)},
        status=status,
    )


@require_GET
def people_page(request, case_id):
    """The people of a case, with the form to add one."""
    case = _case(request, case_id)
    form = PersonForm() if identities.may(request.user, case, "change") else None
    return _page(request, case, add_form=form)


def _refused(denied: ServicePermissionDenied):
    return PermissionDenied(str(denied.message))


@require_POST
def add(request, case_id):
    """Add a person to the case (role, age group, identity sealed)."""
    case = _case(request, case_id)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            identities.add_person(case, acting_user=request.user, **form.cleaned_data)
        except ServicePermissionDenied as denied:
            raise _refused(denied) from denied
        except FieldError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Person added."))
            return redirect("case_people:list", case_id=case.pk)
    elif not identities.may(request.user, case, "change"):
        raise PermissionDenied(_("You may not do this with the people of this case."))
    return _page(request, case, add_form=form, status=400)


@require_http_methods(["GET", "POST"])
def change(request, case_id, person_id):
    """Change a person's role, age group or identity (the current identity is never shown here)."""
    case = _case(request, case_id)
    person = _person(request, case, person_id)
    if not identities.may(request.user, case, "change"):
        raise PermissionDenied(_("You may not do this with the people of this case."))
    form = ChangeForm(request.POST or None, initial={"role": person.role, "age_group": person.age_group})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            erase = data.pop("erase")
            identity = {name: data.pop(name) for name in identities.IDENTITY}
            identity = {
                name: ("" if name in erase else value)
                for name, value in identity.items()
                if value or name in erase
            }
            try:
                identities.change_person(person, acting_user=request.user, **data, **identity)
            except ServicePermissionDenied as denied:
                raise _refused(denied) from denied
            except FieldError as error:
                show_on_form(form, error)
            else:
                messages.success(request, _("Person changed."))
                return redirect("case_people:list", case_id=case.pk)
    return TemplateResponse(
        request, "conduct/people_change.html", {"record": case, "person": person, "form": form}, status=status
    )


@require_POST
def remove(request, case_id, person_id):
    """Remove a person from the case, with a reason."""
    case = _case(request, case_id)
    person = _person(request, case, person_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            identities.remove_person(person, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ServicePermissionDenied as denied:
            raise _refused(denied) from denied
        messages.success(request, _("Person removed."))
        return redirect("case_people:list", case_id=case.pk)
    if not identities.may(request.user, case, "change"):
        raise PermissionDenied(_("You may not do this with the people of this case."))
    return TemplateResponse(
        request,
        "conduct/people_reason.html",
        {"record": case, "person": person, "form": form, "action": "remove"},
        status=400,
    )


@require_POST
def reveal(request, case_id, person_id):
    """The identity of one person, on this answer only (recorded in the ledger first; never cached)."""
    case = _case(request, case_id)
    person = _person(request, case, person_id)
    form = ReasonForm(request.POST)
    identity, status = None, 400
    if not identities.may(request.user, case, "view_identities"):
        raise PermissionDenied(_("You may not read the identities of the people of this case."))
    if form.is_valid():
        try:
            identity = identities.reveal(person, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ServicePermissionDenied as denied:
            raise _refused(denied) from denied
        except FieldError as error:
            show_on_form(form, error)
        else:
            status = 200
    template = "conduct/people_reveal.html" if identity is not None else "conduct/people_reason.html"
    response = TemplateResponse(
        request,
        template,
        {"record": case, "person": person, "form": form, "identity": identity, "action": "reveal"},
        status=status,
    )
    response["Cache-Control"] = NO_STORE
    response["Pragma"] = "no-cache"
    return response


def people_urls() -> list:
    """The routes of a case's people, mounted at /conduct/cases/<case_id>/people/ (namespace `case_people`)."""
    return [
        path("", login_required(people_page), name="list"),
        path("add/", login_required(add), name="add"),
        path("<uuid:person_id>/change/", login_required(change), name="change"),
        path("<uuid:person_id>/remove/", login_required(remove), name="remove"),
        path("<uuid:person_id>/reveal/", login_required(reveal), name="reveal"),
    ]


urlpatterns = people_urls()  # mounted by conduct/urls.py as the namespace `case_people`
register_section(
    DetailSection(
        key="people", model="conduct.case", template="conduct/people_section.html", context=people_section
    )
)
