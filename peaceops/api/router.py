"""The NinjaAPI object: assembles each app's router under /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from ninja import NinjaAPI

from .auth import BearerOrSession
from .errors import install_error_handlers

api = NinjaAPI(
    title="PeaceOps API",
    version="1",
    description="Mission information platform: incidents, geography, change history.",
    auth=BearerOrSession(),
    urls_namespace="api-v1",
)
install_error_handlers(api)


def _mount() -> None:
    from peaceops.incidents.api import router as incidents_router

    api.add_router("/incidents", incidents_router)


_mount()
