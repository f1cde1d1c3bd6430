"""The one door for changing operations records: saved routes, patrols and checkpoint shifts, each the kit's
record service with the operations' own rules. A patrol's run (`step`), its positions (`tracks`), its
observations and its proposed incidents have their own functions on top of these."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService
from peaceops.core.models import Membership
from peaceops.core.participation import participants
from peaceops.sites.choices import SiteType
from peaceops.sites.models import Site

from .models import CheckpointShift, Patrol, PatrolRoute

#: The site types a checkpoint shift may be kept at: fixed and temporary checkpoints.
CHECKPOINT_TYPES = frozenset({SiteType.CHECKPOINT, SiteType.TEMPORARY_CHECKPOINT})


def clean_path(data: dict, name: str, *, required: bool) -> None:
    """Check a line of [lon, lat] points (two or more; none when not `required`), as floats."""
    path = data.get(name) or []
    if not path and not required:
        data[name] = []
        return
    if not isinstance(path, list) or len(path) < 2:
        raise FieldError(name, _("must be a line of two points or more, [[lon, lat], ...]"))
    points = []
    for i, point in enumerate(path):
        try:
            lon, lat = (float(v) for v in point)
        except (TypeError, ValueError):
            raise FieldError(f"{name}.{i}", _("must be [lon, lat]")) from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise FieldError(f"{name}.{i}", _("is not a position on Earth"))
        points.append([lon, lat])
    data[name] = points


class PatrolRouteService(RecordService):
    model = PatrolRoute
    fields = ("name", "path", "notes", "source_id")

    def clean(self, data: dict, mission) -> dict:
        clean_path(data, "path", required=True)
        return data


class PatrolService(RecordService):
    model = Patrol
    fields = ("name", "patrol_type", "time_of_day", "joint_with", "route", "path", "leader", "planned_start",
              "planned_end", "summary", "people_met", "source_id")

    def clean(self, data: dict, mission) -> dict:
        if data["planned_end"] <= data["planned_start"]:
            raise FieldError("planned_end", _("is not after the planned start"))
        clean_path(data, "path", required=False)
        if not data["path"] and data["route"]:
            data["path"] = PatrolRoute.objects.get(pk=data["route"]).path
        if data["leader"] and not Membership.objects.filter(user_id=data["leader"], mission=mission,
                                                            user__is_active=True).exists():
            raise FieldError("leader", _("takes no part in %(mission)s"), mission=mission.code)
        if data["joint_with"]:  # a joint patrol is released to its partner, as any record is
            partner = {o.pk: o.code for o in participants(mission)}.get(data["joint_with"])
            if partner is None:
                raise FieldError("joint_with", _("takes no part in %(mission)s"), mission=mission.code)
            if partner not in data["releasable_to"]:
                data["releasable_to"] = sorted({*data["releasable_to"], partner})
        return data


class CheckpointShiftService(RecordService):
    model = CheckpointShift
    fields = ("site", "started_at", "ended_at", "vehicles_checked", "persons_checked", "notes", "source_id")

    def clean(self, data: dict, mission) -> dict:
        site = Site.objects.get(pk=data["site"])
        if site.site_type not in CHECKPOINT_TYPES:
            raise FieldError("site", _("is not a checkpoint"))
        if data["ended_at"] and data["ended_at"] <= data["started_at"]:
            raise FieldError("ended_at", _("is not after the start of the shift"))
        day = data["started_at"].astimezone(dt.UTC).date()  # a (temporary) checkpoint is kept between its opening and closing
        if (site.opened_on and day < site.opened_on) or (site.closed_on and day > site.closed_on):
            raise FieldError("started_at", _("is outside the days %(site)s was open (%(opened)s to %(closed)s)"),
                             site=site.name, opened=site.opened_on or "…", closed=site.closed_on or "…")
        return data
