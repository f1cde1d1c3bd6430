"""The words the COP's scripts show, translated on the server and handed to them as JSON."""

from django.utils.translation import gettext as _


def script_strings() -> dict[str, str]:
    return {
        "inView": _("incidents in view"),
        "hexes": _("hexagons (zoom in for individual incidents)"),
        "points": _("individual incidents"),
        "overflow": _("too many incidents here to draw one by one: showing hexagons"),
        "liveOn": _("Live updates: on"),
        "liveOff": _("Live updates: reconnecting"),
        "killed": _("killed"),
        "incidents": _("incidents"),
        "create": _("New"),
        "update": _("Updated"),
        "delete": _("Removed"),
        "refresh": _("Many changes: refreshed"),
        "noCategory": _("no category"),
        "loading": _("Loading…"),
        "mapFailed": _("The map cannot be drawn in this browser; the list and counts still work."),
        "filterError": _("A filter is not valid"),
    }
