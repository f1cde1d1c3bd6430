"""Sites API under /api/v1/sites, from the kit's router factory: list, detail, create, update, delete, history,
releases (docs/user/sites.md). The schemas come from the model; only a year's shape is said here."""

from ninja import Schema

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import RecordApi, record_router

from .filters import SiteFilter
from .services import SiteService


class SiteYearIO(Schema):
    """What was at the site in one year: troops, units by type, contributing countries."""

    year: int
    troops: int = 0
    units: dict[str, float] = {}
    countries: list[dict] = []


router = record_router(RecordApi(service=SiteService(), filterset=SiteFilter, children={"years": SiteYearIO},
                                 prefetch=("years",)),
                       auth=scoped(read=["sites:read", "sites:write"], write=["sites:write"]), tags=["sites"])
