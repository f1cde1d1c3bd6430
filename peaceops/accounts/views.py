"""Account pages: my account (recent sign-ins), my API tokens, two-factor enrolment and the sign-in code step,
and for administrators the sign-ins audit with the unlock button."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from peaceops.core.models import ApiToken
from peaceops.core.participation import is_mission_admin
from peaceops.core.services import (
    PermissionDenied,
    TokenError,
    create_api_token,
    parse_lifetime,
    revoke_api_token,
)

from . import services, twofactor
from .choices import SignInOutcome
from .filters import SignInEventFilter
from .forms import CodeForm, TokenForm
from .models import SignInEvent

#: Wrong codes in one session before it is signed out (the password must then be given again).
MAX_CODE_FAILURES = 5
_NEW_SECRET = "peaceops_new_token_secret"


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


def _forbidden(request, reason):
    return render(request, "web/forbidden.html", {"reason": reason}, status=403)


@login_required
def account(request):
    """My account: two-factor status, links to tokens and password, my recent sign-ins."""
    return render(request, "accounts/account.html", {
        "device": twofactor.confirmed_device(request.user),
        "two_factor_required": twofactor.required_by_policy(request.user),
        "events": SignInEvent.objects.filter(user=request.user)[:15],
        "active_tokens": sum(1 for t in request.user.api_tokens.all() if t.status == "active"),
    })


# --- API tokens ----------------------------------------------------------------------------------------------

@login_required
def tokens(request):
    """My API tokens: create (the secret is shown once, on the page after), list, revoke."""
    may_admin = is_mission_admin(request.user)
    form = TokenForm(request.POST or None, may_admin=may_admin)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = create_api_token(
                user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
                lifetime=parse_lifetime(form.cleaned_data["lifetime"]), acting_user=request.user,
            )
        except TokenError as exc:
            form.add_error(None, str(exc))
        else:
            request.session[_NEW_SECRET] = key
            messages.success(request, _("Token %(prefix)s… created.") % {"prefix": token.prefix})
            return redirect("accounts:tokens")
    return render(request, "accounts/tokens.html", {
        "form": form,
        "new_secret": request.session.pop(_NEW_SECRET, None),
        "tokens": request.user.api_tokens.all(),
        "refusal": twofactor.token_refusal(request.user),
    })


@login_required
@require_POST
def revoke_token(request, pk: int):
    """Revoke one of my tokens (another user's token is not found)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token=token, acting_user=request.user, reason="revoked on the tokens page")
    messages.success(request, _("Token %(prefix)s… revoked: it no longer works.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")


# --- two-factor sign-in ----------------------------------------------------------------------------------------

def _qr_svg(device) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", border=4)


def _settled(request, device):
    """The session has given its second factor."""
    otp_login(request, device)
    request.session[twofactor.SESSION_KEY] = twofactor.OK


@login_required
def two_factor(request):
    """Enrolment: scan the QR code (or type the secret) into an authenticator app, confirm with a code.
    Once enrolled, the page shows the status and, when not required, lets the user remove it."""
    user = request.user
    device = twofactor.confirmed_device(user)
    required = twofactor.required_by_policy(user)
    form = CodeForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and request.POST.get("action") == "remove" and not required:
            if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
                services.remove_two_factor(user=user, acting_user=user)
                request.session[twofactor.SESSION_KEY] = twofactor.OK
                messages.success(request, _("Two-factor sign-in is off."))
                return redirect("accounts:account")
            form.add_error("code", _("That code is not right."))
        return render(request, "accounts/two_factor.html", {"device": device, "required": required,
                                                            "form": form})
    pending = services.pending_device(user)
    if request.method == "POST" and form.is_valid():
        if services.confirm_enrolment(device=pending, code=form.cleaned_data["code"], acting_user=user):
            _settled(request, pending)
            messages.success(request, _("Two-factor sign-in is on: each sign-in will ask for a code."))
            return redirect(_next(request, reverse("accounts:account")))
        form.add_error("code", _("That code is not right: check the time on your phone and try the new code."))
    return render(request, "accounts/two_factor.html", {
        "pending": pending, "required": required, "form": form, "qr_svg": _qr_svg(pending),
        "secret": base64.b32encode(pending.bin_key).decode().rstrip("="), "next": _next(request, ""),
    })


@login_required
def two_factor_verify(request):
    """The second step of signing in: the code of the user's authenticator."""
    device = twofactor.confirmed_device(request.user)
    if device is None:
        request.session[twofactor.SESSION_KEY] = twofactor.state_for(request.user)
        return redirect(_next(request, "/"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accepted, wait = twofactor.check_code(device, form.cleaned_data["code"])
        if accepted:
            _settled(request, device)
            services.record_sign_in(request=request, outcome=SignInOutcome.OTP_PASSED, user=request.user)
            return redirect(_next(request, "/"))
        services.record_sign_in(request=request, outcome=SignInOutcome.OTP_FAILED, user=request.user,
                                detail="throttled" if wait else "")
        failures = request.session.get("peaceops_otp_failures", 0) + 1
        request.session["peaceops_otp_failures"] = failures
        if failures >= MAX_CODE_FAILURES:
            logout(request)
            messages.error(request, _("Too many wrong codes: sign in again."))
            return redirect("login")
        form.add_error("code", _("That code is not right.") if not wait else ngettext(
            "Several wrong codes in a row: wait %(seconds)d second, then type the code your app shows.",
            "Several wrong codes in a row: wait %(seconds)d seconds, then type the code your app shows.",
            wait) % {"seconds": wait})
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request, "")})


# --- sign-ins audit and unlocking (mission administrators, superusers) ----------------------------------------

@login_required
def sign_ins(request):
    """Every sign-in event the administrator may see, filtered; who is locked out now, with Unlock buttons."""
    if not is_mission_admin(request.user):
        return _forbidden(request, _("The sign-ins are for mission administrators."))
    filterset = SignInEventFilter(request.GET or None, queryset=SignInEvent.objects.visible_to(request.user))
    page = Paginator(filterset.qs.select_related("user"), 50).get_page(request.GET.get("page"))
    locked = [u for u in services.locked_usernames() if services.may_unlock(request.user, u)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/sign_ins.html", {
        "filter": filterset, "page": page, "locked": locked, "query": query.urlencode(),
    }, status=400 if filterset.is_bound and not filterset.is_valid() else 200)


@login_required
@require_POST
def unlock(request):
    """Lift the lock-out of one user name."""
    if not is_mission_admin(request.user):
        return _forbidden(request, _("Unlocking is for mission administrators."))
    username = request.POST.get("username", "")
    try:
        services.unlock_user(username=username, acting_user=request.user, request=request)
    except PermissionDenied as exc:
        return _forbidden(request, exc.message)
    messages.success(request, _("%(username)s may sign in again.") % {"username": username})
    return redirect("accounts:sign-ins")
