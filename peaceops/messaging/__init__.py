"""Messaging: the shared services that talk to people outside the platform, for every app that needs it
(community alerts first, later conduct cases and patrols).

- SMS gateways per mission (`Gateway`: RapidPro/TextIt-, Twilio- or plain-JSON-shaped HTTP, console, file),
  each with its own shared secret;
- inbound messages from a gateway's webhook (`InboundMessage`, idempotent on the gateway's message id), each
  announced once with the `inbound_received` hook (`messaging.hooks`) that the apps above subscribe to;
- the outbox (`OutboundMessage`): messages queued in the caller's transaction (`outbox.queue_message`), sent by
  the background worker with back-off, delivery status from the gateways' callbacks;
- message templates per mission, key and language (`MessageTemplate`, `texts.render`).

Developers' guide: docs/developers/messaging.md; operators': docs/operators/messaging.md.
"""
