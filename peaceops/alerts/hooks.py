"""What the alerts announce, for the parts of the platform that act on them (the reporter's status messages,
alert rules, escalation clocks, the live queue). Sent inside the writing transaction."""

from django.dispatch import Signal

#: An alert's status changed. Arguments: `alert` (after the change), `previous` (the status before),
#: `acting_user` (None for the worker or the intake), `reason`.
alert_status_changed = Signal()

#: A response was recorded on an alert. Arguments: `response` (an `AlertResponse`), `acting_user`.
response_tasked = Signal()

#: An alert was read by the worker (place, category, language, priority set). Arguments: `alert`, `reading`
#: (the `reading.Reading`).
alert_read = Signal()
