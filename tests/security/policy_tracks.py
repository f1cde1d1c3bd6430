"""The access policy of a patrol's positions and track (`TRACK_ROUTES`, part of `policy.ROUTES`): the API's
positions and track of a patrol, and the patrol page's track upload. Called here with a patrol id no patrol has:
every signed-in caller gets 404 alike (the same answer as for a patrol they may not see); who may read but not
change a patrol gets 403 and another mission's caller 404 on a real patrol in tests/operations/test_tracks.py.
Bearer tokens need operations:read to read and operations:write to send (the matrix's token holds neither)."""

from .cases import LOGIN, Case, expect

#: A patrol id no patrol has.
NO_PATROL = "00000000-0000-4000-8000-0000000b7a11"
POSITION = {"positions": [{"t": "2026-03-01T20:00:00Z", "lon": 20.86, "lat": 42.89}]}
API_NONE = expect(404, anonymous=401, token=403)

TRACK_ROUTES: dict[str, list[Case]] = {
    "POST /api/v1/patrols/{patrol_id}/positions": [Case(API_NONE, method="POST", body=POSITION,
                                                        path_params={"patrol_id": NO_PATROL})],
    "GET /api/v1/patrols/{patrol_id}/positions": [Case(API_NONE, path_params={"patrol_id": NO_PATROL})],
    "GET /api/v1/patrols/{patrol_id}/track": [Case(API_NONE, path_params={"patrol_id": NO_PATROL})],
    "POST /api/v1/patrols/{patrol_id}/track": [Case(API_NONE, method="POST", body={"file": "@photo"},
                                                    path_params={"patrol_id": NO_PATROL})],
    "PAGE /operations/patrols/<uuid:pk>/track/": [
        Case(expect(404, anonymous=LOGIN, token=LOGIN), method="POST", path_params={"pk": NO_PATROL},
             body={"replace": ""})],
}
