"""The demo mission's force and operations: the contributing countries' contingents and units of UNMIK (a
small, plausible force: military liaison officers and police, not a peacekeeping force; the numbers are
invented for the demo), their strengths, deployments at the Geo-PKO sites and rotations; the mission's gender
targets; two saved routes in the north; four patrols (one completed yesterday with its track, one joint with
KFOR under way now, one planned tonight, one aborted at a roadblock); a temporary checkpoint with its shift
logs; and the UN's
published contributions of uniformed personnel (a subset of the real table). Written through the services, as
an operator's load. Idempotent: a mission that has contingents gets none again."""

import datetime as dt
import math
from pathlib import Path

from django.utils import timezone

UN_CONTRIBUTIONS = Path(__file__).resolve().parent / "data" / "un_contributions"

#: Contingents: source id, name, country, kind, caveats.
CONTINGENTS = [
    ("POL-POL", "Polish police contingent", "POL", "police", "No crowd control north of the Ibar"),
    ("TUR-POL", "Turkish police contingent", "TUR", "police", ""),
    ("ROU-MIL", "Romanian military liaison contingent", "ROU", "military", "Unarmed liaison officers only"),
    ("UKR-MIL", "Ukrainian military liaison contingent", "UKR", "military", ""),
]
#: Units: source id, contingent, name, type, site (Geo-PKO location), strength by rank category:
#: (authorised women, deployed women, authorised men, deployed men).
UNITS = [
    ("POL-FPU-1", "POL-POL", "Formed police unit Mitrovica", "formed_police_unit", "Kosovska Mitrovica",
     {"officer": (2, 2, 8, 7), "nco": (4, 3, 20, 19), "other": (10, 8, 70, 66)}),
    ("TUR-IPO-1", "TUR-POL", "Individual police officers Pristina", "individual_police", "Pristina",
     {"officer": (3, 2, 9, 9)}),
    ("ROU-MLO-1", "ROU-MIL", "Military liaison office Peć", "military_observers", "Peć",
     {"officer": (1, 1, 4, 4)}),
    ("UKR-MLO-1", "UKR-MIL", "Military liaison office Mitrovica", "military_observers", "Kosovska Mitrovica",
     {"officer": (2, 0, 4, 4)}),
]
#: The mission's targets of women's share (%) this year, by personnel category.
TARGETS = {"military_contingent": 11, "staff_observers": 21, "formed_police": 14, "individual_police": 26}
#: Saved routes in the north: name, [[lon, lat], ...].
ROUTES = [
    ("Mitrovica North loop", [[20.8660, 42.8905], [20.8700, 42.8950], [20.8790, 42.8990], [20.8830, 42.8930],
                              [20.8740, 42.8890], [20.8660, 42.8905]]),
    ("Zvečan - Leposavić road", [[20.8400, 42.9080], [20.8200, 42.9500], [20.8050, 43.0000], [20.8020, 43.1020]]),
]


def ensure_operations(mission, orgs, *, acting_user, watch_officer, now: dt.datetime | None = None) -> list[str]:
    """The force registry and operations of the demo (nothing when the mission has contingents); summary lines."""
    from peaceops.force.models import Contingent

    if Contingent.objects.filter(mission=mission).exists():
        return ["force and operations: kept"]
    now = now or timezone.now()
    lines = [_force(mission, orgs["UNMIK"], acting_user, now.date())]
    lines.append(_patrols(mission, orgs, acting_user, watch_officer, now))
    lines.append(_checkpoint(mission, orgs["UNMIK"], acting_user, now))
    lines.append(_contributions(mission, orgs["UNMIK"], acting_user))
    return lines


def _force(mission, owner, user, today: dt.date) -> str:
    from peaceops.force.models import GenderTarget
    from peaceops.force.services import ContingentService, UnitService
    from peaceops.sites.models import Site

    ContingentService().create_many(
        [{"source_id": s, "name": n, "country": c, "kind": k, "national_caveats": cav, "classification": "PUBLIC"}
         for s, n, c, k, cav in CONTINGENTS], acting_user=user, mission=mission, owner=owner, system=True)
    sites = {s.name: s.pk for s in Site.objects.filter(mission=mission)}
    as_of = today.replace(day=1)
    rows = []
    for i, (source, contingent, name, unit_type, site, ranks) in enumerate(UNITS):
        strengths = [{"as_of": as_of, "rank_category": rank, "gender": gender, "authorised": auth,
                      "deployed": dep}
                     for rank, (aw, dw, am, dm) in ranks.items()
                     for gender, auth, dep in (("female", aw, dw), ("male", am, dm))]
        deployments = [{"start": dt.date(today.year - 1, 3, 1), "site": sites[site]}] if site in sites else []
        rotations = [{"due_on": today + dt.timedelta(days=20 + 45 * i), "incoming": 10, "outgoing": 10}]
        rows.append({"source_id": source, "contingent": contingent, "name": name, "unit_type": unit_type,
                     "strengths": strengths, "deployments": deployments, "rotations": rotations,
                     "classification": "PUBLIC"})
    UnitService().create_many(rows, acting_user=user, mission=mission, owner=owner, system=True)
    for category, share in TARGETS.items():
        GenderTarget.objects.get_or_create(mission=mission, year=today.year, personnel_category=category,
                                           defaults={"share": share})
    return f"force registry: {len(CONTINGENTS)} contingents, {len(UNITS)} units, gender targets {today.year}"


def _patrols(mission, orgs, user, watch_officer, now: dt.datetime) -> str:
    from peaceops.force.models import Unit
    from peaceops.operations.services import PatrolRouteService, PatrolService

    owner = orgs["UNMIK"]
    routes = PatrolRouteService().create_many(
        [{"name": n, "path": p, "classification": "CONFIDENTIAL", "releasable_to": ["KFOR"]} for n, p in ROUTES],
        acting_user=user, mission=mission, owner=owner, system=True).created
    fpu = Unit.objects.get(mission=mission, source_id="POL-FPU-1").pk
    mlo = Unit.objects.get(mission=mission, source_id="UKR-MLO-1").pk
    day = now.replace(minute=0, second=0, microsecond=0)
    patrols = [
        {"name": "Mobile patrol Mitrovica North", "patrol_type": "mobile", "route": routes[0].pk,
         "planned_start": day - dt.timedelta(hours=26), "planned_end": day - dt.timedelta(hours=23),
         "units": [{"unit": fpu}], "leader": watch_officer.pk, "classification": "CONFIDENTIAL",
         "summary": "Quiet. Shops open on the main street; a crowd of about 30 near the bridge dispersed.",
         "people_met": "Two shop owners; the local police station commander"},
        {"name": "Joint patrol Zvečan - Leposavić with KFOR", "patrol_type": "mobile", "route": routes[1].pk,
         "joint_with": orgs["KFOR"].pk, "planned_start": day - dt.timedelta(hours=1),
         "planned_end": day + dt.timedelta(hours=3), "units": [{"unit": mlo}], "classification": "CONFIDENTIAL"},
        {"name": "Night foot patrol Mitrovica bridge", "patrol_type": "foot", "time_of_day": "night",
         "path": ROUTES[0][1][:3], "planned_start": day + dt.timedelta(hours=8),
         "planned_end": day + dt.timedelta(hours=10), "units": [{"unit": fpu}], "classification": "CONFIDENTIAL"},
        {"name": "Mobile patrol to Zubin Potok", "patrol_type": "mobile", "path": [[20.84, 42.908], [20.69, 42.914]],
         "planned_start": day - dt.timedelta(hours=50), "planned_end": day - dt.timedelta(hours=46),
         "units": [{"unit": fpu}], "classification": "CONFIDENTIAL"},
    ]
    created = PatrolService().create_many(patrols, acting_user=user, mission=mission, owner=owner,
                                          system=True).created
    _run(created, user, day, now)
    return f"operations: {len(routes)} saved routes, {len(created)} patrols (one with its track and report)"


def _run(patrols, user, day: dt.datetime, now: dt.datetime) -> None:
    """Yesterday's patrol went out, sent its track, saw a crowd (made an incident) and came back; the joint patrol
    is out now with its first positions; the patrol to Zubin Potok turned back at a roadblock."""
    from peaceops.operations.linking import propose
    from peaceops.operations.report import add_observation, make_incident
    from peaceops.operations.run import step
    from peaceops.operations.services import PatrolService
    from peaceops.operations.tracks.store import store_positions

    done, joint, _tonight, aborted = patrols
    start, end = done.planned_start, done.planned_end
    step(done, "under_way", acting_user=user, at=start)
    positions = track_along(done.path, start, end - dt.timedelta(minutes=20))
    for i in range(0, len(positions), 500):
        store_positions(done, positions[i:i + 500], acting_user=user)
    seen = add_observation(done, acting_user=user, observed_at=start + dt.timedelta(minutes=70),
                           text="Crowd of about 30 people near the main bridge, shouting; dispersed after 20 minutes",
                           lon=20.8700, lat=42.8950)
    make_incident(seen, acting_user=user)
    add_observation(done, acting_user=user, observed_at=start + dt.timedelta(minutes=130),
                    text="New graffiti on the school wall, no one around")
    step(done, "completed", acting_user=user, at=end - dt.timedelta(minutes=15))
    propose(done)
    step(joint, "under_way", acting_user=user, at=joint.planned_start)
    positions = track_along(joint.path, joint.planned_start, joint.planned_end)
    store_positions(joint, [p for p in positions if p["t"] <= now], acting_user=user)
    step(aborted, "under_way", acting_user=user, at=aborted.planned_start)
    blocked = aborted.planned_start + dt.timedelta(minutes=50)
    PatrolService().update(aborted, acting_user=user, changes={"restrictions": [{
        "at": blocked, "kind": "roadblock", "place": "Road to Zubin Potok, 2 km west of the bridge",
        "imposed_by": "Local residents", "description": "Trucks and burning tyres across the road; no way round"}]})
    step(aborted, "aborted", acting_user=user, at=blocked + dt.timedelta(minutes=10),
         reason="Roadblock on the only road to Zubin Potok; turned back to avoid a confrontation")


def _checkpoint(mission, owner, user, now: dt.datetime) -> str:
    """A temporary checkpoint on the Jarinje road with two shift logs (one seized a rifle)."""
    from peaceops.operations.services import CheckpointShiftService
    from peaceops.sites.services import SiteService

    site = SiteService().create(acting_user=user, mission=mission, owner=owner, data={
        "name": "Temporary checkpoint Jarinje road", "site_type": "temporary_checkpoint", "lon": 20.7745,
        "lat": 43.1305, "opened_on": (now - dt.timedelta(days=10)).date(), "classification": "PUBLIC",
        "source_id": "demo-tcp-jarinje"})
    morning = now.replace(hour=6, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    CheckpointShiftService().create_many([
        {"site": site.pk, "started_at": morning, "ended_at": morning + dt.timedelta(hours=8),
         "vehicles_checked": 212, "persons_checked": 486, "classification": "CONFIDENTIAL",
         "seizures": [{"item": "Ammunition, 7.62 mm (rounds)", "quantity": 120}],
         "weapons": [{"serial_number": "ZK-1983-044721", "weapon_type": "Assault rifle (Zastava M70)",
                      "calibre": "7.62x39"}]},
        {"site": site.pk, "started_at": morning + dt.timedelta(hours=8), "ended_at": morning + dt.timedelta(hours=16),
         "vehicles_checked": 158, "persons_checked": 301, "classification": "CONFIDENTIAL",
         "notes": "Queue of about 40 trucks in the afternoon"},
    ], acting_user=user, mission=mission, owner=owner, system=True)
    return "checkpoints: a temporary checkpoint with 2 shift logs"


def _contributions(mission, owner, user) -> str:
    """The UN's published contributions of uniformed personnel: a subset of the real 2010-2019 table and the
    ranking of 31 January 2021 (peaceops/demo/data/un_contributions)."""
    from peaceops.force.services import ContributionService
    from peaceops.interop.records import import_records

    yearly = import_records(ContributionService(), UN_CONTRIBUTIONS / "contributions_2010_2019_subset.csv",
                            format="un-contributions", mission=mission, acting_user=user, owner=owner, system=True)
    ranking = import_records(ContributionService(), UN_CONTRIBUTIONS / "rank_uniformed_personnel_snapshot_2021-01-31.csv",
                             format="un-contributions-snapshot", mission=mission, acting_user=user, owner=owner,
                             system=True)
    return (f"UN contributions of uniformed personnel: {yearly.created} yearly rows, {ranking.created} countries "
            f"ranked on 31 January 2021")


def track_along(path: list[list[float]], start: dt.datetime, end: dt.datetime, every_s: int = 30) -> list[dict]:
    """Positions every `every_s` seconds along a line from `start` to `end` (a patrol driving at an even
    speed), with a little GPS noise."""
    lengths = [math.dist(a, b) for a, b in zip(path, path[1:], strict=False)]
    total, seconds = sum(lengths) or 1.0, (end - start).total_seconds()
    out, t = [], 0.0
    while t <= seconds:
        along, i = total * t / seconds, 0
        while i < len(lengths) - 1 and along > lengths[i]:
            along -= lengths[i]
            i += 1
        f = along / lengths[i] if lengths[i] else 0.0
        (x0, y0), (x1, y1) = path[i], path[i + 1]
        wobble = 0.00005 * math.sin(t / 97)
        out.append({"t": start + dt.timedelta(seconds=t), "lon": x0 + (x1 - x0) * f + wobble,
                    "lat": y0 + (y1 - y0) * f - wobble, "accuracy_m": 8.0})
        t += every_s
    return out
