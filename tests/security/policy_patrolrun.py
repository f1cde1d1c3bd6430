"""The access policy of a patrol's run, report and proposed incidents (`PATROL_RUN_ROUTES`, part of
`policy.ROUTES`): every route answers 404 alike for a patrol that does not exist and one the caller may not see,
so the matrix calls them with a patrol id no patrol has (the seeded world holds no patrol yet); who may see but
not change a patrol gets 403, and who may change it gets through: tests/operations/test_run.py, test_report.py
and test_linking.py drive those on real patrols. The default token holds no operations scope (403)."""

from .cases import LOGIN, Case, expect

#: A patrol id no patrol has.
NO_PATROL = "00000000-0000-4000-8000-0000000a7201"
API_NONE = expect(404, anonymous=401, token=403)
PAGE_NONE = expect(404, anonymous=LOGIN, token=LOGIN)
_PATROL = {"patrol_id": NO_PATROL}

PATROL_RUN_ROUTES: dict[str, list[Case]] = {
    # --- API: the run (operations.patrol.change), the report and the proposals ---
    "POST /api/v1/patrols/{patrol_id}/step": [
        Case(API_NONE, method="POST", path_params=_PATROL, body={"to": "under_way"}, label="no-patrol")],
    "GET /api/v1/patrols/{patrol_id}/observations": [Case(API_NONE, path_params=_PATROL, label="no-patrol")],
    "POST /api/v1/patrols/{patrol_id}/observations": [
        Case(API_NONE, method="POST", path_params=_PATROL,
             body={"observed_at": "2026-03-01T20:42:00Z", "text": "Roadblock"}, label="no-patrol")],
    "POST /api/v1/patrols/{patrol_id}/observations/{observation_id}/incident": [
        Case(API_NONE, method="POST", path_params={**_PATROL, "observation_id": "1"}, body={}, label="no-patrol")],
    "GET /api/v1/patrols/{patrol_id}/proposals": [Case(API_NONE, path_params=_PATROL, label="no-patrol")],
    "POST /api/v1/patrols/{patrol_id}/proposals/{proposal_id}": [
        Case(API_NONE, method="POST", path_params={**_PATROL, "proposal_id": "1"}, body={"decision": "confirm"},
             label="no-patrol")],
    # --- pages: the cards' actions (plain POST forms back to the patrol's page) ---
    "PAGE /operations/patrols/<uuid:pk>/step/": [
        Case(PAGE_NONE, method="POST", path_params={"pk": NO_PATROL}, body={"to": "under_way"}, label="no-patrol")],
    "PAGE /operations/patrols/<uuid:pk>/observations/": [
        Case(PAGE_NONE, method="POST", path_params={"pk": NO_PATROL},
             body={"observed_at": "2026-03-01T20:42", "text": "Roadblock"}, label="no-patrol")],
    "PAGE /operations/patrols/<uuid:pk>/observations/<int:observation_id>/incident/": [
        Case(PAGE_NONE, path_params={"pk": NO_PATROL, "observation_id": "1"}, label="no-patrol"),
        Case(PAGE_NONE, method="POST", path_params={"pk": NO_PATROL, "observation_id": "1"}, label="no-patrol-post"),
    ],
    "PAGE /operations/patrols/<uuid:pk>/proposals/<int:proposal_id>/": [
        Case(PAGE_NONE, method="POST", path_params={"pk": NO_PATROL, "proposal_id": "1"},
             body={"decision": "confirm"}, label="no-patrol")],
}
