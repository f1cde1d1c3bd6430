"""The Django admin as PeaceOps serves it: for mission administrators (and superusers), reference data only.

`mission_admin_site` replaces `admin.site` in the URL map. It holds organisations, users, memberships,
taxonomy categories, alert keywords, admin areas and the gazetteer (read only); missions for superusers. Each is scoped to
the missions the user administers. No domain record (incident...) is registered: those change only through the services.
Sign-in is the platform's own sign-in page (throttled); a signed-in user without the role is refused (403).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .context_processors import is_mission_admin


class MissionAdminSite(admin.AdminSite):
    """Admin site open to mission administrators in any mission, and to superusers."""

    site_header = _("PeaceOps administration")
    site_title = _("PeaceOps administration")
    index_title = _("Reference data")

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_authenticated and is_mission_admin(user))

    def login(self, request, extra_context=None):
        """Send strangers to the platform's sign-in page; refuse signed-in users who are not administrators."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return super().login(request, extra_context)
            return render(request, "web/forbidden.html", {
                "reason": _("The administration pages are for mission administrators."),
            }, status=403)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


mission_admin_site = MissionAdminSite(name="admin")
