"""The alert page's response panel and timeline, drawn from the page's context (`record`: the alert;
`request`): `{% load alert_response %}{% respond_panel %}` and `{% alert_timeline %}`, used by
`alerts/_respond.html` and `alerts/_timeline.html`, so that the alert's page includes each with one line."""

from django import template

from peaceops.alerts.timeline import timeline

from ..triage.responses import panel

register = template.Library()


@register.inclusion_tag("alerts/_respond_panel.html", takes_context=True)
def respond_panel(context, alert=None):
    """The responses of the alert, and for who triages the response form and the close button."""
    request, alert = context["request"], alert or context.get("alert") or context["record"]
    return {**panel(request, alert), "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("alerts/_timeline_list.html", takes_context=True)
def alert_timeline(context, alert=None):
    """What happened to the alert, oldest first (nothing for who may not see it)."""
    request, alert = context["request"], alert or context.get("alert") or context["record"]
    return {"alert": alert, "moments": timeline(alert, request.user)}
