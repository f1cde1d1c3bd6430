"""An alert's timeline: one chronological list of what happened to it, for its page.

Built from what the platform already keeps, nothing stored twice:
- received (with its channel) and read (the place and category found): the alert and its change log;
- claimed, assigned, each status change with its reason: the change log (`core.ChangeLogEntry`);
- responses tasked and done: `AlertResponse`;
- messages related to the alert (to the reporter, or the escalation's to the duty supervisor): queued, sent,
  delivered, failed (`messaging.OutboundMessage`), phone numbers masked for who lacks
  `messaging.view_phone_numbers` in the mission (`messaging.privacy`);
- escalations: `AlertEscalation`.

Only for who may see the alert (`Alert.objects.visible_to`): anyone else gets an empty list."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from peaceops.core.changelog import object_type
from peaceops.core.choices import ChangeAction
from peaceops.core.models import ChangeLogEntry
from peaceops.messaging.choices import OutboundStatus
from peaceops.messaging.models import OutboundMessage
from peaceops.messaging.privacy import shown_recipient

from .choices import AlertCategory, AlertChannel, AlertStatus, ClockKind
from .models import Alert, AlertEscalation, AlertResponse

#: The kinds of moments (a CSS class and a data attribute on the page).
RECEIVED, READ, CLAIMED, ASSIGNED, STATUS = "received", "read", "claimed", "assigned", "status"
TASKED, DONE, MESSAGE, ESCALATED = "tasked", "done", "message", "escalated"
#: Change-log reasons whose status change another moment already tells (the claim, the assignment, the
#: response tasked).
_TOLD_ELSEWHERE = ("claimed", "assigned", "response:")


@dataclass(frozen=True)
class Moment:
    """One thing that happened to an alert: when, what (`kind`), said in a sentence, by whom (a username, or
    empty for the platform), and a detail (a reason, a note)."""

    at: dt.datetime
    kind: str
    text: str
    actor: str = ""
    detail: str = ""


def timeline(alert: Alert, user) -> list[Moment]:
    """What happened to the alert, oldest first, as `user` may see it (empty if they may not see the alert)."""
    if not Alert.objects.visible_to(user).filter(pk=alert.pk).exists():
        return []
    moments = [Moment(alert.received_at, RECEIVED, _("Received (%(channel)s)") % {
        "channel": AlertChannel(alert.channel).label if alert.channel in AlertChannel.values else alert.channel})]
    moments += _from_change_log(alert)
    moments += _responses(alert)
    moments += _messages(alert, user)
    moments += _escalations(alert)
    order = {kind: i for i, kind in enumerate((RECEIVED, READ, CLAIMED, ASSIGNED, STATUS, TASKED, DONE, MESSAGE,
                                               ESCALATED))}
    return sorted(moments, key=lambda m: (m.at, order[m.kind]))


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def _from_change_log(alert: Alert) -> list[Moment]:
    entries = ChangeLogEntry.objects.filter(object_type=object_type(Alert), object_id=str(alert.pk),
                                            action=ChangeAction.UPDATE).order_by("id")
    users = get_user_model().objects.in_bulk(
        {e.after.get("assigned_to_id") for e in entries if e.after and e.after.get("assigned_to_id")})
    moments = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        changed = {name for name in after if before.get(name) != after.get(name)}
        actor = entry.actor_name if entry.actor_id else ""
        if "read_at" in changed and after.get("read_at"):  # when the worker read it (its sweep's time)
            moments.append(Moment(_moment(after["read_at"], entry.time), READ, _read_sentence(after)))
        if "claimed_by_id" in changed and after.get("claimed_by_id"):
            moments.append(Moment(entry.time, CLAIMED, _("Claimed by %(user)s") % {"user": entry.actor_name},
                                  actor))
        if "assigned_to_id" in changed:
            assignee = users.get(after.get("assigned_to_id"))
            text = (_("Assigned to %(user)s") % {"user": assignee.get_username()} if assignee
                    else _("Assignment removed"))
            moments.append(Moment(entry.time, ASSIGNED, text, actor))
        if "status" in changed and not entry.reason.startswith(_TOLD_ELSEWHERE):
            detail = " · ".join(part for part in (entry.reason, after.get("status_note", "")
                                                  if "status_note" in changed else "") if part)
            moments.append(Moment(entry.time, STATUS, _("Status: %(before)s → %(after)s") % {
                "before": _label(AlertStatus, before.get("status")), "after": _label(AlertStatus, after["status"])},
                actor, detail))
    return moments


def _moment(value, default: dt.datetime) -> dt.datetime:
    """A time kept in a change-log snapshot (ISO text), else `default`."""
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _read_sentence(after: dict) -> str:
    place, category = after.get("place_text") or "", after.get("category") or ""
    if place and category:
        return _("Read: place “%(place)s”, %(category)s") % {"place": place,
                                                            "category": _label(AlertCategory, category)}
    if place:
        return _("Read: place “%(place)s”, no category found") % {"place": place}
    if category:
        return _("Read: %(category)s, no place found") % {"category": _label(AlertCategory, category)}
    return _("Read: no place or category found")


def _responses(alert: Alert) -> list[Moment]:
    moments = []
    for response in AlertResponse.objects.filter(alert=alert).select_related("site", "organisation", "tasked_by"):
        whom = ", ".join(part for part in (response.unit, response.site.name if response.site else "",
                                           response.organisation.code if response.organisation else "") if part)
        text = _("Response tasked: %(kind)s") % {"kind": response.get_kind_display()}
        if whom:
            text = _("Response tasked: %(kind)s (%(whom)s)") % {"kind": response.get_kind_display(), "whom": whom}
        moments.append(Moment(response.tasked_at, TASKED, text,
                              response.tasked_by.get_username() if response.tasked_by else "", response.note))
        if response.done_at:
            moments.append(Moment(response.done_at, DONE, _("Response done: %(kind)s") % {
                "kind": response.get_kind_display()}))
    return moments


def _digits(number: str) -> str:
    return "".join(ch for ch in number or "" if ch.isdigit())


def alert_messages(alert: Alert):
    """The outbound messages related to the alert, oldest first."""
    return OutboundMessage.objects.filter(related_type=object_type(Alert), related_id=str(alert.pk)).order_by(
        "created_at", "pk")


def to_reporter(alert: Alert, message) -> bool:
    """Whether an outbound message went to the alert's reporter (their number, digits compared)."""
    return bool(alert.reporter_phone) and _digits(message.recipient) == _digits(alert.reporter_phone)


def _messages(alert: Alert, user) -> list[Moment]:
    moments = []
    for message in alert_messages(alert):
        shown = shown_recipient(user, message)
        whom = (_("the reporter (%(number)s)") % {"number": shown} if to_reporter(alert, message) else shown)
        values = {"whom": whom}
        moments.append(Moment(message.created_at, MESSAGE, _("Message to %(whom)s queued") % values,
                              detail=message.body))
        if message.sent_at:
            moments.append(Moment(message.sent_at, MESSAGE, _("Message to %(whom)s sent") % values))
        if message.delivered_at:
            moments.append(Moment(message.delivered_at, MESSAGE, _("Message to %(whom)s delivered") % values))
        if message.status == OutboundStatus.FAILED:
            moments.append(Moment(message.claimed_at or message.next_attempt_at or message.created_at, MESSAGE,
                                  _("Message to %(whom)s failed") % values, detail=message.last_error))
    return moments


def _escalations(alert: Alert) -> list[Moment]:
    sentences = {ClockKind.ACKNOWLEDGE: _("Not acknowledged in time: the duty supervisor was told"),
                 ClockKind.RESPOND: _("No response in time: the duty supervisor was told"),
                 ClockKind.CLOSE: _("Not closed in time: the duty supervisor was told")}
    return [Moment(e.escalated_at, ESCALATED, sentences.get(e.clock, e.clock),
                   detail=_("due %(due)s UTC") % {"due": e.due_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")})
            for e in AlertEscalation.objects.filter(alert=alert)]
