"""How the kit's pages write a stored value for a reader: yes or no for a boolean, a date as 2026-03-01 and a
time to the minute in UTC (2026-03-01 08:40 UTC), as the watch reads them whatever the browser's language;
anything else as it is."""

import datetime as dt

from django.utils.translation import gettext as _


def display_value(value):
    """`value` as a record's page writes it (module docstring)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return f"{value.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
