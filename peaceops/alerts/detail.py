"""What an alert's detail (the API's, a partner feed's) carries besides the fields people write: what the watch's
workflow and the reading wrote, read-only."""

import datetime as dt

#: The read-only fields of an alert's detail: (type, default).
WORKFLOW_FIELDS = {
    "reference": (str, ...),
    "status": (str, ...),
    "priority": (int, 0),
    "priority_band": (str, ...),
    "priority_factors": (dict, {}),
    "coarsened_m": (int | None, None),
    "read_at": (dt.datetime | None, None),
    "acknowledged_at": (dt.datetime | None, None),
    "first_response_at": (dt.datetime | None, None),
    "closed_at": (dt.datetime | None, None),
    "claimed_by": (str | None, None),
    "assigned_to": (str | None, None),
}


def alert_workflow(alert) -> dict:
    """The read-only fields of an alert's detail (users by their user names)."""
    people = {name: getattr(getattr(alert, name), "username", None) for name in ("claimed_by", "assigned_to")}
    return {**{name: getattr(alert, name) for name in WORKFLOW_FIELDS if name not in people}, **people}
