"""A hand-checkable force registry in UNMIK (built through the services, as an import would), for the women,
peace and security figures and the readiness tests.

Contingents and units (strength rows: rank, gender, authorised, deployed):

    POL-MIL  Polish contingent (military, UNMIK, PUBLIC)
      U1 POLBAT  infantry battalion            2025-12-01: other F 4/10, other M 396/400
                                               2026-01-01: officer F 5/6, officer M 45/50, other F 10/20, other M 400/450
                                               2026-06-01: officer F 6/6, officer M 44/50, other F 20/20, other M 430/450
      U2 POLSTAFF  staff officers              2026-03-01: officer F 3/5, officer M 7/10
    IND-FPU  Indian police (police, UNMIK, PUBLIC)
      U3 INDFPU  formed police unit            2026-02-01: other F 30/40, other M 110/120
    KFOR-C   KFOR contingent (military, KFOR, CONFIDENTIAL: UNMIK's people do not see it)
      U4 KFORBAT infantry battalion (KFOR, CONFIDENTIAL)   2026-05-01: other F 100/100, other M 100/100

By hand, for UNMIK's viewer (U4 unseen):
- 2026 military contingent: U1 at 2026-06-01: women 6 + 20 = 26 of 6 + 44 + 20 + 430 = 500 -> 5.2 %;
- 2025 military contingent: U1 at 2025-12-01: 4 of 400 -> 1.0 %;
- 2026 staff officers and observers: U2: 3 of 10 -> 30 %; formed police: U3: 30 of 140 -> 21.43 %;
- readiness: U1 526 authorised, 500 deployed; U2 15 / 10; U3 160 / 140; Polish contingent 541 / 510.
For KFOR's reporter (every PUBLIC unit and U4): 2026 military contingent (26 + 100) of (500 + 200) -> 18 %.

Targets (UNMIK): 2026 military contingent 10 %, staff officers and observers 25 %; 2019 military contingent 8 %.

Contributions (yearly unless said; UNMIK PUBLIC unless said):

    UNMISS 2019  ALB all F2 M0; BGD all F10 M90; BGD military F9 M80 (BGD's total is its "all" row)
    UNMISS 2018  BGD all F5 M95
    UNMISS 2019  month 3: F1000 M0 (a monthly row: left out)
    ""     2021  as of 2021-01-31: BGD F317 M6394 (the snapshot: left out)
    MINUSCA 2019 RWA military F20 M180, RWA individual police F10 M10 (no "all" row: their sum counts)
    UNMISS 2019  NPL all F100 M0, KFOR CONFIDENTIAL (UNMIK's viewer does not count it)

By hand: UNMISS 2019 all 12 of 102 (11.76 %), military 9 of 89 (10.11 %, target 8: reached); UNMISS 2018 5 of 100;
MINUSCA 2019 all 30 of 220 (13.64 %), military 20 of 200 (10 %, reached), individual police 10 of 20 (no target).
"""

import datetime as dt

from peaceops.core.choices import Role
from peaceops.force.models import GenderTarget
from peaceops.force.services import ContingentService, ContributionService, UnitService
from peaceops.testing import world


def strength(as_of, rank, gender, authorised, deployed) -> dict:
    return {"as_of": as_of, "rank_category": rank, "gender": gender, "authorised": authorised, "deployed": deployed}


def _create(service, rows, mission, owner):
    return service.create_many(rows, acting_user=None, mission=mission, owner=owner, system=True).created


def build(today: dt.date | None = None) -> dict:
    """The registry above; rotations relative to `today` (default today): U1 due in 60 days, U2 in 61, U3 three
    days overdue and one completed 10 days ago, U4 (KFOR's) in 5 days. Returns the mission and people."""
    today = today or dt.date.today()
    mission = world.mission("UNMIK")
    orgs = world.organisations("UNMIK", "KFOR", "OSCE")
    people = world.people("viewer", "admin", "reporter", "kfor")
    unmik, kfor = orgs["UNMIK"], orgs["KFOR"]
    public = {"classification": "PUBLIC"}
    _create(ContingentService(), [
        {"name": "Polish contingent", "country": "POL", "kind": "military", "source_id": "POL-MIL", **public},
        {"name": "Indian police", "country": "IND", "kind": "police", "source_id": "IND-FPU", **public},
    ], mission, unmik)
    _create(ContingentService(), [{"name": "KFOR contingent", "country": "DEU", "kind": "military",
                                   "source_id": "KFOR-C", "classification": "CONFIDENTIAL"}], mission, kfor)

    def rotation(days, status="planned", **extra):
        return {"due_on": (today + dt.timedelta(days=days)).isoformat(), "incoming": 100, "outgoing": 90,
                "status": status, **extra}

    _create(UnitService(), [
        {"contingent": "POL-MIL", "name": "POLBAT", "unit_type": "infantry_battalion", "source_id": "U1", **public,
         "strengths": [strength("2025-12-01", "other", "female", 10, 4), strength("2025-12-01", "other", "male", 400, 396),
                       strength("2026-01-01", "officer", "female", 6, 5), strength("2026-01-01", "officer", "male", 50, 45),
                       strength("2026-01-01", "other", "female", 20, 10), strength("2026-01-01", "other", "male", 450, 400),
                       strength("2026-06-01", "officer", "female", 6, 6), strength("2026-06-01", "officer", "male", 50, 44),
                       strength("2026-06-01", "other", "female", 20, 20), strength("2026-06-01", "other", "male", 450, 430)],
         "rotations": [rotation(60)]},
        {"contingent": "POL-MIL", "name": "POLSTAFF", "unit_type": "staff_officers", "source_id": "U2", **public,
         "strengths": [strength("2026-03-01", "officer", "female", 5, 3), strength("2026-03-01", "officer", "male", 10, 7)],
         "rotations": [rotation(61)]},
        {"contingent": "IND-FPU", "name": "INDFPU", "unit_type": "formed_police_unit", "source_id": "U3", **public,
         "strengths": [strength("2026-02-01", "other", "female", 40, 30), strength("2026-02-01", "other", "male", 120, 110)],
         "rotations": [rotation(-3), rotation(-10, "completed", completed_on=(today - dt.timedelta(days=9)).isoformat())]},
    ], mission, unmik)
    _create(UnitService(), [
        {"contingent": "KFOR-C", "name": "KFORBAT", "unit_type": "infantry_battalion", "source_id": "U4",
         "classification": "CONFIDENTIAL",
         "strengths": [strength("2026-05-01", "other", "female", 100, 100), strength("2026-05-01", "other", "male", 100, 100)],
         "rotations": [rotation(5)]},
    ], mission, kfor)

    def contribution(source_id, un_mission, year, country, female, male, category="", **extra):
        return {"source_id": source_id, "un_mission": un_mission, "year": year, "country": country, "female": female,
                "male": male, "personnel_category": category, **public, **extra}

    _create(ContributionService(), [
        contribution("c1", "UNMISS", 2019, "ALB", 2, 0),
        contribution("c2", "UNMISS", 2019, "BGD", 10, 90),
        contribution("c3", "UNMISS", 2019, "BGD", 9, 80, "military_contingent"),
        contribution("c4", "UNMISS", 2018, "BGD", 5, 95),
        contribution("c5", "UNMISS", 2019, "BGD", 1000, 0, month=3),
        contribution("c6", "", 2021, "BGD", 317, 6394, as_of="2021-01-31"),
        contribution("c7", "MINUSCA", 2019, "RWA", 20, 180, "military_contingent"),
        contribution("c8", "MINUSCA", 2019, "RWA", 10, 10, "individual_police"),
    ], mission, unmik)
    _create(ContributionService(), [{**contribution("k1", "UNMISS", 2019, "NPL", 100, 0),
                                     "classification": "CONFIDENTIAL"}], mission, kfor)
    for year, category, share in ((2026, "military_contingent", 10), (2026, "staff_observers", 25),
                                  (2019, "military_contingent", 8)):
        GenderTarget.objects.create(mission=mission, year=year, personnel_category=category, share=share)
    kfor_admin = world.member(mission, kfor, Role.MISSION_ADMIN, username="kfor-force-admin")
    return {"mission": mission, "kfor_admin": kfor_admin, **people}
