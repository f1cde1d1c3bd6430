"""The operations' record types (saved routes, patrols, checkpoint shifts) through the kit's generic record
tests (peaceops/testing/records.py): role matrix, confidentiality on every read path, change log and ledger, bad
input, idempotent writes, the CSV round trip (a shift's checkpoint travels as its source id)."""

import json

from peaceops.operations.services import CheckpointShiftService, PatrolRouteService, PatrolService
from peaceops.sites.services import SiteService
from peaceops.testing.records import RecordSpec, RecordTypeTests

LINE = [[20.86, 42.89], [20.87, 42.90], [20.88, 42.905]]
ROUTE = {"name": "Mitrovica North loop", "path": LINE, "notes": "Avoid the bridge at night"}
PATROL = {"name": "Night mobile patrol Zvečan", "patrol_type": "mobile", "time_of_day": "night", "path": LINE,
          "planned_start": "2026-03-01T20:00:00Z", "planned_end": "2026-03-02T02:00:00Z",
          "restrictions": [{"at": "2026-03-01T21:10:00Z", "kind": "roadblock", "place": "Zvečan bridge",
                            "imposed_by": "unknown men", "description": "Trucks across the road"}]}
SHIFT = {"site": "CP-1", "started_at": "2026-03-01T06:00:00Z", "ended_at": "2026-03-01T14:00:00Z",
         "vehicles_checked": 140, "persons_checked": 320,
         "seizures": [{"item": "ammunition (rounds)", "quantity": 200}],
         "weapons": [{"serial_number": "AK-12345", "weapon_type": "assault rifle", "calibre": "7.62"}]}

#: The partner feed of each record type (the generic tests check it as every read path).
FEED = "/api/v1/partners/{{org}}/feed/{kind}?mission={{mission}}"
#: Changes are owner-scoped (operations/permissions.py).
GRANTS = {"change": ("change_own_org", "change_any")}


def checkpoints_in_both_missions(world) -> None:
    """A shift names its checkpoint: one of source id CP-1 in the mission and in the other one (the copy)."""
    for mission, owner, user in ((world.mission, world.owner, world.users["mission_admin"]),
                                 (world.other_mission, world.outsiders, world.users["outsider"])):
        SiteService().create(acting_user=user, mission=mission, owner=owner,
                             data={"name": "Checkpoint Jarinje", "site_type": "checkpoint", "lon": 20.77,
                                   "lat": 43.14, "source_id": "CP-1", "classification": "PUBLIC"})


class TestPatrolRoutes(RecordTypeTests):
    spec = RecordSpec(service=PatrolRouteService(), api="/api/v1/patrol-routes", namespace="patrol_routes",
                      feed=FEED.format(kind="patrol-routes"), grants=GRANTS,
                      valid=ROUTE, change={"notes": "Open again"}, form={**ROUTE, "path": json.dumps(LINE)},
                      bad=[({"name": ""}, "name"), ({"path": [[20.8, 42.9]]}, "path"),
                           ({"path": [[20.8, 42.9], [200, 42]]}, "path.1")])


class TestPatrols(RecordTypeTests):
    spec = RecordSpec(service=PatrolService(), api="/api/v1/patrols", namespace="patrols", valid=PATROL,
                      feed=FEED.format(kind="patrols"), grants=GRANTS,
                      change={"summary": "Quiet night"},
                      bad=[({"planned_end": "2026-03-01T19:00:00Z"}, "planned_end"),
                           ({"patrol_type": "submarine"}, "patrol_type"), ({"route": "nowhere"}, "route")])


class TestCheckpointShifts(RecordTypeTests):
    spec = RecordSpec(service=CheckpointShiftService(), api="/api/v1/checkpoint-shifts",
                      feed=FEED.format(kind="checkpoint-shifts"), grants=GRANTS,
                      namespace="checkpoint_shifts", valid=SHIFT, change={"vehicles_checked": 141}, label="notes",
                      prepare=checkpoints_in_both_missions,
                      bad=[({"site": "nowhere"}, "site"), ({"ended_at": "2026-03-01T05:00:00Z"}, "ended_at")])
