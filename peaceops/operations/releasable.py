"""The operations' record types as releasable record types (`core.kit.releasable`): partners pull them in their
signed feeds (`/api/v1/partners/{org}/feed/patrol-routes`, `.../patrols`, `.../checkpoint-shifts`), and
`sharing.services.release_record` releases them. A joint patrol is released to its partner by
`PatrolService.clean`, so the partner's feed carries it with its report, but without the people met (who
spoke to the mission is the mission's to protect) — the notes of routes and shifts are withheld likewise."""

from peaceops.core.kit.releasable import kit_releasable, register_releasable

from .services import CheckpointShiftService, PatrolRouteService, PatrolService

PATROL_ROUTES = kit_releasable(PatrolRouteService(), name="patrol-routes", item="patrol_route",
                               detail_url="patrol_routes:detail")
PATROLS = kit_releasable(PatrolService(), name="patrols", item="patrol", detail_url="patrols:detail")
CHECKPOINT_SHIFTS = kit_releasable(CheckpointShiftService(), name="checkpoint-shifts", item="checkpoint_shift",
                                   detail_url="checkpoint_shifts:detail")


def register() -> None:
    """Register saved routes, patrols and checkpoint shifts with the releasable record types."""
    for record_type in (PATROL_ROUTES, PATROLS, CHECKPOINT_SHIFTS):
        register_releasable(record_type)
