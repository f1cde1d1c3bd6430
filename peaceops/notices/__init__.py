"""Telling users: in-app notifications (the header's bell, `/notifications/`) and, through messaging's outbox,
e-mail and SMS. A shared service: any app notifies a user with `notify`."""
