"""How responses travel: the static files' storage, compression of dynamic responses and the HTTP cache policy.

A mission's team site may have a 256 kbit/s link, so every byte counts (docs/operators/caching.md,
docs/developers/delivery.md):

- `StaticStorage`: `collectstatic` writes each static file under a name holding its content's hash, with a
  brotli and a gzip copy beside it; WhiteNoise serves those copies to browsers that accept them and marks the
  hashed names immutable (cached for a year). Without `collectstatic` (a development checkout, the tests) the
  plain names are used and served from the apps.
- `CompressionMiddleware`: HTML, JSON and other text answers of the application are compressed (brotli, else
  gzip); streamed answers (the COP's live stream, file downloads) are left alone.
- `CachePolicyMiddleware`: what a browser or a proxy may keep. Answers to a signed-in user hold records of
  that user's visibility, some of them classified: `private, no-store` (never kept by a shared cache, nor on
  the device's disk). Answers that set their own policy keep it.
"""

import gzip
import io
import random
import re

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers
from whitenoise.storage import CompressedManifestStaticFilesStorage

#: Media types worth compressing (text); images, archives and already compressed files are not.
COMPRESSIBLE = re.compile(r"^(text/|application/(json|geo\+json|javascript|xml|ld\+json|problem\+json)|image/svg)")
#: Smaller bodies gain nothing from compression (a TCP packet carries them anyway).
MIN_BYTES = 256
#: Paths never compressed: pages that show a secret (a new API token, a two-factor enrolment key) next to what
#: the user typed (BREACH: docs/developers/delivery.md "Compression and BREACH").
UNCOMPRESSED_PATHS = ("/accounts/", "/admin/")
#: brotli quality for dynamic responses: 5 compresses a 100 KB answer in about a millisecond and within a few
#: per cent of the best (11, which the static files get once, at collectstatic).
BROTLI_QUALITY = 5


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, precompressed storage, with two adjustments:

    - a name missing from the manifest (no `collectstatic` run yet, or a file added since) keeps its plain
      name, served from the app by WhiteNoise's finders, instead of failing the page;
    - only stylesheets' `url(...)` references are rewritten: the vendored map library names source maps that
      are not shipped (a missing referenced file would fail `collectstatic`)."""

    patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] == "*.css")
    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # not in the manifest and not collected: the app's own copy, by its plain name
            return name


def _gzip(content: bytes) -> bytes:
    """gzip with a random-length file name in the header ("Heal the BREACH", as Django's GZipMiddleware)."""
    buffer = io.BytesIO()
    name = "x" * random.randint(0, 100)
    with gzip.GzipFile(filename=name, mode="wb", compresslevel=6, fileobj=buffer, mtime=0) as stream:
        stream.write(content)
    return buffer.getvalue()


def _accepted(request) -> str | None:
    """The encoding to use for this request ("br", "gzip" or None), from its Accept-Encoding."""
    accepted = {part.split(";")[0].strip().lower() for part in request.headers.get("Accept-Encoding", "").split(",")
                if not part.strip().endswith(";q=0")}
    if "br" in accepted:
        return "br"
    if "gzip" in accepted:
        return "gzip"
    return None


class CompressionMiddleware:
    """Compress the application's text answers with brotli (or gzip for clients without it).

    Django's GZipMiddleware does gzip only and also compresses streamed answers, which would hold back the
    COP's server-sent events until a buffer fills: streamed answers pass through here untouched. WhiteNoise's
    static files are streamed too: they come precompressed from `collectstatic`.
    `PEACEOPS_COMPRESS_RESPONSES=0` turns compression off (e.g. behind a proxy that compresses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(settings, "PEACEOPS_COMPRESS_RESPONSES", True):
            return response
        if response.status_code == 304:  # the same Vary as the answer it stands for
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        if response.streaming or response.has_header("Content-Encoding"):
            return response
        if not COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        if request.path.startswith(UNCOMPRESSED_PATHS):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if len(response.content) < MIN_BYTES:
            return response
        encoding = _accepted(request)
        if encoding is None:
            return response
        if encoding == "br":
            compressed = brotli.compress(response.content, quality=BROTLI_QUALITY)
        else:
            compressed = _gzip(response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = encoding
        etag = response.get("ETag")
        if etag and etag.startswith('"'):  # the same entity in another encoding is no longer byte-identical
            response["ETag"] = "W/" + etag
        return response


#: The policy of an answer to a signed-in user that did not choose its own (records, some classified).
PRIVATE = "private, no-store"
#: The policy of an answer to an anonymous visitor that did not choose its own (sign-in page, public pages).
ANONYMOUS = "no-cache"


class CachePolicyMiddleware:
    """Give every application answer a Cache-Control header (static files have theirs from WhiteNoise).

    - An answer that sets its own Cache-Control keeps it (e.g. the service worker script, `never_cache` views).
    - An answer to a signed-in user, and any answer of the API (which may be signed in by a token):
      `private, no-store`. It holds records of what that user may see, some of
      them classified: no shared cache (proxy, CDN) may keep it, nor the device's disk cache, and the service
      worker does not either (docs/operators/caching.md).
    - Any other answer: `no-cache` (kept, but asked again each time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "Authorization" in request.headers or request.path.startswith("/api/"):
            response["Cache-Control"] = PRIVATE
        else:
            response["Cache-Control"] = ANONYMOUS
            patch_vary_headers(response, ("Cookie",))
        return response
