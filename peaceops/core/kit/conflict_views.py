"""The pages of edit conflicts (`core.kit.conflicts`), for every record type: the list of open conflicts of the
current mission the user may resolve (`conflicts:list`), and one conflict (`conflicts:detail`): each
conflicting field side by side (as it was, theirs now, mine) with a choice per field, Apply and Discard.

Only the conflict's author, or a user who may edit the record, sees a conflict, and only while the record is
visible to them: anyone else gets 404, as for a conflict that does not exist. Showing a STRICTLY CONFIDENTIAL
record's values is a sensitive view (`sealing.shown`, sealed by the ledger).

`edit_base_fields`/`save_edit` serve the edit forms; `after_edit` turns their outcome into the next page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _

from peaceops.core.choices import ConflictState
from peaceops.core.current_mission import current_mission
from peaceops.core.models import EditConflict
from peaceops.core.services import PermissionDenied as ServiceDenied

from .conflicts import (
    ConflictError,
    discard_conflict,
    edit_fields_for,
    may_handle,
    open_conflicts_for,
    recompute,
    resolve_conflict,
    version_of,
    visible_record,
)
from .errors import FieldError
from .sealing import shown


def after_edit(request, outcome, *, written: str, detail_url: str):
    """The page after `save_edit`: the record's page with `written` (or a note that the edit was merged with
    changes made meanwhile), or the conflict's page with what to do."""
    if outcome.state == "conflict":
        messages.warning(request, _("Someone changed this record while you were editing it. Nothing was "
                                    "overwritten: choose, field by field, which value to keep."))
        return redirect("conflicts:detail", pk=outcome.conflict.pk)
    if outcome.state == "merged":
        messages.success(request, _("Saved. Your changes were merged with changes made meanwhile to other "
                                    "fields."))
    else:
        messages.success(request, written)
    return redirect(detail_url)


def _conflict(request, pk):
    """The conflict and its record, when the user may handle it; else 404."""
    conflict = get_object_or_404(EditConflict.objects.select_related("author", "resolved_by"), pk=pk)
    record = visible_record(request.user, conflict)
    if not may_handle(request.user, conflict, record):
        raise Http404(_("No such conflict."))
    return conflict, record


def _rows(edit_fields, sides: dict, with_current: bool = True) -> list[dict]:
    return [{"name": name, "label": edit_fields.label(name),
             "base": edit_fields.display(name, values["base"]), "mine": edit_fields.display(name, values["mine"]),
             "current": edit_fields.display(name, values["current"]) if with_current else ""}
            for name, values in sides.items()]


@login_required
def conflict_detail(request, pk):
    """One conflict: GET shows it against the record as stored now; POST `action=apply` with a choice per field
    (`choice-<field>`: `mine` or `theirs`) and `seen_version`, or `action=discard`."""
    conflict, record = _conflict(request, pk)
    edit_fields = edit_fields_for(conflict.object_type)
    try:
        detail_url = reverse(f"{edit_fields.namespace}:detail", args=[record.pk])
    except NoReverseMatch:  # a record type with an API and no pages
        detail_url = reverse("conflicts:list")
    error, status = "", 200
    if request.method == "POST" and conflict.state == ConflictState.OPEN:
        action = request.POST.get("action")
        try:
            if action == "discard":
                discard_conflict(conflict, acting_user=request.user)
                messages.success(request, _("The conflicting edit was discarded; the record stays as it is."))
                return redirect(detail_url)
            if action == "apply":
                choices = {k.removeprefix("choice-"): v for k, v in request.POST.items() if k.startswith("choice-")}
                resolve_conflict(conflict, record, acting_user=request.user, choices=choices,
                                 seen_version=request.POST.get("seen_version", ""))
                messages.success(request, _("The conflict is resolved: the values you chose were saved."))
                return redirect(detail_url)
            error, status = _("Choose Apply or Discard."), 400
        except ConflictError as refused:
            status = 409
            error = (_("The record changed again while you were choosing: look at the values below again.")
                     if "changed again" in str(refused) else
                     _("Choose, for every field, which value to keep.") if "choose" in str(refused) else
                     _("This conflict is no longer open."))
        except FieldError as broken:
            status = 422
            error = _("The values chosen break a rule of the record (%(field)s: %(message)s); choose again or "
                      "edit the record.") % {"field": edit_fields.label(broken.field), "message": broken.message}
        except ServiceDenied as denied:
            raise PermissionDenied(denied.message) from None
        record = visible_record(request.user, conflict) or record
    shown(request.user, [record], via="conflict", detail=True)
    merge = recompute(conflict, edit_fields, record) if conflict.state == ConflictState.OPEN else None
    context = {
        "conflict": conflict, "record": record, "detail_url": detail_url, "error": error,
        "open": conflict.state == ConflictState.OPEN, "seen_version": version_of(record),
        "rows": _rows(edit_fields, merge.conflicting) if merge else [],
        "others": _rows(edit_fields, {n: {**s, "current": None} for n, s in merge.mine_only.items()},
                        with_current=False) if merge else [],
        "may_edit": edit_fields.may_change(request.user, record),
    }
    return TemplateResponse(request, "kit/conflict.html", context, status=status)


@login_required
def conflict_list(request):
    """The open conflicts of the current mission the user may see and resolve (theirs and those on records
    they may edit)."""
    mission = current_mission(request)
    found = open_conflicts_for(request.user, mission_id=mission.pk) if mission else []
    for model in {type(record) for _conflict, record in found}:
        shown(request.user, [record for _conflict, record in found if type(record) is model], via="conflict-list")
    items = []
    for conflict, record in found:
        edit_fields = edit_fields_for(conflict.object_type)
        items.append({"conflict": conflict, "record": record, "type": edit_fields.model._meta.verbose_name,
                      "fields": [edit_fields.label(name) for name in conflict.conflicting]})
    return TemplateResponse(request, "kit/conflicts.html", {"items": items, "mission": mission})


app_name = "conflicts"
urlpatterns = [
    path("", conflict_list, name="list"),
    path("<int:pk>/", conflict_detail, name="detail"),
]
