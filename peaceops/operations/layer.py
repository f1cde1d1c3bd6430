"""The operations' COP layers: patrol tracks (the driven line, else the planned route, dashed) coloured by
status, and checkpoints (sites of type checkpoint or temporary checkpoint) with a symbol of their own; both follow
the COP's time slider (a patrol by its times out, a checkpoint by the days it was open: `opened_on` to
`closed_on`, either open-ended)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.layers import MapLayer, register_layer
from peaceops.sites.models import Site

from .choices import PatrolStatus
from .models import Patrol
from .services import CHECKPOINT_TYPES

#: A patrol's colour by status.
STATUS_COLOURS = {PatrolStatus.PLANNED: "#7f8c8d", PatrolStatus.UNDER_WAY: "#1e88e5",
                  PatrolStatus.COMPLETED: "#2e7d32", PatrolStatus.CANCELLED: "#9e9e9e",
                  PatrolStatus.ABORTED: "#c62828"}


def _track_line(patrol) -> list:
    try:
        return patrol.track.line or []
    except Patrol.track.RelatedObjectDoesNotExist:
        return []


def patrol_geometry(patrol) -> dict | None:
    """The patrol's driven track when it has one, else its planned path (a line of two points or more)."""
    line = _track_line(patrol) or patrol.path or []
    return {"type": "LineString", "coordinates": line} if len(line) >= 2 else None


def patrol_span(patrol) -> tuple:
    """The patrol's actual times where known, else its planned ones."""
    return patrol.started_at or patrol.planned_start, patrol.ended_at or patrol.planned_end


def _patrol_properties(patrol) -> dict:
    return {"name": patrol.name, "status": patrol.get_status_display(), "type": patrol.get_patrol_type_display(),
            "joint_with": patrol.joint_with.name if patrol.joint_with_id else "",
            "planned": not _track_line(patrol), "colour": STATUS_COLOURS.get(patrol.status, "#555555"),
            "url": reverse("patrols:detail", args=[patrol.pk])}


def _checkpoints(user, records, window):
    return [site for site in records if site.site_type in CHECKPOINT_TYPES]


def checkpoint_span(site) -> tuple:
    """The days the checkpoint was open (None: since always, or still open)."""
    return site.opened_on, site.closed_on


def _checkpoint_properties(site) -> dict:
    return {"name": site.name, "type": site.get_site_type_display(), "url": reverse("sites:detail", args=[site.pk]),
            "opened": site.opened_on.isoformat() if site.opened_on else "",
            "closed": site.closed_on.isoformat() if site.closed_on else ""}


register_layer(MapLayer(key="patrols", label=_("Patrol tracks"), model=Patrol, colour="#1e88e5", symbol="line",
                        legend=_("Patrol track; dashed: planned route"),
                        properties=_patrol_properties, geometry=patrol_geometry, time=patrol_span,
                        related=("track", "joint_with")))
register_layer(MapLayer(key="checkpoints", label=_("Checkpoints"), model=Site, colour="#e65100", symbol="square",
                        legend=_("Checkpoint"), properties=_checkpoint_properties, select=_checkpoints,
                        time=checkpoint_span))
