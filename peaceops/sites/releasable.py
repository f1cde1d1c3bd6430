"""Sites as a releasable record type (`core.kit.releasable`): partners pull them in their signed sites feed
(`/api/v1/partners/{org}/feed/sites`), without the fields a site withholds from partners (`notes`)."""

from peaceops.core.kit.releasable import ReleasableType, register_releasable
from peaceops.core.kit.schemas import record_detail

from .models import Site
from .services import SiteService


def _detail(site) -> dict:
    return record_detail(SiteService(), site)


def _prepare(sites):
    return (sites.select_related("mission", "owner")
            .prefetch_related(Site.releases_in_force_prefetch(), "years"))


SITES = ReleasableType(name="sites", model=Site, item="site", detail=_detail, prepare=_prepare,
                       withheld=Site.withheld_from_partners, detail_url="sites:detail")


def register() -> None:
    """Register sites with the releasable record types."""
    register_releasable(SITES)
