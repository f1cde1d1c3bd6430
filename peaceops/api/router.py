"""The NinjaAPI object: assembles each app's router under /api/v1/ (OpenAPI at /api/v1/openapi.json,
interactive docs at /api/v1/docs, served without any CDN)."""

from django.conf import settings
from ninja import NinjaAPI

from peaceops.core.kit.api import install_field_errors

from .auth import BearerOrSession
from .docs import OfflineSwagger, install_docs_assets
from .errors import install_error_handlers
from .parser import StrictJsonParser

api = NinjaAPI(
    title="PeaceOps API",
    version="1",
    description="Mission information platform: incidents, geography, change history. See docs/api.md.",
    auth=BearerOrSession(),
    urls_namespace="api-v1",
    docs=OfflineSwagger(),
    parser=StrictJsonParser(),
)
install_error_handlers(api)
install_field_errors(api)
install_docs_assets(api)


def _mount() -> None:
    from peaceops.incidents.api import router as incidents_router
    from peaceops.sharing.api import router as sharing_router

    api.add_router("/incidents", incidents_router)
    api.add_router("/incidents", sharing_router)  # /incidents/{id}/releases
    api.add_router("/geo", "peaceops.geo.api.router")
    api.add_router("/partners", "peaceops.partners.api.router")
    api.add_router("/analytics", "peaceops.analytics.api.router")
    api.add_router("/sites", "peaceops.sites.api.router")
    api.add_router("/alerts", "peaceops.api.alert_queue.router")  # /alerts/queue, before /alerts/{alert_id}
    api.add_router("/alerts", "peaceops.alerts.api.router")
    api.add_router("/focal-points", "peaceops.alerts.api.focal_points_router")
    api.add_router("/contingents", "peaceops.force.api.contingents_router")
    api.add_router("/units", "peaceops.force.api.units_router")
    api.add_router("/contributions", "peaceops.force.api.contributions_router")
    api.add_router("/patrol-routes", "peaceops.operations.api.routes_router")
    api.add_router("/patrols", "peaceops.operations.tracks.api.router")  # /patrols/{id}/positions, /track
    api.add_router("/patrols", "peaceops.operations.api.patrols_router")
    api.add_router("/patrols", "peaceops.operations.run_api.router")  # step, observations, proposals
    api.add_router("/checkpoint-shifts", "peaceops.operations.api.shifts_router")
    api.add_router("/conduct", "peaceops.conduct.statistics_api.router")  # /conduct/statistics
    api.add_router("/conduct/risk-assessments", "peaceops.conduct.prevention_api.risk_router")
    api.add_router("/conduct/training", "peaceops.conduct.prevention_api.training_router")
    api.add_router("/conduct/prevention-measures", "peaceops.conduct.prevention_api.measures_router")
    api.add_router("/conduct/cases", "peaceops.conduct.api.cases_router")
    api.add_router("/search", "peaceops.api.search.router")
    api.add_router("/conduct", "peaceops.conduct.workflow_api.router")  # cases/{id}/step, settings
    api.add_router("/conduct", "peaceops.api.conduct_referrals.router")  # /conduct/referrals
    api.add_router("/conduct/cases", "peaceops.conduct.people_api.router")  # /{id}/people, .../reveal
    if "tests.recordtypes" in settings.INSTALLED_APPS:  # tests-only record types (installed only under pytest)
        api.add_router("/testrecords/cases", "tests.recordtypes.api.router")


_mount()
