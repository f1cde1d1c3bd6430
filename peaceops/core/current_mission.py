"""The mission a signed-in user is working in, kept in the session (key `mission_id`).

A user belonging to several missions switches between them (`/mission/switch/`); the default is their first
mission by code. Superusers may work in any mission. In core because every app's pages ask it (the kit's
generic pages); `peaceops.web.mission` re-exports it.
"""

from .access import access_profile
from .models import Mission

SESSION_KEY = "mission_id"
_CACHE_ATTR = "_peaceops_current_mission"
_MISSIONS_ATTR = "_peaceops_missions"


def user_missions(user) -> list[Mission]:
    """The missions a user belongs to (every mission for a superuser), ordered by code; read once per user
    object (that is, once per request)."""
    cached = getattr(user, _MISSIONS_ATTR, None)
    if cached is not None:
        return cached
    profile = access_profile(user)
    if profile.superuser:
        missions = list(Mission.objects.order_by("code"))
    elif not profile.missions:
        missions = []
    else:
        missions = list(Mission.objects.filter(pk__in=list(profile.missions)).order_by("code"))
    setattr(user, _MISSIONS_ATTR, missions)
    return missions


def may_work_in(user, mission_id) -> bool:
    """Whether the user may choose this mission as their current one."""
    profile = access_profile(user)
    try:
        mission_id = int(mission_id)
    except (TypeError, ValueError):
        return False
    if profile.superuser:
        return Mission.objects.filter(pk=mission_id).exists()
    return mission_id in profile.missions


def current_mission(request) -> Mission | None:
    """The signed-in user's current mission (None when they belong to none). Resolved once per request."""
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    user = getattr(request, "user", None)
    mission = None
    if user is not None and user.is_authenticated:
        missions = user_missions(user)
        chosen = request.session.get(SESSION_KEY)
        mission = next((m for m in missions if m.pk == chosen), None) or (missions[0] if missions else None)
    setattr(request, _CACHE_ATTR, mission)
    return mission


def set_current_mission(request, mission: Mission) -> None:
    """Remember the chosen mission in the session (the caller checked `may_work_in`)."""
    request.session[SESSION_KEY] = mission.pk
    setattr(request, _CACHE_ATTR, mission)
