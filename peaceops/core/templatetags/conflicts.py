"""`{% conflict_banner record %}`: on a record's page, the open edit conflicts of the record the reader may
resolve (core.kit.conflicts), each linked to its page; nothing when there are none."""

from django import template

from peaceops.core.kit.conflicts import open_conflicts_for

register = template.Library()


@register.inclusion_tag("kit/_conflict_banner.html", takes_context=True)
def conflict_banner(context, record):
    request = context.get("request")
    user = getattr(request, "user", None)
    found = open_conflicts_for(user, record=record) if user is not None and record is not None else []
    return {"conflicts": [conflict for conflict, _record in found]}
