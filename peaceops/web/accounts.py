"""Account pages: sign-in (throttled by django-axes), sign-out, password change, and the mission switcher."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peaceops.core.models import Mission

from .mission import may_work_in, set_current_mission


class SignInView(auth_views.LoginView):
    """The sign-in form. AuthenticationForm passes the request to authenticate(), as django-axes needs."""

    template_name = "web/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign-out (POST only, as Django requires)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (old password, new password twice, checked by the password validators)."""

    template_name = "web/password_change.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "web/password_change_done.html"


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def switch_mission(request):
    """Make another of the user's missions the current one; a mission they do not belong to is refused."""
    mission_id = request.POST.get("mission")
    if not may_work_in(request.user, mission_id):
        messages.error(request, _("You are not a member of that mission."))
        response = redirect(_safe_next(request))
        response.status_code = 303
        return response
    mission = Mission.objects.get(pk=int(mission_id))
    set_current_mission(request, mission)
    messages.success(request, _("You are now working in %(mission)s.") % {"mission": mission.code})
    return redirect(_safe_next(request))
