"""The "ask the reporter" panel of an alert's page: `{% ask_more_panel as ask %}` (the alert: `record` or
`alert` of the page's context, or given: `{% ask_more_panel some_alert as ask %}`) gives the form and the
questions asked so far to who may triage the alert, and None to everyone else (the partial
`alerts/_ask_more.html` then shows nothing)."""

from django import template

from peaceops.alerts.choices import OPEN_STATUSES
from peaceops.alerts.replies import reaches_reporter
from peaceops.alerts.services import AlertService
from peaceops.messaging.choices import TemplateKey

register = template.Library()


@register.simple_tag(takes_context=True)
def ask_more_panel(context, alert=None):
    """{"alert", "form", "asked" (the questions, oldest first), "reachable" (the reporter can be written to),
    "open" (the alert can still be asked about)} or None."""
    from peaceops.alerts.models import Alert
    from peaceops.web.triage.replies import AskMoreForm

    alert = alert or context.get("record") or context.get("alert")
    if not isinstance(alert, Alert):
        return None
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not AlertService().may_triage(user, alert):
        return None
    asked = list(alert.reporter_messages.filter(key=TemplateKey.ASK_MORE).select_related("asked_by", "message"))
    return {"alert": alert, "form": AskMoreForm(), "asked": asked, "reachable": reaches_reporter(alert),
            "open": alert.status in OPEN_STATUSES}
