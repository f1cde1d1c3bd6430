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
#: class; arguments: `records` (a list: model instances, or from a batch writer light stand-ins with the
#: record's `pk` and columns), `acting_user`. Sharing agreements release them here. Sent in the
#: creating transaction, after the records and their own children are written and before their change-log
#: entries are: a receiver that adds to a record's releasability returns what it added, as (record,
#: organisation) pairs, so a batch writer's change log shows it.
records_created = Signal()

#: Change-log entries were written in the current transaction. Sender: the ChangeLogEntry class; no arguments.
#: The ledger seals them.
changes_logged = Signal()

#: An administrative action was refused (`core.refusals.record_refusal`). Sender: None; arguments:
#: `acting_user`, `action`, `target`, `reason`, `mission_id`. The ledger writes the refusal entry, in the
#: sender's transaction.
action_refused = Signal()

#: A bearer token is about to be created for `user` (`core.services.create_api_token`). Sender: the ApiToken
#: class; arguments: `user`. A receiver returns why no token may be created now (a sentence), or None; the first
#: reason refuses the token. Accounts answers with its two-factor policy.
token_requested = Signal()

#: The releasability list of records was edited through their own write door (form, API, import), which writes
#: the release rows itself. Sender: the record's model class; arguments: `edits` (a list of (record, organisation
#: codes before, codes after)), `acting_user`, `reason`, `organisations` (code -> Organisation, or None). Sharing
#: reports each release and withdrawal (to the ledger), in the sender's transaction and in the edits' order.
releases_edited = Signal()

#: Records were shown to a user (a page, an API answer, a map layer). Sender: the records' model class;
#: arguments: `user`, `records` (a list), `via` (where: "page", "api", "api-list", "cop-layer"...), `detail`
#: (True: one record's own page or API detail; False: shown together in a list). The ledger seals the
#: STRICTLY CONFIDENTIAL ones.
records_shown = Signal()

#: A user opened a need-to-know record by break-glass (`core.assignments.break_glass`). Sender: the record's model
#: class; arguments: `access` (the BreakGlassAccess), `record` (the record, read whatever the acting user may
#: see). Sent in the break-glass transaction, after its change-log entry. Notices tells the users assigned to the
#: record and its owner (`lead_officer`, where the record type has one).
break_glass_opened = Signal()
