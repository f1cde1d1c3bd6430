"""The interactive API docs page (Swagger UI) served entirely from the installed django-ninja package.

Missions run on poor links and no CDN may be assumed: ninja's own renderer falls back to a CDN unless "ninja"
is an installed app, so this renderer writes the page itself and serves ninja's bundled Swagger UI files
from /api/v1/docs/assets/<name>.
"""

import json
from pathlib import Path

import ninja
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape
from ninja.openapi.docs import Swagger

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" href="{assets}favicon.svg" type="image/svg+xml">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class OfflineSwagger(Swagger):
    """Swagger UI whose scripts and styles come from this server, never from the internet."""

    def render_page(self, request, api, **kwargs):
        # validatorUrl None: never send the schema to swagger.io's online validator
        settings = dict(self.settings, url=self.get_openapi_url(api, kwargs), validatorUrl=None)
        assets = request.path.rstrip("/") + "/assets/"
        html = _PAGE.format(
            title=escape(api.title), assets=escape(assets), csrf=escape(get_token(request)),
            settings=json.dumps(settings).replace("<", "\\u003c"),
        )
        return HttpResponse(html)


def asset_response(name: str) -> HttpResponse:
    """One bundled Swagger UI file, cacheable for a day."""
    if name not in ASSETS:
        raise Http404(f"no docs asset {name!r}")
    response = HttpResponse((ASSET_DIR / name).read_bytes(), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


def install_docs_assets(api) -> None:
    """Serve the bundled files under <api>/docs/assets/<name> (no authentication: they are public code)."""

    @api.get("/docs/assets/{name}", auth=None, include_in_schema=False)
    def docs_asset(request, name: str):
        return asset_response(name)
