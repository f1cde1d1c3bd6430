"""Patrols in the one search (`peaceops.core.kit.search`): found by their source id (exactly) or name, newest
first within a rank. The people met are withheld from partners, so they are not searched.

Checkpoint shifts are not offered: what would find one (a seized weapon's serial number) is a child row, and
the kit's search matches a record's own columns (a join to the weapons would list a shift once per matching
weapon). The shifts' list and API filter by serial number instead (`CheckpointShiftFilter.serial`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.search import Searchable, register_search

from .models import Patrol


def _patrol_summary(patrol) -> str:
    return " · ".join(str(part) for part in (patrol.get_patrol_type_display(), patrol.get_status_display(),
                                             f"{patrol.planned_start:%Y-%m-%d}", patrol.mission.code) if part)


register_search(Searchable(
    key="patrols", label=_("Patrols"), model=Patrol, ids=("source_id",), titles=("name",),
    order=("-planned_start", "id"), url=lambda patrol: reverse("patrols:detail", args=[patrol.pk]),
    summary=_patrol_summary, scopes=("operations:read", "operations:write"), select_related=("mission",)))
