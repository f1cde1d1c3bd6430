"""The words of the access policy (`policy.py`, `policy_alerts.py`): a `Case` (how to call a route and the status
each actor gets), `expect`, the seeded record targets and the common expectations."""

from dataclasses import dataclass, field

from .world import ACTORS, MEMBERS

LOGIN = "login"  # 302 to the sign-in page: what a page answers an anonymous visitor (or a token, unread by pages)
GROUPS = {
    "members": MEMBERS,
    "reporting": ("reporter", "analyst", "watch", "admin"),
    "readers": ("viewer", "sc"),
}


def expect(default, **codes) -> dict:
    """Status per actor: `default`, then groups, then single actors."""
    result = dict.fromkeys(ACTORS, default)
    for name, code in codes.items():
        if name in GROUPS:
            result.update(dict.fromkeys(GROUPS[name], code))
    for name, code in codes.items():
        if name not in GROUPS:
            assert name in ACTORS, f"unknown actor {name!r}"
            result[name] = code
    return result


@dataclass(frozen=True)
class Case:
    """One way of calling a route and the status each actor gets."""

    expect: dict
    method: str = "GET"
    target: dict | None = None
    params: dict = field(default_factory=dict)
    body: dict | None = None
    path_params: dict = field(default_factory=dict)
    scope: str | None = None
    label: str = ""


#: A gateway id no gateway has (the SMS webhooks).
NO_GATEWAY = "00000000-0000-4000-8000-000000000000"
#: Record targets (world.record() arguments).
UNMIK_ONLY = {"owner": "UNMIK", "classification": "CONFIDENTIAL"}
TO_KFOR = {"owner": "UNMIK", "classification": "CONFIDENTIAL", "released": True}
STRICT = {"owner": "UNMIK", "classification": "STRICTLY_CONFIDENTIAL"}
PUBLIC = {"owner": "OSCE", "classification": "PUBLIC"}

#: Deployment site targets (world.record() arguments with kind "site").
SITE = {**UNMIK_ONLY, "kind": "site"}
SITE_TO_KFOR = {**TO_KFOR, "kind": "site"}
SITE_STRICT = {**STRICT, "kind": "site"}
NEW_SITE = {"mission": "UNMIK", "name": "Team site Zubin Potok", "lon": 20.69, "lat": 42.91}

#: Signed-in readers (API): everyone with credentials; each sees only their own missions' records.
API_READ = expect(200, anonymous=401)
#: Pages any signed-in user may open.
PAGE_READ = expect(200, anonymous=LOGIN, token=LOGIN)
#: The analysts' pages: holders of analytics.view in their current mission (analysts, watch officers, mission
#: administrators); every other signed-in user is refused (403).
ANALYST_PAGE = expect(403, analyst=200, watch=200, admin=200, anonymous=LOGIN, token=LOGIN)

NEW_INCIDENT = {"mission": "UNMIK", "title": "Roadblock on the main road", "lon": 20.86, "lat": 42.89,
                "occurred_start": "2026-03-01T10:00:00Z"}
