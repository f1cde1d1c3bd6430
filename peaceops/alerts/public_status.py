"""An alert's status in the words the public page and the reporter see: received, being checked, verified,
action taken, closed; a dismissed alert is simply closed, and an allegation of misconduct is "being handled"
and nothing more (not even when it changed). Nothing of the alert itself (its text, place, category, people,
notes, priority) is part of it."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import AlertStatus
from .models import Alert


@dataclass(frozen=True)
class PublicStatus:
    """What anyone holding the reference may learn: a word, a sentence, and the day it last changed."""

    key: str  # received, checking, verified, acted, closed, handled
    word: str
    explanation: str
    changed_on: dt.date | None


_WORDS = {
    "received": (_("Received"), _("Your report has arrived. The mission's team will look at it soon.")),
    "checking": (_("Being checked"), _("Someone in the mission's team is checking what you reported.")),
    "verified": (_("Verified"), _("The mission's team has confirmed what you reported.")),
    "acted": (_("Action taken"), _("The mission or its partners have acted on your report.")),
    "closed": (_("Closed"), _("The mission's team has finished with this report.")),
    "handled": (_("Being handled"), _("Your report is being handled.")),
}

_KEYS = {
    AlertStatus.NEW: "received",
    AlertStatus.CLAIMED: "checking",
    AlertStatus.VERIFIED: "verified",
    AlertStatus.ACTED_ON: "acted",
    AlertStatus.CLOSED: "closed",
    AlertStatus.DISMISSED: "closed",
    AlertStatus.MISCONDUCT: "handled",
}


def public_status(alert: Alert) -> PublicStatus:
    """The alert's status for the public: its word, and the day of the last change (none for an allegation)."""
    if alert.misconduct or alert.status == AlertStatus.MISCONDUCT:
        word, explanation = _WORDS["handled"]
        return PublicStatus("handled", word, explanation, None)
    key = _KEYS.get(alert.status, "received")
    word, explanation = _WORDS[key]
    changed = alert.status_changed_at or alert.received_at
    return PublicStatus(key, word, explanation, changed.date() if changed else None)
