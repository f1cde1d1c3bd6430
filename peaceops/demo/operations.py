"""The demo mission's force and operations: the contributing countries' contingents and units of UNMIK (a
small, plausible force: military liaison officers and police, not a peacekeeping force; the numbers are
invented for the demo), their strengths, deployments at the Geo-PKO sites and rotations; the mission's gender
targets; two saved routes in the north; four patrols (one completed yesterday with its track, one joint with
KFOR under way now, one planned tonight, one aborted); a temporary checkpoint with its shift logs; and the UN's
published contributions of uniformed personnel (a subset of the real table). Written through the services, as
an operator's load. Idempotent: a mission that has contingents gets none again."""

import datetime as dt
import math

from django.utils import timezone

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
    return f"operations: {len(routes)} saved routes, {len(created)} patrols"


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
