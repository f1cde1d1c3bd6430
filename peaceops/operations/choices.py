"""The operations' words: patrol types and times, a patrol's run, freedom-of-movement restrictions, what a
proposed incident link became, and checkpoint seizures."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PatrolType(models.TextChoices):
    FOOT = "foot", _("Foot")
    MOBILE = "mobile", _("Mobile")
    AIR = "air", _("Air")
    RIVERINE = "riverine", _("Riverine")
    LONG_RANGE = "long_range", _("Long-range")


class TimeOfDay(models.TextChoices):
    DAY = "day", _("Day")
    NIGHT = "night", _("Night")


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    ABORTED = "aborted", _("Aborted")


#: The runs a patrol may make from each state (aborting and cancelling need a reason).
PATROL_STEPS = {
    PatrolStatus.PLANNED: {PatrolStatus.UNDER_WAY, PatrolStatus.CANCELLED},
    PatrolStatus.UNDER_WAY: {PatrolStatus.COMPLETED, PatrolStatus.ABORTED},
    PatrolStatus.COMPLETED: set(),
    PatrolStatus.CANCELLED: set(),
    PatrolStatus.ABORTED: set(),
}
NEEDS_REASON = frozenset({PatrolStatus.CANCELLED, PatrolStatus.ABORTED})


class RestrictionKind(models.TextChoices):
    """Freedom-of-movement restrictions a patrol meets (the UN's categories)."""

    ROADBLOCK = "roadblock", _("Roadblock")
    CHECKPOINT = "checkpoint", _("Checkpoint refusing passage")
    DENIAL = "denial", _("Access denied by authorities")
    CROWD = "crowd", _("Crowd or demonstration")
    MINES = "mines", _("Mines or explosive hazards")
    OTHER = "other", _("Other")


class TrackSource(models.TextChoices):
    API = "api", _("Phone or tracker")
    GPX = "gpx", _("GPX upload")
    GEOJSON = "geojson", _("GeoJSON upload")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
