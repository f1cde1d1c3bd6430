"""Generic pages of a record type: list (django-tables2 and the record type's FilterSet), detail, create and
edit form, history. A record type gets them with

    pages = RecordPages(service=SiteService(), filterset=SiteFilter, table=SiteTable, namespace="sites",
                        form_fields=(...), detail_fields=(...))
    urlpatterns = pages.urls()

and customises any page with a template `<app>/<model>_<page>.html` (page: list, detail, form, history), which
usually extends the generic `kit/<page>.html` and fills its blocks. A record type whose pages need more (incidents:
`peaceops/incidents/views.py`) subclasses `RecordPages`, chooses its `pages`, adds `extra_urls` and overrides a
page method, keeping the kit's URL names, template lookup and 404 rule. Reads start from `visible_to(user)` in the
user's current mission (a record the user may not see answers 404); writes go through the service, whose
`FieldError` is shown on its field.

The detail page shows a field left empty as "—", which a screen reader reads as "not recorded".

A need-to-know record type (`need_to_know = True`) also gets a break-glass page (`break-glass/`, linked from the
list: record id and reason, both required) and, on a record's page, an Assignments panel for holders of
`<type>.assign` (`<uuid>/assignments/`, POST). Both go through `peaceops.core.assignments`; a record the user may
not see answers 404 whatever the reason (no hint that it exists).

Every record type's pages serve its attachments (`attachments = True`): the original
(`<uuid:pk>/attachments/<uuid:attachment_id>/`, URL name `attachment`), its thumbnail (`.../thumbnail/`,
`attachment_thumbnail`) and, for who may change the record, their removal with a reason (`.../remove/`, POST,
`attachment_remove`); a file of a record the user may not see, or whose attachments are withheld from them,
answers 404. The detail page shows them (`kit/_attachments.html`), and the create and edit forms take files
(`files`), attached in the same transaction as the record's write.

A record type's personal fields (`personal_fields`, `core.kit.personal`) are masked on the list, detail and
history pages for readers without its `personal_permission` in the mission, and left out of the edit form they
open (the create form keeps them: whoever takes a report writes down who gave it).

A child list that only names other records of the mission (a patrol's units: `snapshot_children = {"units":
("unit",)}`) is edited on the form as a multiple choice of those records: `RecordPages(child_choices={"units":
"unit"})` (the child and its reference field; the choices are the mission's records the user may see).
"""


from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy  # by its name: makemessages does not know an alias
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from peaceops.core import assignments as need_to_know
from peaceops.core.participation import participants
from peaceops.core.permissions import record_code
from peaceops.core.services import PermissionDenied as ServiceDenied

from . import attachments as attached
from .children import ChildFormsets, child_tables, chosen, shown_reference
from .choices import CLASSIFICATION_LABELS
from .conflict_views import after_edit
from .conflicts import (
    EditOutcome,
    RecordEditFields,
    edit_base_fields,
    open_conflict_by,
    read_base,
    register,
    save_edit,
)
from .display import display_value
from .errors import FieldError, show_on_form
from .filtering import filterable
from .history import history_of, withheld_fields
from .idempotency import once, sent_before
from .personal import hide_personal, may_see_personal, personal_fields
from .references import child_choice_field, is_reference, reference_field
from .sealing import shown
from .sections import sections_for

PAGE_SIZE = 25


def already_received(request, url: str, edited=None):
    """The answer to a form sent again with a key already spent (a retry, a phone's queue): the record's page, as
    the first sending answered, saying that nothing was written twice. For an edit (`edited`, the record) whose
    first sending met changes made meanwhile, the answer is again the conflict's page (the user's latest open
    conflict on that record): a retry whose first answer was lost never reads as saved."""
    conflict = open_conflict_by(request.user, edited) if edited is not None else None
    if conflict is not None:
        return after_edit(request, EditOutcome("conflict", edited, conflict), written="", detail_url=url)
    messages.info(request, _("Already received: this was saved before, nothing was recorded twice."))
    return redirect(url)


class BreakGlassForm(forms.Form):
    """Open one record of a need-to-know type in an emergency: which record, and why (both required)."""

    record = forms.UUIDField(label=gettext_lazy("Record id"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class AssignmentForm(forms.Form):
    """Assign a user to a need-to-know record, or remove their assignment, with a reason (required)."""

    action = forms.ChoiceField(choices=[("assign", gettext_lazy("Assign")), ("unassign", gettext_lazy("Unassign"))])
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000)


class MultipleFileInput(forms.ClearableFileInput):
    """A file input choosing several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files (a list, maybe empty): the record form's attachments."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def page_filters(filters) -> None:
    """The FilterSet's form as the list page shows it: without `mission` (the header chooses the current
    mission), and a free-text filter of a field with choices (classification, type...) as a select of the
    choices' translated labels. Call before validating the form."""
    form = filters.form
    form.fields.pop("mission", None)
    model = filters.queryset.model
    for name, form_field in list(form.fields.items()):
        if isinstance(form_field, forms.ChoiceField) or not isinstance(form_field, forms.CharField):
            continue
        try:
            model_field = model._meta.get_field(filters.filters[name].field_name)
        except (KeyError, FieldDoesNotExist):
            continue
        if not getattr(model_field, "choices", None):
            continue
        labels = CLASSIFICATION_LABELS if model_field.name == "classification" else {}
        choices = [(value, labels.get(value, label)) for value, label in model_field.choices]
        form.fields[name] = forms.ChoiceField(label=form_field.label, required=False,
                                              choices=[("", gettext_lazy("Any")), *choices])


#: The URL namespace of each record type's pages (model -> namespace), filled as `RecordPages` are made.
_NAMESPACES: dict = {}


def detail_url(record) -> str | None:
    """The URL of a record's page when its record type has pages (`<namespace>:detail`), else None."""
    namespace = _NAMESPACES.get(type(record), record._meta.app_label)
    try:
        return reverse(f"{namespace}:detail", args=[record.pk])
    except NoReverseMatch:
        return None


class RecordPages:
    """The pages of one record type (see the module docstring)."""

    #: The generic pages this record type serves (a record type with pages of its own elsewhere leaves some out:
    #: incidents' list is the COP, their history is on their page).
    pages = ("list", "create", "detail", "edit", "history")
    #: Serve the records' attachments (files, thumbnails, removal): see the module docstring.
    attachments = True

    def __init__(self, *, service=None, filterset=None, table=None, namespace: str, form_fields: tuple = (),
                 detail_fields: tuple = (), model=None, children_forms=False, children_tables=None,
                 child_choices: dict | None = None):
        self.service, self.model = service, model or service.model
        #: The children (`snapshot_children`) the forms edit as formsets and the detail page shows as tables
        #: (`core.kit.children`): True (all), False (none) or a tuple of child names; the tables default to
        #: the forms' choice.
        self.children_forms = chosen(self.model, children_forms)
        self.children_tables = chosen(self.model, children_forms if children_tables is None else children_tables)
        #: Children that only point at other records, edited as a multiple choice: {child name: reference field}.
        self.child_choices = dict(child_choices or {})
        self.filterset, self.table, self.namespace = filterset, table, namespace
        self.form_fields, self.detail_fields = form_fields, detail_fields
        _NAMESPACES.setdefault(self.model, namespace)
        if service is not None and form_fields:  # edits of a record changed meanwhile: merged or a conflict
            names = dict.fromkeys((*form_fields, *getattr(service, "fields", ()), "classification", "releasable_to",
                                   *getattr(service, "children", ())))
            self.edits = register(RecordEditFields(service, names, namespace), replace=False)

    def urls(self) -> list:
        routes = {"list": "", "create": "new/", "detail": "<uuid:pk>/", "edit": "<uuid:pk>/edit/",
                  "history": "<uuid:pk>/history/"}
        return [*self.extra_urls(),
                *(path(routes[page], login_required(getattr(self, page)), name=page) for page in self.pages),
                *self._attachment_urls(), *self._need_to_know_urls()]

    def extra_urls(self) -> list:
        """URL patterns of the record type's own (e.g. htmx partials of its form), before the generic ones."""
        return []

    def _attachment_urls(self) -> list:
        if not self.attachments:
            return []
        one = "<uuid:pk>/attachments/<uuid:attachment_id>/"
        return [path(one, login_required(require_GET(self.attachment)), name="attachment"),
                path(one + "thumbnail/", login_required(require_GET(self.attachment_thumbnail)),
                     name="attachment_thumbnail"),
                path(one + "remove/", login_required(require_POST(self.remove_attachment)),
                     name="attachment_remove")]

    def _need_to_know_urls(self) -> list:
        if not getattr(self.model, "need_to_know", False):
            return []
        return [path("break-glass/", login_required(self.break_glass), name="break_glass"),
                path("<uuid:pk>/assignments/", login_required(require_POST(self.assignments)), name="assignments")]

    # --- helpers -----------------------------------------------------------------------------------------
    def _render(self, request, page: str, context: dict, status: int = 200):
        meta = self.model._meta
        names = [f"{meta.app_label}/{meta.model_name}_{page}.html", f"kit/{page}.html"]
        base = {"meta": meta, "verbose_name": meta.verbose_name, "plural": meta.verbose_name_plural,
                "namespace": self.namespace}
        return TemplateResponse(request, names, {**base, **context}, status=status)

    def _mission(self, request):
        from peaceops.core.current_mission import current_mission

        return current_mission(request)

    def _record(self, request, pk):
        records = self.model.objects.visible_to(request.user).select_related("mission", "owner")
        if hasattr(self.model, "releases_in_force_prefetch"):  # kit records; a plain DomainRecord has none
            records = records.prefetch_related(self.model.releases_in_force_prefetch())
        return get_object_or_404(records, pk=pk)

    def _shown_record(self, request, pk):
        """The record as a page shows it: its personal fields masked unless the user may see them."""
        return hide_personal(request.user, [self._record(request, pk)])[0]

    def editable_fields(self, user, mission, record) -> tuple[str, ...]:
        """The form's fields for this user: editing a record, the personal fields the user may not see are
        left out (a masked value must never be saved back)."""
        if record is None or may_see_personal(user, self.model, mission.pk):
            return tuple(self.form_fields)
        hidden = set(personal_fields(self.model))
        return tuple(name for name in self.form_fields if name not in hidden)

    def _form_class(self, mission, fields=None, user=None):
        organisations = [(o.code, o.code) for o in participants(mission)]
        fields = self.form_fields if fields is None else fields
        base = modelform_factory(self.model, fields=(*fields, "classification"),
                                 formfield_callback=lambda f, **kw: reference_field(f, mission, user, **kw))
        extra = {"releasable_to": forms.MultipleChoiceField(label=_("Released to"), choices=organisations,
                                                            required=False, widget=forms.CheckboxSelectMultiple)}
        for child, field in self.child_choices.items():
            extra[child] = child_choice_field(self.model, child, field, mission, user)
        if self.attachments:
            extra["files"] = MultipleFileField(label=_("Attach files"), required=False,
                                               help_text=_("Photos (JPEG, PNG, WebP) or PDF documents."))
        return type("RecordForm", (base,), extra)

    # --- pages -------------------------------------------------------------------------------------------
    def list(self, request):
        mission = self._mission(request)
        queryset = self.model.objects.visible_to(request.user).select_related("mission", "owner")
        queryset = queryset.filter(mission=mission) if mission else queryset.none()
        filters = self.filterset(request.GET, queryset=queryset, request=request)
        page_filters(filters)
        table = self.table(filters.qs if filters.is_valid() else queryset.none())
        RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        rows = [row.record for row in table.page.object_list]
        hide_personal(request.user, rows)
        shown(request.user, rows, via="page-list")
        can_add = mission is not None and self.service.may(request.user, mission.pk, "add")
        return self._render(request, "list", {"filter": filters, "table": table, "can_add": can_add,
                                              "mission": mission, "rule_query": self._rule_query(request),
                                              "need_to_know": getattr(self.model, "need_to_know", False)})

    def _rule_query(self, request) -> str:
        """The query of "Notify me of new records like these" (an alert rule's form: the record type and the list's
        current filters), or "" when the record type has no registered FilterSet (`core.kit.filtering`)."""
        entry = filterable(self.model)
        if entry is None:
            return ""
        query = request.GET.copy()
        for name in ("page", "sort", "per_page", "record_type"):
            query.pop(name, None)
        query["record_type"] = entry.label
        return query.urlencode()

    def detail(self, request, pk):
        record = self._shown_record(request, pk)
        shown(request.user, [record], via="page", detail=True)
        withheld = withheld_fields(request.user, record)
        fields = []
        for name in self.detail_fields:
            model_field = self.model._meta.get_field(name)
            display = getattr(record, f"get_{name}_display", None)
            value = display() if display else getattr(record, name)
            if is_reference(model_field):  # another record: named only to who may see it
                value = shown_reference(value, request.user)
            value = display_value(value)
            fields.append({"name": name, "label": model_field.verbose_name, "withheld": name in withheld,
                           "value": value, "empty": value is None or value == ""})
        can_edit = self.service.may(request.user, record.mission_id, "change", record.owner_id)
        children = child_tables(record, self.children_tables, request.user)
        if can_edit:  # each kind the form edits links to its formset there
            edit = reverse(f"{self.namespace}:edit", args=[record.pk])
            for table in children:
                if table.name in self.children_forms:
                    table.edit_url = f"{edit}#formset-{table.name}"
        return self._render(request, "detail", {
            "record": record, "fields": fields, "releasability": record.releasability_label(translated=True),
            "can_edit": can_edit, "history": history_of(self.model, record.pk, request.user, record),
            "children": children,
            "sections": sections_for(request, record),
            **(self.attachments_context(request, record, can_edit) if self.attachments else {}),
            **self._assignments_panel(request, record)})

    def history(self, request, pk):
        record = self._shown_record(request, pk)
        return self._render(request, "history", {"record": record,
                                                 "history": history_of(self.model, record.pk, request.user, record)})

    def create(self, request):
        mission = self._mission(request)
        if mission is None or not self.service.may(request.user, mission.pk, "add"):
            raise PermissionDenied(_("You may not add records of this type in this mission."))
        return self._form(request, mission, None)

    def edit(self, request, pk):
        record = self._record(request, pk)
        if not self.service.may(request.user, record.mission_id, "change", record.owner_id):
            raise PermissionDenied(_("You may not change this record."))
        return self._form(request, record.mission, record)

    def also_write(self, request, form, record) -> None:
        """A record type's own writes after its form saved a record, in the same transaction (a `FieldError`
        shows on the form and nothing is written): e.g. a patrol's drawn route also saved as a route."""

    def _form(self, request, mission, record):
        fields = self.editable_fields(request.user, mission, record)
        form_class = self._form_class(mission, fields, request.user)
        initial = self.service.to_data(record) if record else {}
        picked = {child: [row[field] for row in initial.get(child, ())] for child, field in self.child_choices.items()}
        form = form_class(request.POST or None, request.FILES or None, initial={**initial, **picked})
        children = ChildFormsets(self.model, self.children_forms, mission=mission, user=request.user,
                                 data=request.POST if request.method == "POST" else None, initial=initial)
        key, earlier = sent_before(request, self.model)
        if earlier is not None:
            return already_received(request, reverse(f"{self.namespace}:detail", args=[earlier.record_id]), record)
        if request.method == "POST" and form.is_valid() & children.is_valid():
            data = {name: form.cleaned_data[name] for name in (*fields, "classification", "releasable_to")}
            data = {name: getattr(value, "pk", value) for name, value in data.items()}  # references by id
            data.update(children.data())
            for child, field in self.child_choices.items():
                data[child] = [{field: chosen_record.pk} for chosen_record in form.cleaned_data[child]]
            reason = request.POST.get("reason", "")
            try:
                outcomes = []

                def write():  # one transaction with the key: a file refused, the record is not written either
                    if record is None:
                        saved = self.service.create(acting_user=request.user, mission=mission, data=data,
                                                    reason=reason)
                    else:
                        outcome = save_edit(self.edits, record, acting_user=request.user, changes=data,
                                            reason=reason, base=read_base(request.POST, record))
                        outcomes.append(outcome)
                        saved = outcome.record
                    self.also_write(request, form, saved)
                    if form.cleaned_data.get("files"):  # files only add: kept whatever the edit's outcome
                        self.service.attach(saved, form.cleaned_data["files"], acting_user=request.user,
                                            field="files", reason=reason)
                    return saved

                written = once(request.user, key, self.model, write)
                detail_url = reverse(f"{self.namespace}:detail", args=[written.record_id])
                if written.repeat:
                    return already_received(request, detail_url, record)
                if outcomes:
                    return after_edit(request, outcomes[0], written=_("Saved."), detail_url=detail_url)
                return redirect(detail_url)
            except FieldError as error:
                if not children.show_errors(error):
                    show_on_form(form, error)
            except ServiceDenied as error:
                raise PermissionDenied(error.message) from None
        status = 422 if request.method == "POST" else 200
        hidden = set(personal_fields(self.model)) - set(fields)  # not even in the signed (readable) base
        edit_base = edit_base_fields(request.POST, self.edits, record,
                                     {k: v for k, v in initial.items() if k not in hidden}) if record else None
        return self._render(request, "form", {"form": form, "record": record, "mission": mission,
                                              "edit_base": edit_base, "children": children}, status=status)

    # --- attachments ------------------------------------------------------------------------------------
    def attachments_context(self, request, record, may_edit: bool) -> dict:
        """What `kit/_attachments.html` shows of a record the user sees: its attachments (None: withheld from the
        user, who reads the record redacted) and whether the user may remove them."""
        return {"show_attachments": True, "attachments": attached.readable_attachments(request.user, record),
                "may_remove_attachments": may_edit}

    def attachment(self, request, pk, attachment_id, thumbnail: bool = False):
        """An attachment's original (or thumbnail); 404 unless the user sees the record and its attachments."""
        found = attached.visible_attachment(request.user, self.model, pk, attachment_id)
        response = found and attached.file_response(request.user, *found, thumbnail=thumbnail,
                                                    via="page-attachment")
        if not response:
            raise Http404(_("No such file."))
        return response

    def attachment_thumbnail(self, request, pk, attachment_id):
        return self.attachment(request, pk, attachment_id, thumbnail=True)

    def remove_attachment(self, request, pk, attachment_id):
        """Remove an attachment (POST, with a reason), then back to the record's page, which says what happened."""
        found = attached.visible_attachment(request.user, self.model, pk, attachment_id)
        if found is None:
            raise Http404(_("No such file."))
        record, attachment = found
        try:
            self.service.detach(record, attachment, acting_user=request.user, reason=request.POST.get("reason", ""))
        except FieldError as error:
            messages.error(request, _("%(name)s was not removed: %(problem)s") % {"name": attachment.name,
                                                                                  "problem": error.message})
        except ServiceDenied as error:
            raise PermissionDenied(error.message) from None
        else:
            messages.success(request, _("%(name)s was removed.") % {"name": attachment.name})
        return redirect(reverse(f"{self.namespace}:detail", args=[record.pk]))

    # --- need-to-know record types ------------------------------------------------------------------------
    def _may_assign(self, user, record) -> bool:
        return need_to_know.holds(user, record.mission_id, record_code(self.model, "assign"))

    def _assignments_panel(self, request, record, form=None) -> dict:
        """The need-to-know cards of a record's page: the break-glass accesses in force (for every reader, so
        the record's assignees learn of them) and, for holders of `<type>.assign`, the Assignments panel."""
        if not getattr(self.model, "need_to_know", False):
            return {}
        # Everyone who reads the record (its assignees) is told of the break-glass accesses in force.
        context = {"break_glass_accesses": list(need_to_know.active_break_glass(record).order_by("started_at"))}
        if self._may_assign(request.user, record):
            context.update(assignments=list(need_to_know.assignments_of(record).order_by("user__username")),
                           assignment_form=form or AssignmentForm())
        return context

    def break_glass(self, request):
        """The break-glass form: on a valid POST, the user's time-limited access to the record (logged, sealed in
        the ledger), then the record's page. A record that does not exist, or that the user may not break glass
        on, answers 404 alike."""
        form = BreakGlassForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                need_to_know.break_glass(self.model, form.cleaned_data["record"], acting_user=request.user,
                                         reason=form.cleaned_data["reason"])
            except ServiceDenied:
                raise Http404(_("No such record.")) from None
            except need_to_know.AssignmentError as error:
                field, _sep, message = str(error).partition(": ")
                form.add_error(field if field in form.fields else None, message or str(error))
            else:
                return redirect(reverse(f"{self.namespace}:detail", args=[form.cleaned_data["record"]]))
        status = 400 if request.method == "POST" else 200
        minutes = getattr(settings, "PEACEOPS_BREAK_GLASS_MINUTES", 60)
        return self._render(request, "break_glass", {"form": form, "minutes": minutes}, status=status)

    def assignments(self, request, pk):
        """Assign or unassign a user (POST from the Assignments panel), then back to the record's page; a form
        error shows the page again (400) naming the field."""
        record = self._record(request, pk)
        if not self._may_assign(request.user, record):
            raise PermissionDenied(_("You may not assign users to this record."))
        form = AssignmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            user = get_user_model().objects.filter(username=data["username"], is_active=True).first()
            if user is None:
                form.add_error("username", _("No active user has this name."))
            else:
                action = need_to_know.assign if data["action"] == "assign" else need_to_know.unassign
                try:
                    action(record, user=user, acting_user=request.user, reason=data["reason"])
                except need_to_know.AssignmentError as error:
                    field, _sep, message = str(error).partition(": ")
                    form.add_error(field if field in form.fields else None, message or str(error))
                except ServiceDenied as error:
                    raise PermissionDenied(error.message) from None
                else:
                    return redirect(reverse(f"{self.namespace}:detail", args=[record.pk]))
        response = self.detail(request, pk)
        response.context_data.update(self._assignments_panel(request, record, form))
        response.status_code = 400
        return response
