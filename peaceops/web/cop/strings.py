"""The words the COP's scripts show, translated on the server and handed to them as JSON."""

from django.utils.translation import gettext as _

from peaceops.core.choices import Classification


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
        "riskTitle": _("P(at least 1 fatality) in %(month)s"),
        "riskNoRun": _("No forecast run readable by you at this level."),
        "riskNoData": _("no forecast"),
        "riskMade": _("Forecast made with data through %(origin)s by %(builder)s (%(model)s), from the incidents they could see."),
        "riskProb1": _("P(≥1 fatality)"),
        "riskProb25": _("P(≥25 fatalities)"),
        "riskMedian": _("Median fatalities"),
        "riskRange": _("Likely range (10th to 90th percentile)"),
        "riskMonth": _("Month"),
        "riskFailed": _("The risk forecast could not be loaded"),
        "atOnePoint": _("%(count)s incidents at this point"),
        **{f"class{value}": str(label) for value, label in Classification.choices},
    }
