"""Messaging's hooks: where the apps above (alerts, later conduct cases and patrols) react to what came in,
without messaging importing them.

Receivers connect in their `AppConfig.ready()` with a `dispatch_uid`, and run inside the webhook's transaction:
an exception in one rolls the inbound message back and the webhook answers 500, so the gateway posts it again.
"""

from django.dispatch import Signal

#: A new inbound message was stored (never for a repeat of one already stored). Sender: the InboundMessage
#: class; arguments: `message` (the InboundMessage), `gateway`, `mission`.
inbound_received = Signal()

#: An outbound message changed status (sent, delivered, failed, uncertain), from the worker or a gateway's
#: callback. Sender: the OutboundMessage class; arguments: `message`, `previous` (the status before).
outbound_status_changed = Signal()
