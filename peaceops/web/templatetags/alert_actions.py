"""The watch officer's actions on an alert's page: `{% load alert_actions %}{% triage_actions %}` (used by
`alerts/_triage_actions.html`) draws, for who may triage the alert, the buttons of what can be done with it
now — claim, verify into a new incident, link to an incident, task a response, ask the reporter, dismiss, mark
as a misconduct allegation — each the form or page of `peaceops/web/triage/`; nothing for anyone else."""

from django import template

from peaceops.alerts.choices import OPEN_STATUSES, AlertStatus
from peaceops.alerts.replies import reaches_reporter
from peaceops.alerts.services import AlertService

register = template.Library()

#: The statuses in which an alert can still be verified (into a new incident, or as a source of one): not yet
#: verified, or acted on before it was (a patrol sent first, the incident reported after).
VERIFIABLE = (AlertStatus.NEW, AlertStatus.CLAIMED, AlertStatus.ACTED_ON)


def actions(user, alert) -> dict | None:
    """What the officer may do with the alert now, as flags; None when `user` may not triage it."""
    if user is None or not user.is_authenticated or not AlertService().may_triage(user, alert):
        return None
    open_ = alert.status in OPEN_STATUSES and not alert.misconduct
    return {"alert": alert, "open": open_,
            "claim": open_ and alert.claimed_by_id != user.pk,
            "verify": open_ and alert.status in VERIFIABLE,
            "respond": open_, "ask": open_ and reaches_reporter(alert),
            "dismiss": open_, "misconduct": not alert.misconduct}


@register.inclusion_tag("alerts/_triage_action_buttons.html", takes_context=True)
def triage_actions(context, alert=None):
    """The action bar of the alert (`record` or `alert` of the page's context, or given)."""
    request = context.get("request")
    alert = alert or context.get("record") or context.get("alert")
    return {"actions": actions(getattr(request, "user", None), alert), "request": request,
            "csrf_token": context.get("csrf_token")}
