"""Telling a need-to-know record's people that someone opened it by break-glass (a receiver of
`core.hooks.break_glass_opened`): every user assigned to the record and, where the record type has one, its owner
(`lead_officer`), each once, in the break-glass transaction. The notification names the record by its reference
(`str(record)`), who broke glass and why, and links to the record's page when its type has pages; it holds
nothing else of the record."""

from django.contrib.auth import get_user_model

from peaceops.core.assignments import assignments_of
from peaceops.core.kit.views import detail_url

from .services import notify

#: The kind of the in-app notifications of break-glass accesses.
KIND = "break-glass"


def told_of_break_glass(record) -> list:
    """The users told when `record` is opened by break-glass: its assignees and its owner, active ones, once
    each, by username."""
    ids = {row.user_id for row in assignments_of(record)}
    owner_id = getattr(record, "lead_officer_id", None)
    if owner_id:
        ids.add(owner_id)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


def on_break_glass_opened(sender, *, access, record, **kwargs) -> None:
    """Notify the record's assignees and owner of `access` (the one who broke glass is not told of their own)."""
    who = getattr(access.user, "username", "")
    text = f"{who} opened {record} by break-glass: {access.reason}"
    url = detail_url(record) or ""
    for user in told_of_break_glass(record):
        if user.pk != access.user_id:
            notify(user, kind=KIND, text=text, url=url, mission=record.mission, related=record)
