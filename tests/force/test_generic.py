"""The force registry's record types (contingents, units, contributions) through the kit's generic record tests
(peaceops/testing/records.py): role matrix, confidentiality on every read path, change log and ledger, bad
input, idempotent writes, the CSV round trip (a unit's contingent travels as its source id)."""

from peaceops.force.services import ContingentService, ContributionService, UnitService
from peaceops.sites.services import SiteService
from peaceops.testing.records import RecordSpec, RecordTypeTests

CONTINGENT = {"name": "Polish military contingent", "country": "POL", "kind": "military",
              "national_caveats": "No crowd control", "notes": "Rotates in spring"}
UNIT = {"contingent": "POL-MIL", "name": "POLUKRBAT", "unit_type": "infantry_battalion",
        "strengths": [{"as_of": "2026-01-01", "rank_category": "officer", "gender": "female", "authorised": 10,
                       "deployed": 8},
                      {"as_of": "2026-01-01", "rank_category": "officer", "gender": "male", "authorised": 60,
                       "deployed": 55}],
        "rotations": [{"due_on": "2026-06-01", "incoming": 300, "outgoing": 300}],
        "deployments": [{"start": "2026-01-01", "site": "CAMP-1", "strength": 450}]}
CONTRIBUTION = {"country": "ALB", "country_name": "Albania", "un_mission": "UNMISS", "year": 2019, "female": 2,
                "male": 0}

#: The partner feed of each record type (the generic tests check it as every read path).
FEED = "/api/v1/partners/{{org}}/feed/{kind}?mission={{mission}}"


def contingents_in_both_missions(world) -> None:
    """A unit names its contingent and the site it is deployed at: a contingent of source id POL-MIL and a camp
    CAMP-1 in the mission and in the other one (the copy)."""
    for mission, owner, user in ((world.mission, world.owner, world.users["mission_admin"]),
                                 (world.other_mission, world.outsiders, world.users["outsider"])):
        ContingentService().create(acting_user=user, mission=mission, owner=owner,
                                   data={**CONTINGENT, "source_id": "POL-MIL", "classification": "PUBLIC"})
        SiteService().create(acting_user=user, mission=mission, owner=owner, data={
            "name": "Camp Novo Selo", "site_type": "camp", "lon": 20.9, "lat": 42.8, "source_id": "CAMP-1",
            "classification": "PUBLIC"})


class TestContingents(RecordTypeTests):
    spec = RecordSpec(service=ContingentService(), api="/api/v1/contingents", namespace="contingents",
                      feed=FEED.format(kind="contingents"),
                      valid=CONTINGENT, change={"kind": "police"},
                      bad=[({"country": "XXX"}, "country"), ({"kind": "navy"}, "kind"), ({"name": ""}, "name")])


class TestUnits(RecordTypeTests):
    spec = RecordSpec(service=UnitService(), api="/api/v1/units", namespace="units", valid=UNIT,
                      feed=FEED.format(kind="units"),
                      change={"unit_type": "engineering"}, prepare=contingents_in_both_missions,
                      bad=[({"contingent": "nowhere"}, "contingent"), ({"unit_type": "fpu"}, "unit_type"),
                           ({"unit_type": "formed_police_unit"}, "unit_type"),
                           ({"strengths": [{"as_of": "2026-01-01", "rank_category": "officer", "gender": "female",
                                            "authorised": 1, "deployed": 5}]}, "strengths.0.deployed")])


class TestContributions(RecordTypeTests):
    spec = RecordSpec(service=ContributionService(), api="/api/v1/contributions", namespace="contributions",
                      feed=FEED.format(kind="contributions"),
                      valid=CONTRIBUTION, change={"female": 3}, label="country_name",
                      bad=[({"country": "Albania"}, "country"), ({"year": 1800}, "year"), ({"month": 13}, "month")])
