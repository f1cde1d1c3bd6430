"""`GET /api/v1/alerts/queue?mission=`: the watch officer's triage queue as JSON (`alerts.queue`, the same
alerts in the same order as the page at /alerts/queue/), for a duty screen or a partner's watch tool.

Each alert comes through `Alert.objects.visible_to(caller)`; a caller who may not read alerts in the mission is
refused (403), a mission that is not the caller's answers an empty queue, exactly as one without alerts. A
bearer token needs `alerts:read` or `alerts:write` (a signed-in session needs none).
"""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from peaceops.alerts.models import Alert
from peaceops.alerts.queue import LIMIT, QueueFilters, rows
from peaceops.core.access import access_profile
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.permissions import has_perm
from peaceops.core.kit.sealing import shown
from peaceops.core.models import Mission

from .scopes import scoped

router = Router(tags=["alerts"], auth=scoped(read=["alerts:read", "alerts:write"], write=[]))
_FIELDS = ("id", "reference", "priority", "band", "status", "category", "place", "lon", "lat", "channel", "trust",
           "focal_point", "text", "received_at", "age_minutes", "claimed_by", "assigned_to", "factors", "url")


@router.get("/queue", response=dict, summary="The triage queue: open alerts you may see, by priority")
def alert_queue(request: HttpRequest, mission: str, band: str = "", who: str = "", channel: str = "",
                limit: int = LIMIT):
    """The open alerts of the mission the caller may see, highest priority first (oldest first within one),
    at most `limit` (1-500); `band` (critical, high, medium, low), `who` (unclaimed, mine) and `channel`
    (web, sms, api, phone, staff) narrow it. `count` is the matching alerts counted up to 1000 (`more`: there
    are more)."""
    if not 1 <= limit <= 500:
        raise FieldError("limit", "must be from 1 to 500")
    found = Mission.objects.filter(code=mission).first()
    if found is None:
        raise FieldError("mission", "no mission has code %(code)r", code=mission)
    profile = access_profile(request.auth)
    if not profile.superuser and found.pk not in profile.missions:
        return {"mission": mission, "count": 0, "more": False, "alerts": []}
    if not has_perm(request.auth, found.pk, "alerts.alert.view"):
        raise HttpError(403, f"{request.auth} lacks alerts.alert.view in this mission")
    queue = rows(request.auth, found, QueueFilters.of({"band": band, "who": who, "channel": channel}), limit=limit)
    shown(request.auth, queue["alerts"], via="api-list", model=Alert)
    return {"mission": mission, "count": queue["count"], "more": queue["more"],
            "alerts": [{name: a[name] for name in _FIELDS} for a in queue["alerts"]]}
