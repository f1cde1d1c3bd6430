"""`{% record_links record "source" %}`: on a record's page, the records linked to it (`core.kit.links`) that the
reader may see, with their grading, each linked to its page when its record type has one (`core.kit.views.detail_url`);
nothing when there are none."""

from django import template

from peaceops.core.kit.links import links_of
from peaceops.core.kit.views import detail_url

register = template.Library()


def _url(record) -> str | None:
    return detail_url(record)


@register.inclusion_tag("kit/_record_links.html", takes_context=True)
def record_links(context, record, kind=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    found = links_of(record, user, kind=kind) if user is not None and record is not None else []
    return {"links": [(item, _url(item.other), item.other._meta.verbose_name) for item in found], "kind": kind}
