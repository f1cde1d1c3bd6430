"""The access policy of a patrol's run, report and proposed incidents (`PATROL_RUN_ROUTES`, part of
`policy.ROUTES`): every route answers 404 alike for a patrol that does not exist and one the caller may not see,
so the matrix calls them with a patrol id no patrol has; who may see but not change a patrol gets 403, and who
may change it gets through: tests/operations/test_run.py, test_report.py and test_linking.py drive those on real
patrols. A proposed incident is decided by the patrol's leader or a mission administrator only: the matrix
decides on the proposal seeded on UNMIK's own patrol, led by the reporter (`world.seed_operations`), where the
watch and the analyst, who may change the patrol, are refused too. The default token holds no operations scope
(403)."""

from .cases import LOGIN, Case, expect
from .policy_operations import PATROL

#: Who decides on the seeded proposal: its patrol's leader (the reporter) and the mission's administrator; the
#: other members see the patrol but are refused; KFOR does not see UNMIK's own patrol.
API_DECIDE = expect(403, reporter=200, admin=200, partner=404, outsider=404, anonymous=401)
PAGE_DECIDE = expect(403, reporter=302, admin=302, partner=404, outsider=404, anonymous=LOGIN, token=LOGIN)
_PROPOSAL = {"proposal_id": "@proposal"}

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
             label="no-patrol"),
        Case(API_DECIDE, method="POST", target=PATROL, path_params=_PROPOSAL, body={"decision": "confirm"},
             label="led-by-reporter")],
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
             body={"decision": "confirm"}, label="no-patrol"),
        Case(PAGE_DECIDE, method="POST", target=PATROL, path_params=_PROPOSAL, body={"decision": "reject"},
             label="led-by-reporter")],
}
