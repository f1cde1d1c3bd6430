"""The access policy of community alerts, their triage, responses, the public report pages and notifications
(`ALERT_ROUTES`, part of `policy.ROUTES`; the words are `cases.py`'s, the rules of the matrix `policy.py`'s)."""

from .cases import (
    LOGIN,
    PAGE_READ,
    STRICT,
    TO_KFOR,
    UNMIK_ONLY,
    Case,
    expect,
)

#: An alert id no alert has (the triage routes answer 404 alike whether an alert exists or is not the caller's to
#: see; who may see but not triage gets 403: tests/alerts/test_responses.py drives those with real alerts).
NO_ALERT = "00000000-0000-4000-8000-00000000a1e7"

#: Community alert and focal point targets (kind "alert", "focalpoint"): UNMIK's, seeded by world.seed_alerts.
ALERT = {**UNMIK_ONLY, "kind": "alert"}
ALERT_TO_KFOR = {**TO_KFOR, "kind": "alert"}
ALERT_STRICT = {**STRICT, "kind": "alert"}
FOCAL = {**UNMIK_ONLY, "kind": "focalpoint"}
FOCAL_TO_KFOR = {**TO_KFOR, "kind": "focalpoint"}
NEW_ALERT = {"mission": "UNMIK", "text": "Armed men on the road"}
NEW_FOCAL = {"mission": "UNMIK", "name": "Focal new", "phone": "+38349000111"}
#: Who reads community alerts: the watch (analysts, watch officers, administrators); the default token holds no
#: alerts scope. Who reads focal points: watch officers and administrators.
ALERT_READ = expect(404, analyst=200, watch=200, admin=200, token=403, anonymous=401)
FOCAL_READ = expect(404, watch=200, admin=200, token=403, anonymous=401)
ALERT_PAGE = expect(404, analyst=200, watch=200, admin=200, anonymous=LOGIN, token=LOGIN)
FOCAL_PAGE = expect(404, watch=200, admin=200, anonymous=LOGIN, token=LOGIN)
#: The pages of community alerts: holders of alerts.alert.view in their current mission (analysts, watch officers,
#: mission administrators).
ALERT_READERS_PAGE = expect(403, analyst=200, watch=200, admin=200, anonymous=LOGIN, token=LOGIN)

ALERT_ROUTES: dict[str, list[Case]] = {
    # --- API: the triage queue (readers of alerts in the mission; another mission's queue is empty; a token
    # needs the admin scope) ---
    "GET /api/v1/alerts/queue": [Case(expect(403, analyst=200, watch=200, admin=200, outsider=200, anonymous=401),
                                      params={"mission": "UNMIK"})],
    # --- API: community alerts (read by the watch: analysts, watch officers, administrators; raised by them and
    # by reporters, a partner's reporter for its own organisation; changed by watch officers and administrators;
    # deleted by administrators; STRICTLY CONFIDENTIAL ones by administrators alone here). The default token
    # holds no alerts scope. ---
    "GET /api/v1/alerts": [Case(expect(200, anonymous=401, token=403), params={"limit": 7})],
    "POST /api/v1/alerts": [Case(expect(403, reporter=201, analyst=201, watch=201, admin=201, partner=201,
                                        anonymous=401), method="POST", body=NEW_ALERT)],
    "GET /api/v1/alerts/{alert_id}": [
        Case(ALERT_READ, target=ALERT, label="unmik-only"),
        Case(ALERT_READ, target=ALERT_TO_KFOR, label="to-kfor"),
        Case(expect(404, admin=200, token=403, anonymous=401), target=ALERT_STRICT, label="strict"),
    ],
    "PATCH /api/v1/alerts/{alert_id}": [
        Case(expect(404, analyst=403, watch=200, admin=200, token=403, anonymous=401), method="PATCH", target=ALERT,
             body={"category": "roadblock"}, label="unmik-only"),
    ],
    "DELETE /api/v1/alerts/{alert_id}": [
        Case(expect(404, analyst=403, watch=403, admin=204, token=403, anonymous=401), method="DELETE",
             target=ALERT, label="unmik-only"),
    ],
    "GET /api/v1/alerts/{alert_id}/history": [
        Case(ALERT_READ, target=ALERT, label="unmik-only"),
        Case(expect(404, admin=200, token=403, anonymous=401), target=ALERT_STRICT, label="strict"),
    ],
    "GET /api/v1/alerts/{alert_id}/releases": [Case(ALERT_READ, target=ALERT_TO_KFOR, label="to-kfor")],
    "POST /api/v1/alerts/{alert_id}/releases": [
        Case(expect(404, analyst=403, watch=201, admin=201, token=403, anonymous=401), method="POST",
             target=ALERT_TO_KFOR, body={"organisation": "OSCE"}, label="to-kfor"),
    ],
    "DELETE /api/v1/alerts/{alert_id}/releases": [
        Case(expect(404, analyst=403, watch=204, admin=204, token=403, anonymous=401), method="DELETE",
             target=ALERT_TO_KFOR, params={"organisation": "KFOR"}, label="to-kfor"),
    ],
    "GET /api/v1/alerts/{alert_id}/attachments": [Case(ALERT_READ, target=ALERT_TO_KFOR, label="to-kfor")],
    "POST /api/v1/alerts/{alert_id}/attachments": [
        Case(expect(404, analyst=403, watch=201, admin=201, token=403, anonymous=401), method="POST",
             target=ALERT, body={"files": "@photo"}, label="unmik-only"),
    ],
    "GET /api/v1/alerts/{alert_id}/attachments/{attachment_id}": [
        Case(ALERT_READ, target=ALERT, path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "GET /api/v1/alerts/{alert_id}/attachments/{attachment_id}/thumbnail": [
        Case(expect(404, admin=200, token=403, anonymous=401), target=ALERT_STRICT,
             path_params={"attachment_id": "@attachment"}, label="strict"),
    ],
    "DELETE /api/v1/alerts/{alert_id}/attachments/{attachment_id}": [
        Case(expect(404, analyst=403, watch=204, admin=204, token=403, anonymous=401), method="DELETE",
             target=ALERT, path_params={"attachment_id": "@attachment"}, params={"reason": "duplicate"},
             label="unmik-only"),
    ],
    # --- API: community focal points (watch officers and administrators; deleted by administrators) ---
    "GET /api/v1/focal-points": [Case(expect(200, anonymous=401, token=403), params={"limit": 7})],
    "POST /api/v1/focal-points": [Case(expect(403, watch=201, admin=201, anonymous=401), method="POST",
                                       body=NEW_FOCAL)],
    "GET /api/v1/focal-points/{focalpoint_id}": [
        Case(FOCAL_READ, target=FOCAL, label="unmik-only"),
        Case(FOCAL_READ, target=FOCAL_TO_KFOR, label="to-kfor"),
    ],
    "PATCH /api/v1/focal-points/{focalpoint_id}": [
        Case(expect(404, watch=200, admin=200, token=403, anonymous=401), method="PATCH", target=FOCAL,
             body={"trust": 1}, label="unmik-only"),
    ],
    "DELETE /api/v1/focal-points/{focalpoint_id}": [
        Case(expect(404, watch=403, admin=204, token=403, anonymous=401), method="DELETE", target=FOCAL,
             label="unmik-only"),
    ],
    "GET /api/v1/focal-points/{focalpoint_id}/history": [Case(FOCAL_READ, target=FOCAL, label="unmik-only")],
    "GET /api/v1/focal-points/{focalpoint_id}/releases": [Case(FOCAL_READ, target=FOCAL_TO_KFOR, label="to-kfor")],
    "POST /api/v1/focal-points/{focalpoint_id}/releases": [
        Case(expect(404, watch=201, admin=201, token=403, anonymous=401), method="POST", target=FOCAL_TO_KFOR,
             body={"organisation": "OSCE"}, label="to-kfor"),
    ],
    "DELETE /api/v1/focal-points/{focalpoint_id}/releases": [
        Case(expect(404, watch=204, admin=204, token=403, anonymous=401), method="DELETE", target=FOCAL_TO_KFOR,
             params={"organisation": "KFOR"}, label="to-kfor"),
    ],
    "GET /api/v1/focal-points/{focalpoint_id}/attachments": [Case(FOCAL_READ, target=FOCAL, label="unmik-only")],
    "POST /api/v1/focal-points/{focalpoint_id}/attachments": [
        Case(expect(404, watch=201, admin=201, token=403, anonymous=401), method="POST", target=FOCAL,
             body={"files": "@photo"}, label="unmik-only"),
    ],
    "GET /api/v1/focal-points/{focalpoint_id}/attachments/{attachment_id}": [
        Case(FOCAL_READ, target=FOCAL, path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "GET /api/v1/focal-points/{focalpoint_id}/attachments/{attachment_id}/thumbnail": [
        Case(FOCAL_READ, target=FOCAL, path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "DELETE /api/v1/focal-points/{focalpoint_id}/attachments/{attachment_id}": [
        Case(expect(404, watch=204, admin=204, token=403, anonymous=401), method="DELETE", target=FOCAL,
             path_params={"attachment_id": "@attachment"}, params={"reason": "duplicate"}, label="unmik-only"),
    ],
    # --- pages: the watch's triage actions on an alert (tests/alerts/test_actions.py drives them with real
    # alerts, triage refused to readers and 404 to who does not see the alert); here an alert no one sees ---
    "PAGE /alerts/misconduct/": [Case(PAGE_READ, label="the misconduct queue: what visible_to gives, for anyone")],
    "PAGE /alerts/<uuid:pk>/verify/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"pk": NO_ALERT}),
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_ALERT},
             body={"title": "x"}, label="post"),
    ],
    "PAGE /alerts/<uuid:pk>/link/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"pk": NO_ALERT}),
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_ALERT},
             body={"incident": NO_ALERT, "reliability": "B", "credibility": "2"}, label="post"),
    ],
    "PAGE /alerts/<uuid:pk>/dismiss/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_ALERT},
             body={"why": "hoax"}),
    ],
    "PAGE /alerts/<uuid:pk>/misconduct/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_ALERT},
             body={"reason": "x", "confirm": "on"}),
    ],
    # --- pages: notifications and alert rules (peaceops.notices): each user's own; another's answers 404, as
    # one that does not exist (the seeded ones are the watch officer's) ---
    "PAGE /notifications/": [Case(PAGE_READ)],
    "PAGE /notifications/<int:pk>/": [
        Case(expect(404, watch=302, anonymous=LOGIN, token=LOGIN), path_params={"pk": "@notice:notification"})],
    "PAGE /notifications/read-all/": [Case(expect(302, anonymous=LOGIN, token=LOGIN), method="POST", body={})],
    "PAGE /subscriptions/": [Case(PAGE_READ)],
    "PAGE /subscriptions/new/": [Case(PAGE_READ), Case(PAGE_READ, params={"record_type": "sites.site"},
                                                       label="sites")],
    "PAGE /subscriptions/<int:pk>/pause/": [
        Case(expect(404, watch=302, anonymous=LOGIN, token=LOGIN), method="POST", body={},
             path_params={"pk": "@notice:rule"})],
    "PAGE /subscriptions/<int:pk>/delete/": [
        Case(expect(404, watch=302, anonymous=LOGIN, token=LOGIN), method="POST", body={},
             path_params={"pk": "@notice:rule"})],
    # --- pages: the watch officer's triage queue (readers of community alerts: analysts, the watch, mission
    # administrators; its stream is open to every signed-in user and sends only alerts they may see; Claim and
    # Assign on an alert nobody may see answer 404, as for one that does not exist) ---
    "PAGE /alerts/queue/": [Case(ALERT_READERS_PAGE)],
    "PAGE /alerts/queue/live": [Case(PAGE_READ, params={"since": "0"})],
    "PAGE /alerts/<uuid:pk>/claim/": [Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST",
                                           path_params={"pk": NO_ALERT})],
    "PAGE /alerts/<uuid:pk>/assign/": [Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST",
                                            path_params={"pk": NO_ALERT}, body={"to": "1"})],
    # --- pages: community alerts and focal points (the kit's generic pages; see the API above for who) ---
    "PAGE /alerts/": [Case(PAGE_READ)],
    "PAGE /alerts/new/": [Case(expect(403, reporter=200, analyst=200, watch=200, admin=200, partner=200,
                                      outsider=200, anonymous=LOGIN, token=LOGIN))],
    "PAGE /alerts/<uuid:pk>/": [
        Case(ALERT_PAGE, target=ALERT, label="unmik-only"),
        Case(ALERT_PAGE, target=ALERT_TO_KFOR, label="to-kfor"),
        Case(expect(404, admin=200, anonymous=LOGIN, token=LOGIN), target=ALERT_STRICT, label="strict"),
    ],
    "PAGE /alerts/<uuid:pk>/edit/": [
        Case(expect(404, analyst=403, watch=200, admin=200, anonymous=LOGIN, token=LOGIN), target=ALERT,
             label="unmik-only"),
    ],
    "PAGE /alerts/<uuid:pk>/history/": [Case(ALERT_PAGE, target=ALERT, label="unmik-only")],
    "PAGE /alerts/<uuid:pk>/attachments/<uuid:attachment_id>/": [
        Case(ALERT_PAGE, target=ALERT, path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "PAGE /alerts/<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
        Case(ALERT_PAGE, target=ALERT_TO_KFOR, path_params={"attachment_id": "@attachment"}, label="to-kfor"),
    ],
    "PAGE /alerts/<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
        Case(expect(404, analyst=403, watch=302, admin=302, anonymous=LOGIN, token=LOGIN), method="POST",
             target=ALERT, path_params={"attachment_id": "@attachment"}, body={"reason": "duplicate"},
             label="unmik-only"),
    ],
    "PAGE /alerts/focal-points/": [Case(PAGE_READ)],
    "PAGE /alerts/focal-points/new/": [Case(expect(403, watch=200, admin=200, anonymous=LOGIN, token=LOGIN))],
    "PAGE /alerts/focal-points/<uuid:pk>/": [
        Case(FOCAL_PAGE, target=FOCAL, label="unmik-only"),
        Case(FOCAL_PAGE, target=FOCAL_TO_KFOR, label="to-kfor"),
    ],
    "PAGE /alerts/focal-points/<uuid:pk>/edit/": [Case(FOCAL_PAGE, target=FOCAL, label="unmik-only")],
    "PAGE /alerts/focal-points/<uuid:pk>/history/": [Case(FOCAL_PAGE, target=FOCAL, label="unmik-only")],
    "PAGE /alerts/focal-points/<uuid:pk>/attachments/<uuid:attachment_id>/": [
        Case(FOCAL_PAGE, target=FOCAL, path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "PAGE /alerts/focal-points/<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
        Case(FOCAL_PAGE, target=FOCAL, path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "PAGE /alerts/focal-points/<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
        Case(expect(404, watch=302, admin=302, anonymous=LOGIN, token=LOGIN), method="POST", target=FOCAL,
             path_params={"attachment_id": "@attachment"}, body={"reason": "duplicate"}, label="unmik-only"),
    ],
    # --- pages: the watch's triage actions on community alerts (the seeded world holds no alert: an incident's
    # id is no alert's, 404 alike for every signed-in caller; tests/alerts/ drive them on real alerts) ---
    "PAGE /alerts/<uuid:pk>/ask/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", target=UNMIK_ONLY,
             body={"question": "Where exactly?"}, label="not-an-alert"),
    ],
    # --- pages: responding to a community alert (the watch's triage; an alert one may not see: 404) ---
    "PAGE /alerts/<uuid:pk>/respond/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"pk": NO_ALERT}, label="no-alert"),
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_ALERT},
             body={"kind": "patrol", "unit": "Patrol 3"}, label="no-alert-post"),
    ],
    "PAGE /alerts/<uuid:pk>/responses/<int:response_id>/done/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST",
             path_params={"pk": NO_ALERT, "response_id": "1"}, label="no-alert"),
    ],
    "PAGE /alerts/<uuid:pk>/close/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_ALERT},
             body={"note": "done"}, label="no-alert"),
    ],
    # Community alerts' public pages (peaceops.alerts.public): open to everyone, signed in or not; nobody's data
    # (a report goes in, a status in public words comes out; tests/alerts/test_public.py drives them).
    "PAGE /report/": [Case(expect(200), label="form-or-missions")],
    "PAGE /report/<str:mission_code>/": [
        Case(expect(200), path_params={"mission_code": "UNMIK"}, label="form"),
        Case(expect(303), method="POST", path_params={"mission_code": "UNMIK"}, label="send",
             body={"text": "Armed men at the crossing", "action": "send", "place": "unknown", "lang": "en"}),
        Case(expect(404), path_params={"mission_code": "NOPE"}, label="no-such-mission"),
    ],
    "PAGE /report/<str:mission_code>/areas.geojson": [Case(expect(200), path_params={"mission_code": "UNMIK"})],
    "PAGE /report/sent/": [Case(expect(302), label="without-its-signed-link")],
    "PAGE /report/status/": [Case(expect(200))],
    "PAGE /report/status/<str:reference>/": [Case(expect(404), path_params={"reference": "ZZZ-ZZZ"},
                                                  label="unknown-code")],
}
