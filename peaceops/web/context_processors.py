"""Template context for every page: the current mission, the user's missions, organisations and roles."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from peaceops.analytics.permissions import ANALYTICS_VIEW
from peaceops.core.access import access_profile
from peaceops.core.choices import Role
from peaceops.core.kit.conflicts import open_conflicts_in
from peaceops.core.models import Organisation
from peaceops.core.participation import is_mission_admin
from peaceops.core.permissions import Permission
from peaceops.notices.services import unread_count

from .mission import current_mission, user_missions

#: Role names as the header shows them, in the reader's language.
ROLE_LABELS = {
    Role.VIEWER: _("Viewer"),
    Role.REPORTER: _("Reporter"),
    Role.ANALYST: _("Analyst"),
    Role.WATCH_OFFICER: _("Watch officer"),
    Role.MISSION_ADMIN: _("Mission administrator"),
    Role.STRICTLY_CONFIDENTIAL_READER: _("Strictly confidential reader"),
    Role.CONDUCT_OFFICER: _("Conduct and discipline officer"),
}


def _organisations(request) -> list[Organisation]:
    mission = current_mission(request)
    access = access_profile(request.user).in_mission(mission.pk) if mission else None
    if not access:
        return []
    return list(Organisation.objects.filter(pk__in=list(access.organisation_ids)).order_by("code"))


def _roles(request) -> list[str]:
    mission = current_mission(request)
    access = access_profile(request.user).in_mission(mission.pk) if mission else None
    if not access:
        return [str(_("Superuser"))] if request.user.is_superuser else []
    return [str(ROLE_LABELS.get(r, r)) for r in sorted(access.roles)]


def _manages_roles_here(request) -> bool:
    mission = current_mission(request)
    return bool(mission and access_profile(request.user).has_perm(mission.pk, Permission.MISSION_MANAGE_ROLES))


def _may_here(request, code: str) -> bool:
    mission = current_mission(request)
    return bool(mission and access_profile(request.user).has_perm(mission.pk, code))


def _may_here_any(request, prefix: str) -> bool:
    """Whether the user holds any permission starting with `prefix` in the current mission (superusers: yes)."""
    mission = current_mission(request)
    profile = access_profile(request.user)
    access = mission and profile.in_mission(mission.pk)
    return bool(mission and (profile.superuser or (access and any(c.startswith(prefix) for c in access.permissions))))


def _conflicts_here(request) -> int:
    mission = current_mission(request)
    return len(open_conflicts_in(request.user, mission)) if mission else 0


def mission_header(request) -> dict:
    """`current_mission`, `user_missions`, `user_organisations`, `user_roles`, `is_mission_admin`,
    `manages_roles_here` (may grant roles in the current mission), `reports_here` (may report incidents there),
    `administers_here` (administers the current mission: its sharing page), `analyses_here` (may open the
    analytics pages of the current mission), `reads_alerts_here` and `focal_points_here` (may read community
    alerts, focal points there: the triage queue, the alert pages), `force_here` (may read the force registry's
    units there: the Force overview), `conduct_here` (holds a conduct permission there: the conduct
    overview), `conflicts_here` (how many open edit conflicts of the current mission
    the user may resolve: the menu links their list only when there are some), `unread_notifications` (the
    header's bell: one indexed count). The header's menu shows a page only to those these say may open it.

    Each is evaluated on first use, so a page that shows no header issues no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_mission": SimpleLazyObject(lambda: current_mission(request)),
        "user_missions": SimpleLazyObject(lambda: user_missions(user)),
        "user_organisations": SimpleLazyObject(lambda: _organisations(request)),
        "user_roles": SimpleLazyObject(lambda: _roles(request)),
        "is_mission_admin": SimpleLazyObject(lambda: is_mission_admin(user)),
        "manages_roles_here": SimpleLazyObject(lambda: _manages_roles_here(request)),
        "reports_here": SimpleLazyObject(lambda: _may_here(request, Permission.INCIDENT_REPORT)),
        "administers_here": SimpleLazyObject(lambda: _may_here(request, Permission.MISSION_ADMINISTER)),
        "analyses_here": SimpleLazyObject(lambda: _may_here(request, ANALYTICS_VIEW)),
        "reads_alerts_here": SimpleLazyObject(lambda: _may_here(request, "alerts.alert.view")),
        "conflicts_here": SimpleLazyObject(lambda: _conflicts_here(request)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)),
        "focal_points_here": SimpleLazyObject(lambda: _may_here(request, "alerts.focalpoint.view")),
        "force_here": SimpleLazyObject(lambda: _may_here(request, "force.unit.view")),
        "conduct_here": SimpleLazyObject(lambda: _may_here_any(request, "conduct.")),
    }
