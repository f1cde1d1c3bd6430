"""The alerts layer of the COP: the alerts the user may see in the mission that have a position (an alert whose
place is unknown is not drawn), each coloured by its priority band. The popup carries no personal field."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.layers import MapLayer, register_layer

from .choices import PriorityBand
from .models import Alert

#: The colour of each priority band on the map (the layer's own colour is the critical band's).
BAND_COLOURS = {PriorityBand.CRITICAL: "#b91c1c", PriorityBand.HIGH: "#ea580c", PriorityBand.MEDIUM: "#ca8a04",
                PriorityBand.LOW: "#6b7280"}


def _properties(alert) -> dict:
    return {"name": alert.reference, "type": alert.get_category_display() or str(_("community alert")),
            "status": alert.get_status_display(), "priority": alert.get_priority_band_display(),
            "band": alert.priority_band, "colour": BAND_COLOURS.get(alert.priority_band, BAND_COLOURS["low"]),
            "received": alert.received_at.isoformat(), "url": reverse("alerts:detail", args=[alert.pk])}


register_layer(MapLayer(key="alerts", label=_("Community alerts"), model=Alert, colour=BAND_COLOURS["critical"],
                        properties=_properties))
