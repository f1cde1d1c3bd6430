"""The force registry's API, from the kit's router factory: /api/v1/contingents, /api/v1/units (with their
strengths, deployments and rotations) and /api/v1/contributions (docs/user/force-registry.md)."""

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import RecordApi, record_router

from .filters import ContingentFilter, ContributionFilter, UnitFilter
from .services import ContingentService, ContributionService, UnitService

AUTH = scoped(read=["force:read", "force:write"], write=["force:write"])

contingents_router = record_router(RecordApi(service=ContingentService(), filterset=ContingentFilter),
                                   auth=AUTH, tags=["force"])
units_router = record_router(RecordApi(service=UnitService(), filterset=UnitFilter,
                                       prefetch=("strengths", "deployments", "rotations")), auth=AUTH, tags=["force"])
contributions_router = record_router(RecordApi(service=ContributionService(), filterset=ContributionFilter, key="country"),
                                     auth=AUTH, tags=["force"])
