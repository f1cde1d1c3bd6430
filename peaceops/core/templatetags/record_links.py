"""`{% record_links record "source" %}`: on a record's page, the records linked to it (`core.kit.links`) that the
reader may see, with their grading, each linked to its page when its record type has one (`<app>:detail`);
nothing when there are none."""

from django import template
from django.urls import NoReverseMatch, reverse

from peaceops.core.kit.links import links_of

register = template.Library()


def _url(record) -> str | None:
    try:
        return reverse(f"{record._meta.app_label}:detail", args=[record.pk])
    except NoReverseMatch:
        return None


@register.inclusion_tag("kit/_record_links.html", takes_context=True)
def record_links(context, record, kind=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    found = links_of(record, user, kind=kind) if user is not None and record is not None else []
    return {"links": [(item, _url(item.other), item.other._meta.verbose_name) for item in found], "kind": kind}
