"""The operations' API, from the kit's router factory: /api/v1/patrol-routes, /api/v1/patrols (with units and
freedom-of-movement restrictions) and /api/v1/checkpoint-shifts (docs/user/patrols.md)."""

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import RecordApi, record_router

from .filters import CheckpointShiftFilter, PatrolFilter, PatrolRouteFilter
from .services import CheckpointShiftService, PatrolRouteService, PatrolService

AUTH = scoped(read=["operations:read", "operations:write"], write=["operations:write"])

routes_router = record_router(RecordApi(service=PatrolRouteService(), filterset=PatrolRouteFilter), auth=AUTH,
                              tags=["operations"])
patrols_router = record_router(RecordApi(service=PatrolService(), filterset=PatrolFilter,
                                         prefetch=("units", "restrictions")), auth=AUTH, tags=["operations"])
shifts_router = record_router(RecordApi(service=CheckpointShiftService(), filterset=CheckpointShiftFilter, key="started_at",
                                        prefetch=("seizures", "weapons")), auth=AUTH, tags=["operations"])
