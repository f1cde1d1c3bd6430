"""The demo mission's conduct and discipline: UNMIK's misconduct cases at each step of their workflow, the
people in them (obviously fictitious names, sealed), a referral from KFOR, 40 rows of the UN's public table of
SEA allegations (so the statistics have figures), and the prevention records of the demo's sites and units.

Everything is invented except the UN table's rows (real, published by the UN; they name no one). Written through
the services as the conduct officers would: `unmik.conduct` records the mission's cases (and is assigned to
them, as their creator) and takes their steps, back-dated over the past months (`workflow.step(at=...)`);
`kfor.reporter` refers an allegation through the intake (assigned to both conduct officers, who receive
allegations); `unmik.conduct2`, the chief, imports the UN table (and is assigned to its cases). One case stands
referred to the contributing country with its NIO deadline passed: the background worker beside the demo
escalates it to the holders of `conduct.case.supervise` on its first sweep. Idempotent: a mission that has
cases gets none again.
"""

import datetime as dt
from pathlib import Path

from .conduct_data import CASES, KFOR_REFERRAL, MEASURES, NO_PHONE, RISKS, TRAINING

UN_TABLE = (
    Path(__file__).resolve().parent / "data" / "un_sea_allegations" / "allegations_2015_2022_subset.csv"
)


def ensure_conduct(mission, orgs, *, officer, chief, referrer, now: dt.datetime) -> list[str]:
    """The demo's conduct and discipline (nothing when the mission has cases); summary lines."""
    from peaceops.conduct.models import Case

    if Case._base_manager.filter(mission=mission).exists():
        return ["conduct and discipline: kept"]
    lines = [_cases(mission, officer, now), _referral(mission, referrer)]
    lines.append(_un_table(mission, orgs["UNMIK"], chief))
    lines.append(_prevention(mission, orgs["UNMIK"], officer, now.date()))
    return lines


def _ago(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def _case_data(spec: dict, mission, now: dt.datetime, officer) -> dict:
    from peaceops.force.models import Unit
    from peaceops.sites.models import Site

    spec = dict(spec)
    today = now.date()
    data = {
        "reported_on": today - dt.timedelta(days=spec.pop("reported")),
        "lead_officer": officer.pk,
        "classification": "STRICTLY_CONFIDENTIAL",
    }
    for name in ("incident_from", "incident_to"):
        if name in spec:
            data[name] = today - dt.timedelta(days=spec.pop(name))
    if "site" in spec:
        data["site"] = (
            Site.objects.filter(mission=mission, name=spec.pop("site")).values_list("pk", flat=True).first()
        )
    if "unit" in spec:
        data["unit"] = Unit.objects.get(mission=mission, source_id=spec.pop("unit")).pk
    data["assistance"] = [
        {
            **{k: v for k, v in row.items() if k not in ("referred", "received")},
            "referred_on": today - dt.timedelta(days=row["referred"]),
            "received_on": today - dt.timedelta(days=row["received"]) if "received" in row else None,
        }
        for row in spec.pop("assistance", [])
    ]
    return {**data, **spec}


def _cases(mission, officer, now: dt.datetime) -> str:
    from peaceops.conduct import identities, workflow
    from peaceops.conduct.services import CaseService, settings_of

    settings_of(mission)  # the default deadlines and threshold, stored
    people = 0
    for spec in CASES:
        case = CaseService().create(
            acting_user=officer,
            mission=mission,
            data=_case_data(spec["case"], mission, now, officer),
            reason="demo case (invented)",
        )
        for role, age_group, name in spec["people"]:
            identities.add_person(
                case,
                acting_user=officer,
                role=role,
                age_group=age_group,
                name=name,
                contact=NO_PHONE,
                reason="demo person (fictitious)",
            )
            people += 1
        for days, to, reason, fields in spec["steps"]:
            case = workflow.step(
                case, acting_user=officer, to=to, reason=reason, at=_ago(now, days), **fields
            )
    return f"conduct cases: {len(CASES)} invented cases at each step, {people} fictitious people sealed"


def _referral(mission, referrer) -> str:
    from peaceops.conduct.intake import refer

    case = refer(mission, acting_user=referrer, data=KFOR_REFERRAL)
    return f"conduct intake: a referral from KFOR ({case.reference}), assigned to the conduct officers"


def _un_table(mission, owner, chief) -> str:
    from peaceops.interop.records import import_records, service_for

    report = import_records(
        service_for("conduct.case"),
        UN_TABLE,
        format="un-sea-allegations",
        mission=mission,
        acting_user=chief,
        owner=owner,
    )
    return (
        f"UN table of SEA allegations (subset): {report.read} rows read, {report.created} cases, "
        f"{report.rejected} rejected"
    )


def _prevention(mission, owner, officer, today: dt.date) -> str:
    from peaceops.conduct.services import (
        PreventionMeasureService,
        RiskAssessmentService,
        TrainingCompletionService,
    )
    from peaceops.force.models import Unit
    from peaceops.sites.models import Site

    sites = dict(Site.objects.filter(mission=mission).values_list("name", "pk"))
    units = {u.source_id: u for u in Unit.objects.filter(mission=mission).prefetch_related("strengths")}
    common = {"acting_user": officer, "mission": mission, "owner": owner}
    RiskAssessmentService().create_many(
        [
            {
                "site": sites[name],
                "assessed_on": today - dt.timedelta(days=14),
                "population_nearby": scores[0],
                "displaced_nearby": scores[1],
                "poverty": scores[2],
                "night_life": scores[3],
                "unescorted_movement": scores[4],
                "notes": notes,
                "classification": "CONFIDENTIAL",
            }
            for name, scores, notes in RISKS
        ],
        **common,
    )
    as_of = today.replace(day=1)
    rows = []
    for source, course, trained in TRAINING:
        strength = _deployed(units[source], as_of)
        rows.append(
            {
                "unit": units[source].pk,
                "course": course,
                "as_of": as_of,
                "strength": strength,
                "trained": strength if trained is None else min(trained, strength),
                "notes": "Training list of the unit (demo)",
                "source_id": f"demo-{source}-{course}",
                "classification": "CONFIDENTIAL",
            }
        )
    TrainingCompletionService().create_many(rows, **common)
    PreventionMeasureService().create_many(
        [
            {
                "unit": units[source].pk,
                "kind": kind,
                "started_on": today - dt.timedelta(days=start),
                "ended_on": today - dt.timedelta(days=end) if end is not None else None,
                "description": text,
                "classification": "CONFIDENTIAL",
            }
            for source, kind, start, end, text in MEASURES
        ],
        **common,
    )
    return (
        f"SEA prevention: {len(RISKS)} risk assessments, {len(rows)} training completions, "
        f"{len(MEASURES)} prevention measures"
    )


def _deployed(unit, as_of: dt.date) -> int:
    """The unit's deployed strength on its latest return up to `as_of`."""
    rows = [s for s in unit.strengths.all() if s.as_of <= as_of]
    latest = max((s.as_of for s in rows), default=None)
    return sum(s.deployed for s in rows if s.as_of == latest)
