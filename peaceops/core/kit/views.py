"""Generic pages of a record type: list (django-tables2 and the record type's FilterSet), detail, create and
edit form, history. A record type gets them with

    pages = RecordPages(service=SiteService(), filterset=SiteFilter, table=SiteTable, namespace="sites",
                        form_fields=(...), detail_fields=(...))
    urlpatterns = pages.urls()

and customises any page with a template `<app>/<model>_<page>.html` (page: list, detail, form, history), which
usually extends the generic `kit/<page>.html` and fills its blocks. Reads start from `visible_to(user)` in the
user's current mission (a record the user may not see answers 404); writes go through the service, whose
`FieldError` is shown on its field.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from peaceops.core.participation import participants
from peaceops.core.services import PermissionDenied as ServiceDenied

from .errors import FieldError
from .history import history_of, withheld_fields
from .sealing import shown

PAGE_SIZE = 25


class RecordPages:
    """The pages of one record type (see the module docstring)."""

    def __init__(self, *, service, filterset, table, namespace: str, form_fields: tuple, detail_fields: tuple):
        self.service, self.model = service, service.model
        self.filterset, self.table, self.namespace = filterset, table, namespace
        self.form_fields, self.detail_fields = form_fields, detail_fields

    def urls(self) -> list:
        wrap = login_required
        return [path("", wrap(self.list), name="list"), path("new/", wrap(self.create), name="create"),
                path("<uuid:pk>/", wrap(self.detail), name="detail"),
                path("<uuid:pk>/edit/", wrap(self.edit), name="edit"),
                path("<uuid:pk>/history/", wrap(self.history), name="history")]

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
        records = (self.model.objects.visible_to(request.user).select_related("mission", "owner")
                   .prefetch_related(self.model.releases_in_force_prefetch()))
        return get_object_or_404(records, pk=pk)

    def _form_class(self, mission):
        organisations = [(o.code, o.code) for o in participants(mission)]
        base = modelform_factory(self.model, fields=(*self.form_fields, "classification"))
        return type("RecordForm", (base,), {"releasable_to": forms.MultipleChoiceField(
            label=_("Released to"), choices=organisations, required=False,
            widget=forms.CheckboxSelectMultiple)})

    # --- pages -------------------------------------------------------------------------------------------
    def list(self, request):
        mission = self._mission(request)
        queryset = self.model.objects.visible_to(request.user).select_related("mission", "owner")
        queryset = queryset.filter(mission=mission) if mission else queryset.none()
        filters = self.filterset(request.GET, queryset=queryset, request=request)
        table = self.table(filters.qs if filters.is_valid() else queryset.none())
        RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        shown(request.user, [row.record for row in table.page.object_list], via="page-list")
        can_add = mission is not None and self.service.may(request.user, mission.pk, "add")
        return self._render(request, "list", {"filter": filters, "table": table, "can_add": can_add,
                                              "mission": mission})

    def detail(self, request, pk):
        record = self._record(request, pk)
        shown(request.user, [record], via="page", detail=True)
        withheld = withheld_fields(request.user, record)
        fields = []
        for name in self.detail_fields:
            model_field = self.model._meta.get_field(name)
            display = getattr(record, f"get_{name}_display", None)
            value = display() if display else getattr(record, name)
            fields.append({"name": name, "label": model_field.verbose_name, "withheld": name in withheld,
                           "value": value})
        return self._render(request, "detail", {
            "record": record, "fields": fields, "releasability": record.releasability_label(),
            "can_edit": self.service.may(request.user, record.mission_id, "change"),
            "history": history_of(self.model, record.pk, request.user, record)})

    def history(self, request, pk):
        record = self._record(request, pk)
        return self._render(request, "history", {"record": record,
                                                 "history": history_of(self.model, record.pk, request.user, record)})

    def create(self, request):
        mission = self._mission(request)
        if mission is None or not self.service.may(request.user, mission.pk, "add"):
            raise PermissionDenied(_("You may not add records of this type in this mission."))
        return self._form(request, mission, None)

    def edit(self, request, pk):
        record = self._record(request, pk)
        if not self.service.may(request.user, record.mission_id, "change"):
            raise PermissionDenied(_("You may not change this record."))
        return self._form(request, record.mission, record)

    def _form(self, request, mission, record):
        form_class = self._form_class(mission)
        initial = self.service.to_data(record) if record else {}
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in (*self.form_fields, "classification", "releasable_to")}
            reason = request.POST.get("reason", "")
            try:
                if record is None:
                    record = self.service.create(acting_user=request.user, mission=mission, data=data, reason=reason)
                else:
                    self.service.update(record, acting_user=request.user, changes=data, reason=reason)
                return redirect(reverse(f"{self.namespace}:detail", args=[record.pk]))
            except FieldError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except ServiceDenied as error:
                raise PermissionDenied(str(error)) from None
        status = 422 if request.method == "POST" else 200
        return self._render(request, "form", {"form": form, "record": record, "mission": mission}, status=status)
