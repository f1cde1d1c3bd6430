"""Community alerts and focal points in the one search (`peaceops.core.kit.search`). An alert is found by its
reference exactly ("K7Q-42X"), then by its message, place as written and place name; a focal point by name or
village. Personal fields (the reporter's name and phone, a focal point's phone) are never searched."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.search import Searchable, register_search

from .models import Alert, FocalPoint


def _alert_summary(alert) -> str:
    return " · ".join(str(part) for part in (alert.get_status_display(), alert.get_priority_band_display(),
                                             alert.location_name or alert.place_text, alert.mission.code) if part)


def _alert_title(alert) -> str:
    return alert.reference


def _focal_point_summary(point) -> str:
    return " · ".join(str(part) for part in (point.village, point.get_trust_display(), point.mission.code) if part)


register_search(Searchable(
    key="alerts", label=_("Community alerts"), model=Alert, ids=("reference",), titles=("reference",),
    texts=("text", "place_text", "location_name"), order=("-received_at", "id"),
    url=lambda alert: reverse("alerts:detail", args=[alert.pk]), summary=_alert_summary,
    scopes=("alerts:read", "alerts:write"), select_related=("mission",)))

register_search(Searchable(
    key="focal-points", label=_("Community focal points"), model=FocalPoint, titles=("name",), texts=("village",),
    order=("name", "id"), url=lambda point: reverse("focal_points:detail", args=[point.pk]),
    summary=_focal_point_summary, scopes=("alerts:read", "alerts:write"), select_related=("mission",)))
