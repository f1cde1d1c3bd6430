"""THE access policy: for every API route and every page, who may do what, as the matrix test checks it.

One entry per route (community alerts, their triage and notices in `policy_alerts.py`; the force registry and
operations in `policy_operations.py`), keyed "METHOD /api/v1/path/{param}" for API operations (ninja's path syntax) and
"PAGE /path/<conv:param>/" for pages (Django's route syntax, the method is in the Case). `test_matrix.py`
enumerates the router and the URL resolver and FAILS for any route missing here ("declare the expected access
for <route>"): whoever adds a route adds its line here.

A Case says how to call the route and what each actor gets:
- `expect`: status per actor, built with `expect(default, group=..., actor=...)`; groups are `members` (the
  six roles of the mission's own organisation), `reporting` (reporter, analyst, watch, admin) and `readers`
  (viewer, sc); actors are viewer, reporter, analyst, watch, admin, sc (strictly-confidential reader),
  partner (a KFOR reporter in the same mission), outsider (a reporter of MINUSCA, another mission and
  organisation), anonymous, token (an UNMIK watch officer's bearer token; pages ignore tokens, so a page
  sends a token user to sign in).
- `target`: which seeded incident fills the path's id parameter, as world.record() arguments.
- `params`, `body`, `path_params` (other path parameters by name); a value "@mission:CODE" stands for that
  mission's id and "@when" for the seeded incidents' time.
- `scope`: for list, aggregate, export and feed routes, how to read the record ids or count out of an
  allowed answer; the test requires exactly the seeded records visible to the actor (tests/security/world.py).
  Scopes: api-list, api-aggregate, html-ids, geojson-ids, hex-count, histogram-count, sse-ids, sitrep-ids,
  analytics-total; and for the stored risk forecast (aggregate data, shown only to readers who see at least what
  its builder saw: `world.risk_rows`), risk-features (COP risk layer) and risk-forecasts (API).
"""

from .cases import (
    ANALYST_PAGE,
    API_READ,
    LOGIN,
    NEW_INCIDENT,
    NEW_SITE,
    NO_GATEWAY,
    PAGE_READ,
    PUBLIC,
    SITE,
    SITE_STRICT,
    SITE_TO_KFOR,
    STRICT,
    TO_KFOR,
    UNMIK_ONLY,
    Case,
    expect,
)
from .policy_alerts import ALERT_ROUTES
from .policy_conduct import CASE_ROUTES
from .policy_conduct_intake import CONDUCT_INTAKE_ROUTES
from .policy_conduct_people import PEOPLE_ROUTES
from .policy_conduct_workflow import CONDUCT_WORKFLOW_ROUTES
from .policy_operations import FEED_CASES, OPERATIONS_ROUTES
from .policy_patrolrun import PATROL_RUN_ROUTES
from .policy_tracks import TRACK_ROUTES
from .policy_wps import WPS_ROUTES

ROUTES: dict[str, list[Case]] = {
    # --- API: incidents ---
    "GET /api/v1/incidents": [Case(API_READ, params={"limit": 7}, scope="api-list")],
    "GET /api/v1/incidents/aggregate": [Case(API_READ, params={"by": "category"}, scope="api-aggregate")],
    "POST /api/v1/incidents": [Case(expect(403, reporting=201, partner=201, token=201, anonymous=401),
                                    method="POST", body=NEW_INCIDENT)],
    "GET /api/v1/incidents/{incident_id}": [
        Case(expect(404, members=200, token=200, anonymous=401), target=UNMIK_ONLY, label="unmik-only"),
        Case(expect(404, members=200, token=200, partner=200, anonymous=401), target=TO_KFOR, label="to-kfor"),
        Case(expect(404, admin=200, sc=200, anonymous=401), target=STRICT, label="strict"),
        Case(expect(200, outsider=404, anonymous=401), target=PUBLIC, label="public"),
    ],
    "PATCH /api/v1/incidents/{incident_id}": [
        Case(expect(404, reporting=200, token=200, readers=403, anonymous=401), method="PATCH",
             target=UNMIK_ONLY, body={"status": "verified"}, label="unmik-only"),
        Case(expect(404, reporting=200, token=200, readers=403, partner=403, anonymous=401), method="PATCH",
             target=TO_KFOR, body={"status": "verified"}, label="to-kfor"),
    ],
    "DELETE /api/v1/incidents/{incident_id}": [
        Case(expect(404, members=403, watch=204, admin=204, token=204, anonymous=401), method="DELETE",
             target=UNMIK_ONLY, label="unmik-only"),
        Case(expect(404, members=403, watch=204, admin=204, token=204, partner=403, anonymous=401),
             method="DELETE", target=TO_KFOR, label="to-kfor"),
    ],
    "GET /api/v1/incidents/{incident_id}/history": [
        Case(expect(404, members=200, token=200, anonymous=401), target=UNMIK_ONLY, label="unmik-only"),
        Case(expect(404, admin=200, sc=200, anonymous=401), target=STRICT, label="strict"),
    ],
    # --- API: an incident's photos (seen by who sees the incident and reads it whole: a partner reading it
    # redacted gets an empty list and 404 for each file; added and removed by who may edit it) ---
    "GET /api/v1/incidents/{incident_id}/attachments": [
        Case(expect(404, members=200, token=200, anonymous=401), target=UNMIK_ONLY, label="unmik-only"),
        Case(expect(404, members=200, token=200, partner=200, anonymous=401), target=TO_KFOR, label="to-kfor"),
    ],
    "POST /api/v1/incidents/{incident_id}/attachments": [
        Case(expect(404, reporting=201, token=201, readers=403, anonymous=401), method="POST", target=UNMIK_ONLY,
             body={"files": "@photo"}, label="unmik-only"),
        Case(expect(404, reporting=201, token=201, readers=403, partner=403, anonymous=401), method="POST",
             target=TO_KFOR, body={"files": "@photo"}, label="to-kfor"),
    ],
    "GET /api/v1/incidents/{incident_id}/attachments/{attachment_id}": [
        Case(expect(404, members=200, token=200, anonymous=401), target=TO_KFOR,
             path_params={"attachment_id": "@attachment"}, label="to-kfor"),
        Case(expect(404, admin=200, sc=200, anonymous=401), target=STRICT,
             path_params={"attachment_id": "@attachment"}, label="strict"),
    ],
    "GET /api/v1/incidents/{incident_id}/attachments/{attachment_id}/thumbnail": [
        Case(expect(404, members=200, token=200, anonymous=401), target=TO_KFOR,
             path_params={"attachment_id": "@attachment"}, label="to-kfor"),
    ],
    "DELETE /api/v1/incidents/{incident_id}/attachments/{attachment_id}": [
        Case(expect(404, reporting=204, token=204, readers=403, anonymous=401), method="DELETE", target=TO_KFOR,
             path_params={"attachment_id": "@attachment"}, params={"reason": "wrong photo"}, label="to-kfor"),
    ],
    # --- API: sharing (releases of one incident) ---
    "GET /api/v1/incidents/{incident_id}/releases": [
        Case(expect(404, members=200, token=200, partner=200, anonymous=401), target=TO_KFOR, label="to-kfor"),
    ],
    "POST /api/v1/incidents/{incident_id}/releases": [
        Case(expect(404, reporting=201, token=201, readers=403, partner=403, anonymous=401), method="POST",
             target=TO_KFOR, body={"organisation": "OSCE"}, label="to-kfor"),
    ],
    "DELETE /api/v1/incidents/{incident_id}/releases": [
        Case(expect(404, reporting=204, token=204, readers=403, partner=403, anonymous=401), method="DELETE",
             target=TO_KFOR, params={"organisation": "KFOR"}, label="to-kfor"),
    ],
    # --- API: deployment sites (seen as the mission's records; changed by mission administrators only;
    # the default token holds no sites scope) ---
    "GET /api/v1/sites": [Case(expect(200, anonymous=401, token=403), params={"limit": 7}, scope="sites-list")],
    "POST /api/v1/sites": [Case(expect(403, admin=201, anonymous=401), method="POST", body=NEW_SITE)],
    "GET /api/v1/sites/{site_id}": [
        Case(expect(404, members=200, token=403, anonymous=401), target=SITE, label="unmik-only"),
        Case(expect(404, members=200, partner=200, token=403, anonymous=401), target=SITE_TO_KFOR,
             label="to-kfor"),
        Case(expect(404, admin=200, sc=200, token=403, anonymous=401), target=SITE_STRICT, label="strict"),
    ],
    "PATCH /api/v1/sites/{site_id}": [
        Case(expect(404, members=403, admin=200, token=403, anonymous=401), method="PATCH", target=SITE,
             body={"site_type": "camp"}, label="unmik-only"),
        Case(expect(404, members=403, admin=200, partner=403, token=403, anonymous=401), method="PATCH",
             target=SITE_TO_KFOR, body={"site_type": "camp"}, label="to-kfor"),
    ],
    "DELETE /api/v1/sites/{site_id}": [
        Case(expect(404, members=403, admin=204, token=403, anonymous=401), method="DELETE", target=SITE,
             label="unmik-only"),
        Case(expect(404, members=403, admin=204, partner=403, token=403, anonymous=401), method="DELETE",
             target=SITE_TO_KFOR, label="to-kfor"),
    ],
    "GET /api/v1/sites/{site_id}/history": [
        Case(expect(404, members=200, token=403, anonymous=401), target=SITE, label="unmik-only"),
        Case(expect(404, admin=200, sc=200, token=403, anonymous=401), target=SITE_STRICT, label="strict"),
    ],
    "GET /api/v1/sites/{site_id}/releases": [
        Case(expect(404, members=200, partner=200, token=403, anonymous=401), target=SITE_TO_KFOR,
             label="to-kfor"),
    ],
    "POST /api/v1/sites/{site_id}/releases": [
        Case(expect(404, members=403, admin=201, partner=403, token=403, anonymous=401), method="POST",
             target=SITE_TO_KFOR, body={"organisation": "OSCE"}, label="to-kfor"),
    ],
    "DELETE /api/v1/sites/{site_id}/releases": [
        Case(expect(404, members=403, admin=204, partner=403, token=403, anonymous=401), method="DELETE",
             target=SITE_TO_KFOR, params={"organisation": "KFOR"}, label="to-kfor"),
    ],
    # --- API: a site's attachments (the kit's routes; the default token holds no sites scope) ---
    "GET /api/v1/sites/{site_id}/attachments": [
        Case(expect(404, members=200, partner=200, token=403, anonymous=401), target=SITE_TO_KFOR, label="to-kfor"),
    ],
    "POST /api/v1/sites/{site_id}/attachments": [
        Case(expect(404, members=403, admin=201, partner=403, token=403, anonymous=401), method="POST",
             target=SITE_TO_KFOR, body={"files": "@photo"}, label="to-kfor"),
    ],
    "GET /api/v1/sites/{site_id}/attachments/{attachment_id}": [
        Case(expect(404, members=200, token=403, anonymous=401), target=SITE_TO_KFOR,
             path_params={"attachment_id": "@attachment"}, label="to-kfor"),
    ],
    "GET /api/v1/sites/{site_id}/attachments/{attachment_id}/thumbnail": [
        Case(expect(404, admin=200, sc=200, token=403, anonymous=401), target=SITE_STRICT,
             path_params={"attachment_id": "@attachment"}, label="strict"),
    ],
    "DELETE /api/v1/sites/{site_id}/attachments/{attachment_id}": [
        Case(expect(404, members=403, admin=204, token=403, anonymous=401), method="DELETE", target=SITE,
             path_params={"attachment_id": "@attachment"}, params={"reason": "duplicate"}, label="unmik-only"),
    ],
    # --- API: the one search (every record type, each through visible_to; "i" is in every seeded title or
    # name): exactly the records the actor may see, listed and counted. The default token holds no sites
    # scope, so it finds the incidents only. ---
    "GET /api/v1/search": [Case(API_READ, params={"q": "i", "per_page": 7}, scope="search-api")],
    # --- API: partners (KFOR's signed feed: its members and the mission's administrators and UN watch
    # officers; each sees only what their own access shows) ---
    "GET /api/v1/partners/{org}/feed": [  # the token holds the default scopes, not partners:feed
        Case(expect(403, partner=200, admin=200, watch=200, anonymous=401),
             path_params={"org": "KFOR"}, params={"mission": "UNMIK"}, scope="feed-ids"),
    ],
    "GET /api/v1/partners/{org}/feed/{record_type}": [  # the same for sites (and incidents by name)
        Case(expect(403, partner=200, admin=200, watch=200, anonymous=401), path_params={
             "org": "KFOR", "record_type": "sites"}, params={"mission": "UNMIK"}, scope="sites-feed-ids",
             label="sites"),
        Case(expect(403, partner=200, admin=200, watch=200, anonymous=401), path_params={
             "org": "KFOR", "record_type": "incidents"}, params={"mission": "UNMIK"}, scope="feed-ids",
             label="incidents"),
        *FEED_CASES,  # the force registry's and operations' (policy_operations.py)
    ],
    "GET /api/v1/partners/signing-key": [Case(expect(200, token=403, anonymous=401))],  # partners:feed
    "PUT /api/v1/partners/{org}/release-scope/{incident_id}": [
        Case(expect(404, reporting=200, token=200, readers=403, partner=403, anonymous=401), method="PUT",
             target=TO_KFOR, path_params={"org": "KFOR"}, body={"include_sources": True}, label="to-kfor"),
    ],
    # --- API: geography (reference data of the caller's missions) ---
    "GET /api/v1/geo/admin-areas": [
        Case(API_READ, label="own-missions"),
        Case(expect(200, outsider=404, anonymous=401), params={"mission": "UNMIK"}, label="unmik"),
    ],
    "GET /api/v1/geo/places": [
        Case(API_READ, params={"q": "Mitrovica"}, label="own-missions"),
        Case(expect(200, outsider=404, anonymous=401), params={"q": "Mitrovica", "mission": "UNMIK"}, label="unmik"),
    ],
    "GET /api/v1/geo/nearest": [
        Case(expect(200, outsider=404, anonymous=401), params={"lon": 20.866, "lat": 42.8906, "mission": "UNMIK"}),
    ],
    # Named places: read by the mission's members; added by its administrators only (tokens need `admin`).
    "GET /api/v1/geo/named-places": [
        Case(API_READ, label="own-missions"),
        Case(expect(200, outsider=404, anonymous=401), params={"mission": "UNMIK"}, label="unmik"),
    ],
    "POST /api/v1/geo/named-places": [
        Case(expect(403, admin=201, outsider=404, anonymous=401), method="POST",
             body={"mission": "UNMIK", "name": "Ibar bridge", "kind": "bridge", "lon": 20.866, "lat": 42.8906}),
    ],
    "GET /api/v1/geo/locate": [
        Case(expect(200, outsider=404, anonymous=401), params={"lon": 20.86, "lat": 42.89, "mission": "UNMIK"}),
    ],
    # --- API: analytics (counts of the caller's visible incidents only) ---
    "GET /api/v1/analytics/trends": [Case(API_READ, params={"by": "category"}, scope="analytics-total")],
    "GET /api/v1/analytics/hotspots": [Case(API_READ, scope="analytics-total")],
    "GET /api/v1/analytics/changes": [Case(API_READ, scope="analytics-total")],
    "GET /api/v1/analytics/risk": [Case(API_READ, params={"mission": "UNMIK"}),
                                   Case(API_READ, params={"mission": "UNMIK", "level": "priogrid"},
                                        scope="risk-forecasts", label="seeded-run")],
    # Coverage: presence of the caller's visible patrols and the caller's visible incidents, in the caller's
    # missions only (another mission's: no cells). Figures per reader: tests/analytics/test_coverage.py.
    "GET /api/v1/analytics/coverage": [Case(API_READ, params={"mission": "UNMIK", "week": "2026-03-02"})],
    # External forecasts: the sets of the caller's missions; scores computed from the caller's visible incidents
    # (tests/analytics/test_external_forecasts.py checks access with a set that exists).
    "GET /api/v1/analytics/external-forecasts": [Case(API_READ, params={"mission": "UNMIK"})],
    "GET /api/v1/analytics/external-forecasts/{forecast_id}/scores": [
        Case(expect(404, anonymous=401), path_params={"forecast_id": "999999"}),
    ],
    # --- API: documentation (public: it describes the API, not the data) ---
    "GET /api/v1/openapi.json": [Case(expect(200))],
    "GET /api/v1/docs": [Case(expect(200))],
    "GET /api/v1/docs/assets/{name}": [Case(expect(200), path_params={"name": "swagger-ui.css"})],
    "GET /api/v1/": [Case(expect(404))],
    # --- pages: COP and its data ---
    "PAGE /": [Case(PAGE_READ, scope="html-ids")],
    "PAGE /cop/list/": [Case(PAGE_READ, scope="html-ids")],
    "PAGE /cop/points.geojson": [Case(PAGE_READ, scope="geojson-ids")],
    "PAGE /cop/hexes.geojson": [Case(PAGE_READ, params={"zoom": "8"}, scope="hex-count")],
    "PAGE /cop/histogram.json": [Case(PAGE_READ, scope="histogram-count")],
    # The risk layer: the seeded UNMIK run (built by the viewer) for UNMIK's members only; KFOR's partner sees
    # less than its builder and the outsider works in MINUSCA, so both get an empty collection.
    "PAGE /cop/risk.geojson": [Case(PAGE_READ, params={"level": "priogrid", "horizon": "3"},
                                    scope="risk-features")],
    "PAGE /cop/live": [Case(PAGE_READ, params={"since": "0"}, scope="sse-ids")],
    # Record layers (deployment sites): the sites each actor may see in their current mission.
    "PAGE /cop/layers/<str:key>.geojson": [Case(PAGE_READ, path_params={"key": "sites"}, scope="sites-layer"),
                                           Case(PAGE_READ, path_params={"key": "patrols"}, label="patrols",
                                                params={"since": "2026-03-01", "until": "2026-04-01"}),
                                           Case(PAGE_READ, path_params={"key": "units"}, label="units"),
                                           Case(PAGE_READ, path_params={"key": "checkpoints"}, label="checkpoints"),
                                           Case(PAGE_READ, path_params={"key": "coverage"}, label="coverage")],
    # --- pages: dashboard and situation report ---
    "PAGE /dashboard/": [Case(PAGE_READ, scope="sitrep-ids")],
    "PAGE /dashboard/sitrep.docx": [Case(PAGE_READ)],
    "PAGE /analytics/early-warning/": [Case(PAGE_READ)],
    "PAGE /analytics/risk/": [Case(PAGE_READ)],
    # Starting a forecast run on the worker: those who may report in their current mission (a bad level is
    # refused before anything is enqueued); following a run: only its starter (an unknown run is 404).
    "PAGE /analytics/risk/run/": [
        Case(expect(404, reporting=400, partner=400, outsider=400, anonymous=LOGIN, token=LOGIN), method="POST",
             body={"level": "planet"})],
    "PAGE /analytics/risk/run/<str:task_id>/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"task_id": "no-such-task"})],
    # External forecasts: the sets of the caller's current mission; one set's scores from the caller's visible
    # incidents (tests/analytics/test_external_forecast_page.py checks access with a set that exists).
    "PAGE /analytics/external-forecasts/": [Case(PAGE_READ)],
    # The analysts' pages (the Analytics menu): what each shows is computed from the caller's visible incidents
    # (tests/analytics/test_analyst_pages.py checks the figures per reader).
    "PAGE /analytics/": [Case(ANALYST_PAGE)],
    "PAGE /analytics/trends/": [Case(ANALYST_PAGE), Case(ANALYST_PAGE, params={"by": "category",
                                                                                "interval": "month"},
                                                         label="monthly")],
    "PAGE /analytics/changes/": [Case(ANALYST_PAGE),
                                 Case(expect(403, analyst=400, watch=400, admin=400, anonymous=LOGIN,
                                             token=LOGIN), params={"since": "2026-13-01"}, label="bad-date")],
    "PAGE /analytics/hotspots/": [Case(ANALYST_PAGE)],
    "PAGE /analytics/coverage/": [Case(ANALYST_PAGE), Case(ANALYST_PAGE, params={"week": "2026-03-02", "weeks": "2",
                                                                                  "format": "csv"}, label="csv")],
    # Importing an external forecast file: analysts' pages and incident.add in the current mission (an empty
    # form is refused before anything is stored); following an import: only its starter.
    "PAGE /analytics/external-forecasts/import/": [
        Case(ANALYST_PAGE),
        Case(expect(403, analyst=400, watch=400, admin=400, anonymous=LOGIN, token=LOGIN), method="POST",
             body={}, label="empty-form")],
    "PAGE /analytics/external-forecasts/import/<str:task_id>/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"task_id": "no-such-task"})],
    "PAGE /analytics/external-forecasts/<int:pk>/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"pk": "999999"}),
    ],
    # --- pages: incidents ---
    "PAGE /incidents/new/": [Case(expect(403, reporting=200, partner=200, outsider=200, anonymous=LOGIN,
                                         token=LOGIN))],
    "PAGE /incidents/duplicates/": [Case(PAGE_READ, params={"mission": "@mission:UNMIK", "lon": "20.8671",
                                                         "lat": "42.8914", "occurred_start": "@when"})],
    "PAGE /incidents/places/": [Case(PAGE_READ, params={"place_q": "Mitrovica"})],
    "PAGE /incidents/places/nearest/": [Case(PAGE_READ, params={"lon": 20.866, "lat": 42.8906})],
    "PAGE /incidents/<uuid:pk>/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY, label="unmik-only"),
        Case(expect(404, members=200, partner=200, anonymous=LOGIN, token=LOGIN), target=TO_KFOR,
             label="to-kfor"),
        Case(expect(404, admin=200, sc=200, anonymous=LOGIN, token=LOGIN), target=STRICT, label="strict"),
    ],
    "PAGE /incidents/<uuid:pk>/edit/": [
        Case(expect(404, reporting=200, readers=403, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY,
             label="unmik-only"),
        Case(expect(404, reporting=200, readers=403, partner=403, anonymous=LOGIN, token=LOGIN),
             target=TO_KFOR, label="to-kfor"),
    ],
    # --- pages: an incident's photos (the kit's attachment pages; a partner reading the incident redacted gets
    # 404 for each file) ---
    "PAGE /incidents/<uuid:pk>/attachments/<uuid:attachment_id>/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=TO_KFOR,
             path_params={"attachment_id": "@attachment"}, label="to-kfor"),
        Case(expect(404, admin=200, sc=200, anonymous=LOGIN, token=LOGIN), target=STRICT,
             path_params={"attachment_id": "@attachment"}, label="strict"),
    ],
    "PAGE /incidents/<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY,
             path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "PAGE /incidents/<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
        Case(expect(404, reporting=302, readers=403, anonymous=LOGIN, token=LOGIN), method="POST", target=TO_KFOR,
             path_params={"attachment_id": "@attachment"}, body={"reason": "wrong photo"}, label="to-kfor"),
    ],
    # --- pages: exporting the COP list's incidents (small: downloaded at once, exactly what the actor sees in
    # their current mission; large: queued, followed and downloaded only by who asked: unknown ids 404) ---
    "PAGE /exports/incidents/": [Case(PAGE_READ, method="POST", body={"format": "csv"}, scope="export-csv-ids")],
    "PAGE /exports/<str:task_id>/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"task_id": "no-such-task"})],
    "PAGE /exports/<str:task_id>/download/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"task_id": "no-such-task"})],
    # --- pages: the one search (as its API; pages ignore tokens) ---
    "PAGE /search/": [Case(PAGE_READ, params={"q": "i"}, scope="search-html")],
    # --- pages: edit conflicts (core.kit.conflicts): the author or who may edit the record, while it is visible to
    # them; anyone else 404, as for a conflict that does not exist ---
    "PAGE /conflicts/": [Case(PAGE_READ)],
    "PAGE /conflicts/<int:pk>/": [
        Case(expect(404, reporting=200, anonymous=LOGIN, token=LOGIN), path_params={"pk": "@conflict:unmik-only"},
             label="unmik-only"),
        Case(expect(404, reporting=200, anonymous=LOGIN, token=LOGIN), path_params={"pk": "@conflict:to-kfor"},
             label="to-kfor"),
        Case(expect(404, admin=200, anonymous=LOGIN, token=LOGIN), path_params={"pk": "@conflict:strict"},
             label="strict"),
    ],
    # --- pages: deployment sites (the kit's generic pages) ---
    "PAGE /sites/": [Case(PAGE_READ, scope="sites-html")],
    "PAGE /sites/new/": [Case(expect(403, admin=200, anonymous=LOGIN, token=LOGIN))],
    "PAGE /sites/<uuid:pk>/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=SITE, label="unmik-only"),
        Case(expect(404, members=200, partner=200, anonymous=LOGIN, token=LOGIN), target=SITE_TO_KFOR,
             label="to-kfor"),
        Case(expect(404, admin=200, sc=200, anonymous=LOGIN, token=LOGIN), target=SITE_STRICT, label="strict"),
    ],
    "PAGE /sites/<uuid:pk>/edit/": [
        Case(expect(404, members=403, admin=200, partner=403, anonymous=LOGIN, token=LOGIN), target=SITE_TO_KFOR,
             label="to-kfor"),
    ],
    "PAGE /sites/<uuid:pk>/history/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=SITE, label="unmik-only"),
    ],
    "PAGE /sites/<uuid:pk>/attachments/<uuid:attachment_id>/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=SITE_TO_KFOR,
             path_params={"attachment_id": "@attachment"}, label="to-kfor"),
    ],
    "PAGE /sites/<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
        Case(expect(404, members=200, anonymous=LOGIN, token=LOGIN), target=SITE,
             path_params={"attachment_id": "@attachment"}, label="unmik-only"),
    ],
    "PAGE /sites/<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
        Case(expect(404, members=403, admin=302, anonymous=LOGIN, token=LOGIN), method="POST", target=SITE_TO_KFOR,
             path_params={"attachment_id": "@attachment"}, body={"reason": "duplicate"}, label="to-kfor"),
    ],
    # --- API: the tests-only need-to-know conduct cases (mounted only under pytest; tokens need the admin scope).
    # No case exists and no role holds their permissions: 404 alike for every signed-in caller. ---
    "POST /api/v1/testrecords/cases/break-glass": [
        Case(expect(404, anonymous=401, token=403), method="POST",
             body={"record": "00000000-0000-0000-0000-000000000000", "reason": "emergency"})],
    "GET /api/v1/testrecords/cases/{conductcase_id}/assignments": [
        Case(expect(404, anonymous=401, token=403), target=UNMIK_ONLY, label="not-a-case")],
    "POST /api/v1/testrecords/cases/{conductcase_id}/assignments": [
        Case(expect(404, anonymous=401, token=403), method="POST", target=UNMIK_ONLY,
             body={"username": "sec-viewer", "reason": "investigation"}, label="not-a-case")],
    "DELETE /api/v1/testrecords/cases/{conductcase_id}/assignments": [
        Case(expect(404, anonymous=401, token=403), method="DELETE", target=UNMIK_ONLY,
             params={"username": "sec-viewer", "reason": "closed"}, label="not-a-case")],
    # --- pages: the tests-only need-to-know conduct cases (kit pages, mounted only under pytest). No role holds
    # their permissions here and no case exists: lists show nothing, every record path answers 404 like a
    # record that does not exist (no hint), break glass on any id answers 404 alike. ---
    "PAGE /testrecords/cases/": [Case(PAGE_READ)],
    "PAGE /testrecords/cases/new/": [Case(expect(403, anonymous=LOGIN, token=LOGIN))],
    "PAGE /testrecords/cases/break-glass/": [
        Case(PAGE_READ, label="form"),
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST",
             body={"record": "00000000-0000-0000-0000-000000000000", "reason": "emergency"}, label="post"),
    ],
    "PAGE /testrecords/cases/<uuid:pk>/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY, label="not-a-case")],
    "PAGE /testrecords/cases/<uuid:pk>/edit/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY, label="not-a-case")],
    "PAGE /testrecords/cases/<uuid:pk>/history/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY, label="not-a-case")],
    "PAGE /testrecords/cases/<uuid:pk>/assignments/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", target=UNMIK_ONLY,
             body={"action": "assign", "username": "sec-viewer", "reason": "investigation"}, label="not-a-case")],
    "PAGE /testrecords/cases/<uuid:pk>/attachments/<uuid:attachment_id>/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY,
             path_params={"attachment_id": "@attachment"}, label="not-a-case")],
    "PAGE /testrecords/cases/<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), target=UNMIK_ONLY,
             path_params={"attachment_id": "@attachment"}, label="not-a-case")],
    "PAGE /testrecords/cases/<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", target=UNMIK_ONLY,
             path_params={"attachment_id": "@attachment"}, body={"reason": "x"}, label="not-a-case")],
    # --- pages: sharing (mission administrators manage groups and agreements; owners share) ---
    "PAGE /sharing/": [Case(expect(403, admin=200, anonymous=LOGIN, token=LOGIN))],
    "PAGE /sharing/incidents/<uuid:pk>/": [
        Case(expect(404, members=200, partner=200, anonymous=LOGIN, token=LOGIN), target=TO_KFOR,
             label="to-kfor"),
    ],
    "PAGE /sharing/incidents/<uuid:pk>/withdraw/": [
        Case(expect(404, reporting=302, readers=403, partner=403, anonymous=LOGIN, token=LOGIN), method="POST",
             target=TO_KFOR, body={"organisation": "@org:KFOR"}, label="to-kfor"),
    ],
    # --- pages: partners ---
    "PAGE /partners/<str:code>/": [
        Case(expect(403, partner=200, admin=200, watch=200, anonymous=LOGIN, token=LOGIN),
             path_params={"code": "KFOR"}),
    ],
    "PAGE /partners/release-scope/<uuid:pk>/": [
        Case(expect(404, reporting=302, readers=403, partner=403, anonymous=LOGIN, token=LOGIN), method="POST",
             target=TO_KFOR, body={"sources_KFOR": "on"}, label="to-kfor"),
    ],
    # --- pages: roles and access ---
    "PAGE /missions/<str:code>/people/": [
        Case(expect(403, admin=200, anonymous=LOGIN, token=LOGIN), path_params={"code": "UNMIK"}),
    ],
    "PAGE /missions/<str:code>/people/<int:membership_id>/revoke/": [
        Case(expect(403, admin=404, anonymous=LOGIN, token=LOGIN), method="POST",
             path_params={"code": "UNMIK", "membership_id": "999999"}, body={"reason": "left the mission"}),
    ],
    "PAGE /access/": [Case(PAGE_READ)],
    "PAGE /access/<str:username>/": [
        # Another user's access: the user and their mission's administrators only.
        # Anyone else gets 404, as for a user name that does not exist (no enumeration of user names).
        Case(expect(404, admin=200, viewer=200, anonymous=LOGIN, token=LOGIN), path_params={"username": "sec-viewer"}),
    ],
    # --- pages: the signed-in user's account, tokens, second factor; sign-in audit for administrators ---
    "PAGE /accounts/": [Case(PAGE_READ)],
    "PAGE /accounts/tokens/": [Case(PAGE_READ)],
    "PAGE /accounts/tokens/<int:pk>/revoke/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": "999999"}),
    ],
    "PAGE /accounts/two-factor/": [Case(PAGE_READ)],
    "PAGE /accounts/two-factor/verify/": [Case(expect(302, anonymous=LOGIN, token=LOGIN))],
    "PAGE /accounts/sign-ins/": [Case(expect(403, admin=200, anonymous=LOGIN, token=LOGIN))],
    "PAGE /accounts/sign-ins/unlock/": [
        Case(expect(403, admin=302, anonymous=LOGIN, token=LOGIN), method="POST", body={"username": "sec-viewer"}),
    ],
    # --- pages: accounts, mission and language ---
    "PAGE /accounts/login/": [Case(expect(302, anonymous=200, token=200))],
    "PAGE /accounts/logout/": [Case(expect(302), method="POST")],
    "PAGE /accounts/password/": [Case(PAGE_READ)],
    "PAGE /accounts/password/done/": [Case(PAGE_READ)],
    "PAGE /mission/switch/": [Case(expect(302, outsider=303, anonymous=LOGIN, token=LOGIN), method="POST",
                                   body={"mission": "@mission:UNMIK"})],
    "PAGE /i18n/setlang/": [Case(expect(302), method="POST", body={"language": "sq", "next": "/"})],
    # The service worker and its offline page: the same bytes for everyone, no records (peaceops.web.shell).
    "PAGE /sw.js": [Case(expect(200))],
    "PAGE /offline/": [Case(expect(200))],
    # SMS gateways' webhooks (peaceops.messaging): no session, the gateway's signature is the authentication;
    # a gateway that does not exist is a 404 for everyone (tests/messaging drive the signed posts).
    "PAGE /hooks/sms/<uuid:gateway>/": [Case(expect(404), method="POST", path_params={"gateway": NO_GATEWAY})],
    "PAGE /hooks/sms/<uuid:gateway>/status/": [Case(expect(404), method="POST",
                                                    path_params={"gateway": NO_GATEWAY})],
    # The base map (peaceops.web.basemap): public OpenStreetMap data and a font, but for signed-in users only
    # (docs/decisions/base-map-tiles-served-one-by-one.md). The security world installs no archive: no tiles.
    "PAGE /basemap/style.json": [Case(PAGE_READ)],
    "PAGE /basemap/glyphs/<str:fontstack>/<int:start>-<int:end>.pbf": [
        Case(PAGE_READ, path_params={"fontstack": "DejaVu Sans Book", "start": "0", "end": "255"})],
    "PAGE /basemap/<str:version>/<int:z>/<int:x>/<int:y>.mvt": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), path_params={"version": "0", "z": "0", "x": "0", "y": "0"})],
    # The app's manifest (the same for everyone) and who is signed in with a CSRF token of this very session, for
    # the queue of unsent reports: anonymous callers get nulls, no one learns anything of another user.
    "PAGE /manifest.webmanifest": [Case(expect(200))],
    "PAGE /offline/session/": [Case(expect(200))],
    # Conduct statistics (aggregates, small cells suppressed: tests/conduct/test_statistics_pages.py).
    "GET /api/v1/conduct/statistics": [Case(expect(403, analyst=200, admin=200, anonymous=401), params={"by": "year"})],
    "PAGE /conduct/statistics/": [Case(expect(403, analyst=200, admin=200, anonymous=LOGIN, token=LOGIN))],
    **ALERT_ROUTES,
    **CONDUCT_INTAKE_ROUTES,
    **WPS_ROUTES,
    **PEOPLE_ROUTES,
    **PATROL_RUN_ROUTES,
    **CONDUCT_WORKFLOW_ROUTES,
    **TRACK_ROUTES,
    **OPERATIONS_ROUTES,
    **CASE_ROUTES,
}
