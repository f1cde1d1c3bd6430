"""What the patrol page's run, report and proposals cards show, computed here so the patrol's detail view needs
nothing of its own: `{% patrol_run record as run %}`, `{% patrol_report record as report %}`,
`{% patrol_proposals record as proposals %}` (the reader is the request's user)."""

from django import template
from django.utils import timezone

from peaceops.operations import linking, report, run
from peaceops.operations.choices import NEEDS_REASON, PatrolStatus
from peaceops.operations.run_views import ObservationForm

register = template.Library()

#: The buttons of each step, in the order shown.
_STEPS = ((PatrolStatus.UNDER_WAY, "start"), (PatrolStatus.COMPLETED, "complete"), (PatrolStatus.ABORTED, "abort"),
          (PatrolStatus.CANCELLED, "cancel"))


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def patrol_run(context, patrol) -> dict:
    """The steps the reader may take now: [{to, name, needs_reason}] (none for who may not change it)."""
    user = _user(context)
    may = user is not None and run.may_step(user, patrol)
    steps = run.next_steps(patrol) if may else []
    return {"may": may, "steps": [{"to": to.value, "name": name, "needs_reason": to in NEEDS_REASON}
                                  for to, name in _STEPS if to in steps]}


@register.simple_tag(takes_context=True)
def patrol_report(context, patrol) -> dict:
    """The patrol's observations (each with its incident when the reader may see it) and, for who may report,
    the form to add one."""
    user = _user(context)
    may = user is not None and run.may_step(user, patrol)
    observations = report.observations_of(patrol)
    from peaceops.incidents.models import Incident

    seen = set(Incident.objects.visible_to(user).filter(pk__in=[o.incident_id for o in observations if o.incident_id])
               .values_list("pk", flat=True)) if user is not None else set()
    rows = [{"observation": o, "incident_seen": o.incident_id in seen} for o in observations]
    form = ObservationForm(initial={"observed_at": timezone.now().replace(second=0, microsecond=0)}) if may else None
    return {"may": may, "observations": rows, "form": form}


@register.simple_tag(takes_context=True)
def patrol_proposals(context, patrol) -> dict:
    """The incidents proposed as related that the reader may see, and whether the reader may decide (the patrol's
    leader or a mission administrator: `linking.may_decide`)."""
    user = _user(context)
    if user is None:
        return {"may": False, "proposals": []}
    return {"may": linking.may_decide(user, patrol), "proposals": linking.proposals_for(patrol, user)}
