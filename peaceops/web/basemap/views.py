"""The base map's answers: the map style, the installed archive's tiles one by one, and the label glyphs.

Signed-in users only, like every map page (OpenStreetMap data is public, but an installation is not a public
tile server for its mission's thin link: docs/decisions/base-map-tiles-served-one-by-one.md). Caching
(docs/operators/caching.md): the style is asked again each time (`private, no-cache`, ETag: a 304 while
unchanged); a tile's URL names the archive's version, so the browser keeps it a year (`private, immutable`); glyphs
a week.
"""

import gzip
import hashlib
import json
import re
from pathlib import Path

import brotli
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from peaceops.geo.basemap.installed import installed_archive

from .style import map_style

GLYPHS_DIR = Path(__file__).with_name("glyphs")
TILE_TYPE = "application/vnd.mapbox-vector-tile"
TILE_CACHE = "private, max-age=31536000, immutable"
GLYPH_CACHE = "private, max-age=604800"
_FONTSTACK = re.compile(r"^[A-Za-z0-9 ,_-]{1,200}$")


@login_required
@require_GET
def style(request):
    """The MapLibre style of every map for this user (language) and the installed archive, if any."""
    archive = installed_archive()
    body = json.dumps(map_style(archive.info if archive else None, get_language() or "en"),
                      separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    if etag in {tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")}:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def _accepts(request, encoding: str) -> bool:
    offered = request.headers.get("Accept-Encoding", "")
    return any(part.split(";")[0].strip().lower() == encoding and not part.strip().endswith(";q=0")
               for part in offered.split(","))


@login_required
@require_GET
def tile(request, version: str, z: int, x: int, y: int):
    """One vector tile of the installed archive, as stored (gzip or brotli: sent as such to a browser that
    accepts it, decompressed for one that does not). 404 outside the archive, or for another archive's
    version (the page's style names the current one)."""
    archive = installed_archive()
    if archive is None or version != archive.info.version:
        return _not_found("no such base map")
    data = archive.tile(z, x, y)
    if data is None:
        return _not_found("no such tile")
    encoding = archive.info.content_encoding
    if encoding and not _accepts(request, encoding):
        data = gzip.decompress(data) if encoding == "gzip" else brotli.decompress(data)
        encoding = None
    response = HttpResponse(data, content_type=TILE_TYPE)
    if encoding:
        response["Content-Encoding"] = encoding
    response["Cache-Control"] = TILE_CACHE
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _not_found(message: str) -> JsonResponse:
    response = JsonResponse({"message": message}, status=404)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def glyphs(request, fontstack: str, start: int, end: int):
    """The signed-distance glyphs of one font for 256 code points (`start`-`end`), as MapLibre asks for them
    (`glyphs` of the style). A stack of several fonts gets the first one shipped; a range not shipped is 404
    (MapLibre then draws those characters with the browser's own font)."""
    if not _FONTSTACK.match(fontstack) or start % 256 or end != start + 255:
        raise Http404("no such glyph range")
    for font in fontstack.split(","):
        path = GLYPHS_DIR / font.strip() / f"{start}-{end}.pbf.gz"
        if font.strip() and path.is_file():
            data = path.read_bytes()  # stored gzip-compressed (scripts/build-glyphs)
            compressed = _accepts(request, "gzip")
            response = HttpResponse(data if compressed else gzip.decompress(data),
                                    content_type="application/x-protobuf")
            if compressed:
                response["Content-Encoding"] = "gzip"
            response["Cache-Control"] = GLYPH_CACHE
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
    return _not_found("no such glyph range")
