"""Every route the application serves, read from the NinjaAPI object and the Django URL resolver.

API operations come out as "METHOD /api/v1/<ninja path>", pages as "PAGE /<django route>"; the admin site and
static files are left out (the admin has its own permission system, tested in tests/web/test_admin.py).
"""

from django.urls import URLPattern, URLResolver, get_resolver

from peaceops.api.router import api

API_PREFIX = "/api/v1"
_SKIPPED_PAGES = ("admin/", "api/v1/", "static/")


def api_routes() -> set[str]:
    """Every (method, path) of every router of the API, and the API's own documentation URLs."""
    routes = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    routes.add(f"{method} {API_PREFIX}{prefix}{path}")
    for pattern in api.urls[0]:
        if pattern.name in ("openapi-json", "openapi-view", "api-root"):
            route = str(pattern.pattern)
            routes.add(f"GET {API_PREFIX}/{route}")
    return routes


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def page_routes() -> set[str]:
    """Every page URL pattern outside the admin, the API and static files."""
    return {f"PAGE /{route}" for route in _walk(get_resolver().url_patterns)
            if not route.startswith(_SKIPPED_PAGES)}


def all_routes() -> set[str]:
    return api_routes() | page_routes()
