"""The operations' record types as releasable record types (`core.kit.releasable`): partners pull them in their
signed feeds (`/api/v1/partners/{org}/feed/patrol-routes`, `.../patrols`, `.../checkpoint-shifts`), and
`sharing.services.release_record` releases them. A joint patrol is released to its partner by
`PatrolService.clean`, so the partner's feed carries it with its report, but without the people met (who
spoke to the mission is the mission's to protect) — the notes of routes and shifts are withheld likewise."""

from peaceops.core.kit.releasable import ReleasableType, register_releasable
from peaceops.core.kit.schemas import record_detail

from .models import CheckpointShift, Patrol, PatrolRoute
from .services import CheckpointShiftService, PatrolRouteService, PatrolService


def _prepare(*children):
    def prepare(records):
        model = records.model
        return (records.select_related("mission", "owner")
                .prefetch_related(model.releases_in_force_prefetch(), *children))

    return prepare


PATROL_ROUTES = ReleasableType(
    name="patrol-routes", model=PatrolRoute, item="patrol_route", prepare=_prepare(),
    detail=lambda record: record_detail(PatrolRouteService(), record),
    withheld=PatrolRoute.withheld_from_partners, detail_url="patrol_routes:detail")
PATROLS = ReleasableType(
    name="patrols", model=Patrol, item="patrol", prepare=_prepare("units", "restrictions"),
    detail=lambda record: record_detail(PatrolService(), record),
    withheld=Patrol.withheld_from_partners, detail_url="patrols:detail")
CHECKPOINT_SHIFTS = ReleasableType(
    name="checkpoint-shifts", model=CheckpointShift, item="checkpoint_shift", prepare=_prepare("seizures", "weapons"),
    detail=lambda record: record_detail(CheckpointShiftService(), record),
    withheld=CheckpointShift.withheld_from_partners, detail_url="checkpoint_shifts:detail")


def register() -> None:
    """Register saved routes, patrols and checkpoint shifts with the releasable record types."""
    for record_type in (PATROL_ROUTES, PATROLS, CHECKPOINT_SHIFTS):
        register_releasable(record_type)
