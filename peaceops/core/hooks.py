"""Hooks: the points where a lower layer lets a higher one react, without importing it (DESIGN.md, layers).

`core` knows no domain app and no ledger; it sends these signals, and the apps above subscribe to them in their
`AppConfig.ready()`. Receivers run inside the sender's transaction unless they defer themselves with
`transaction.on_commit`.
"""

from django.dispatch import Signal

#: A mission was created. Sender: the Mission class; arguments: `mission`, `acting_user`. Domain apps install
#: their defaults (e.g. incidents: the default taxonomy).
mission_created = Signal()

#: Records were created through a record service (a single create is a batch of one). Sender: the record's model
#: class; arguments: `records` (a list), `acting_user`. Sharing agreements release them here.
records_created = Signal()

#: Change-log entries were written in the current transaction. Sender: the ChangeLogEntry class; no arguments.
#: The ledger seals them.
changes_logged = Signal()
