"""Asking an alert's reporter for more (the watch, from the alert's page): POST /alerts/<uuid>/ask/ with a
question; the SMS is queued (`peaceops.alerts.replies.ask_more`) and the page says so. The form is the partial
`alerts/_ask_more.html`, shown only to who may triage the alert."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peaceops.alerts.models import Alert
from peaceops.alerts.replies import QUESTION_MAX, alert_page, ask_more
from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied as ServiceDenied


class AskMoreForm(forms.Form):
    """The question to the reporter, sent as one SMS in their language."""

    question = forms.CharField(label=gettext_lazy("Question to the reporter"), max_length=QUESTION_MAX,
                               widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy(
                                   "Sent by SMS with the mission's wording in the reporter's language and the "
                                   "alert's reference. Their answer is added to this alert."))


@login_required
@require_POST
def ask(request, pk):
    """Queue the question, then back to the alert's page, which says what happened (a refusal or a missing
    question as a message on the page)."""
    alert = get_object_or_404(Alert.objects.visible_to(request.user).select_related("mission"), pk=pk)
    form = AskMoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The question was not sent: %(problem)s") % {
            "problem": _("a question is required") if not request.POST.get("question", "").strip()
            else " ".join(form.errors.get("question", []))})
        return redirect(alert_page(alert))
    try:
        ask_more(alert, acting_user=request.user, question=form.cleaned_data["question"])
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except FieldError as error:
        messages.error(request, _("The question was not sent: %(problem)s") % {"problem": error.message})
    else:
        messages.success(request, _("The question was queued to the reporter of %(reference)s.") % {
            "reference": alert.reference})
    return redirect(alert_page(alert))
