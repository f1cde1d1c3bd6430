"""The shared base of the public forms: the pages people without an account send a report from, the community
alerts' report (`alerts.public`, /report/) and the misconduct report (`conduct.public_report`,
/report-misconduct/). Each app keeps its form, its words and what it stores; what they share is here, with the
frame template `public/base.html` (stylesheet `public/public.css`) and its pieces `public/_problems.html` (the
emergency line, the 429 and the refusals above the form) and `public/_trap.html` (the robots' field).

For a cheap phone on a thin link: no sign-in, no session, no JavaScript needed, nothing cached on the way.

- The page's language: `?lang=`, kept by the form's hidden `lang`, else the browser's (`language`). On a form
  page (`page(..., switch_form=<form id>)`) the language switch is a row of submit buttons of that form, named
  `switch_lang` (`SWITCH`): the view answers the same form, in the new language, with what was typed, and
  stores nothing (`switched`). Elsewhere it is a row of links.
- `public_page`: a view answered in that language (`Content-Language`), never kept by a browser or a proxy.
- `csrf_refused`: Django's CSRF check made by the view (which is `csrf_exempt`), so that a refused form comes
  back with what was typed; the CSRF token lives in its cookie, no session is needed.
- `address_hash` / `address_key`: the client's address as a keyed hash, never the address itself, for the
  counted windows of `messaging.ratelimit.allow` (which the apps call: core does not import messaging).
- `Honeypot`: the `website` field people never see and robots fill (`is_trapped`).
- `receipt_redirect` / `receipt_reference`: the receipt reached only through a signed link (303 See Other,
  so a reload sends nothing again).
"""

import datetime as dt
import hashlib
import hmac
from functools import wraps

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .models import Mission

#: The window the per-address limits count in.
HOUR = dt.timedelta(hours=1)
#: How long a receipt's signed link works.
RECEIPT_MAX_AGE = 24 * 3600
#: The name of the language buttons of a form page.
SWITCH = "switch_lang"
#: The key of the address hash. It names the alerts' page, where the hash began: the same key keeps an hour's
#: counted windows across an upgrade.
_HASH_KEY = "peaceops.alerts.public"


def _codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language(request) -> str:
    """The page's language: a language button's, else the one asked for by a language link or the form's hidden
    field, else the browser's."""
    codes = _codes()
    for asked in (request.POST.get(SWITCH), request.POST.get("lang"), request.GET.get("lang")):
        if asked in codes:
            return asked
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in codes else settings.LANGUAGE_CODE


def switched(request) -> bool:
    """A language button was pressed: answer the form again in its language, store nothing."""
    return request.method == "POST" and request.POST.get(SWITCH) in _codes()


def public_page(view):
    """A public page: answered in the page's language (`request.public_language`), never kept by a browser or
    a proxy."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.public_language = language(request)
        with translation.override(request.public_language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = request.public_language
        return response

    return never_cache(wrapper)


def page(request, template: str, context: dict, status: int = 200, *, switch_form: str = ""):
    """A public page: the template (extending `public/base.html`) with the language switch; `switch_form`, the
    id of the page's form, makes the switch that form's buttons."""
    current = request.public_language
    languages = [(code, name, f"{request.path}?{urlencode({'lang': code})}", code == current)
                 for code, name in settings.LANGUAGES]
    context = {"language": current, "languages": languages, "switch_form": switch_form, "switch": SWITCH,
               **context}
    return render(request, template, context, status=status)


def with_language(url: str, request, **params) -> str:
    """`url` with `params` and the page's language."""
    return f"{url}?{urlencode({**params, 'lang': request.public_language})}"


def mission_of(code: str | None):
    """(mission, missions): the mission named by the URL (any case), or the only one; else (None, all missions)."""
    missions = list(Mission.objects.order_by("code"))
    if code is None:
        return (missions[0] if len(missions) == 1 else None), missions
    wanted = code.upper()
    return next((m for m in missions if m.code.upper() == wanted), None), missions


def csrf_refused(request) -> bool:
    """Django's CSRF check of this POST (the form's token against its cookie, the origin), made by the view
    rather than by the middleware so that a refused form comes back with what the visitor typed."""
    return CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is not None


def address_hash(request) -> str:
    """A keyed hash of the client's address (HMAC-SHA-256 with the installation's secret key): the same address
    gives the same hash on this installation, and the address cannot be read back from it. The address is the
    one the sign-in throttle uses (django-axes): `REMOTE_ADDR`, unless the operator declared the reverse proxies
    in front (`AXES_IPWARE_*` settings, docs/operators/security.md)."""
    address = get_client_ip_address(request) or "unknown"
    key = hashlib.sha256(f"{_HASH_KEY}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def address_key(scope: str, request) -> str:
    """The key of this address's counted window for `scope` (e.g. "alerts-report:<mission id>")."""
    return f"{scope}:{address_hash(request)}"


class Honeypot(forms.Form):
    """A form with a trap for robots: `website`, a field people never see (`public/_trap.html`) and robots
    fill."""

    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    @property
    def is_trapped(self) -> bool:
        """A robot filled the field people do not see."""
        return bool(str(self.data.get("website", "")).strip())


def receipt_redirect(url: str, request, reference: str, salt: str) -> HttpResponseRedirect:
    """303 See Other to the receipt page `url`, the reference signed in its `r` (the receipt is read with GET: a
    reload sends nothing again)."""
    response = HttpResponseRedirect(with_language(url, request, r=signing.dumps(reference, salt=salt)))
    response.status_code = 303
    return response


def receipt_reference(request, salt: str) -> str | None:
    """The reference of the receipt's signed link (`receipt_redirect`); None when it is not one or is older than
    RECEIPT_MAX_AGE."""
    try:
        return signing.loads(request.GET.get("r", ""), salt=salt, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
