"""Sites API under /api/v1/sites, from the kit's router factory: list, detail, create, update, delete, history,
releases (see docs/api.md and docs/user/sites.md)."""

import datetime as dt
import uuid

from ninja import Schema

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import RecordApi, record_router

from .filters import SiteFilter
from .services import SiteService


class SiteYearIO(Schema):
    year: int
    troops: int = 0
    units: dict[str, float] = {}
    countries: list[dict] = []


class SiteFields(Schema):
    name: str | None = None
    site_type: str | None = None
    lon: float | None = None
    lat: float | None = None
    location_precision: str | None = None
    location_name: str | None = None
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    notes: str | None = None
    source_id: str | None = None
    classification: str | None = None
    releasable_to: list[str] | None = None
    years: list[SiteYearIO] | None = None
    reason: str = ""


class SiteIn(SiteFields):
    mission: str
    owner: str | None = None
    name: str
    lon: float
    lat: float


class SiteOut(Schema):
    id: uuid.UUID
    mission: str
    owner: str
    name: str
    site_type: str
    lon: float
    lat: float
    location_precision: str
    location_name: str
    admin1_id: int | None
    admin2_id: int | None
    opened_on: dt.date | None
    closed_on: dt.date | None
    notes: str | None
    source_id: str | None
    classification: str
    releasable_to: list[str]
    years: list[SiteYearIO]


def site_detail(site) -> dict:
    return {"id": site.pk, "mission": site.mission.code, "owner": site.owner.code, **{
        k: getattr(site, k) for k in ("name", "site_type", "lon", "lat", "location_precision", "location_name",
                                      "admin1_id", "admin2_id", "opened_on", "closed_on", "notes", "source_id",
                                      "classification")},
            "releasable_to": sorted(o.code for o in site.released_organisations()),
            "years": [{"year": y.year, "troops": y.troops, "units": y.units, "countries": y.countries}
                      for y in sorted(site.years.all(), key=lambda y: y.year)]}


SITES = RecordApi(model=SiteService.model, service=SiteService(), filterset=SiteFilter, detail=SiteOut,
                  create=SiteIn, patch=SiteFields, detail_of=site_detail, prefetch=("years",))
router = record_router(SITES, auth=scoped(read=["sites:read", "sites:write"], write=["sites:write"]),
                       tags=["sites"])
