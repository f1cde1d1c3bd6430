"""The prevention records (SEA risk assessments, training completions, prevention measures) through the kit's
generic record tests (peaceops/testing/records.py): role matrix, confidentiality on every read path (the
partner feeds included), change log and ledger, bad input, idempotent writes, the CSV round trip (a site and a
unit travel as their source ids)."""

from peaceops.conduct.services import (
    PreventionMeasureService,
    RiskAssessmentService,
    TrainingCompletionService,
)
from peaceops.force.services import ContingentService, UnitService
from peaceops.sites.services import SiteService
from peaceops.testing.records import RecordSpec, RecordTypeTests

RISK = {
    "site": "CAMP-1",
    "assessed_on": "2026-10-01",
    "population_nearby": 2,
    "displaced_nearby": 3,
    "poverty": 2,
    "night_life": 1,
    "unescorted_movement": 0,
    "level": "high",
    "notes": "Camp of displaced people 800 m from the gate",
}
TRAINING = {
    "unit": "UNIT-1",
    "course": "induction",
    "as_of": "2026-10-31",
    "trained": 410,
    "strength": 450,
    "notes": "Training cell's monthly return",
}
MEASURE = {
    "unit": "UNIT-1",
    "kind": "curfew",
    "started_on": "2026-09-01",
    "description": "No personnel outside the camp after 22:00",
}

FEED = "/api/v1/partners/{{org}}/feed/{kind}?mission={{mission}}"


def sites_and_units_in_both_missions(world) -> None:
    """An assessment names its site, training and measures their unit: a camp CAMP-1 and a unit UNIT-1 (of a
    contingent) in the mission and in the other one (the copy)."""
    for mission, owner, user in (
        (world.mission, world.owner, world.users["mission_admin"]),
        (world.other_mission, world.outsiders, world.users["outsider"]),
    ):
        SiteService().create(
            acting_user=user,
            mission=mission,
            owner=owner,
            data={
                "name": "Camp Novo Selo",
                "site_type": "camp",
                "lon": 20.9,
                "lat": 42.8,
                "source_id": "CAMP-1",
                "classification": "PUBLIC",
            },
        )
        ContingentService().create(
            acting_user=user,
            mission=mission,
            owner=owner,
            data={
                "name": "Polish military contingent",
                "country": "POL",
                "kind": "military",
                "source_id": "POL-MIL",
                "classification": "PUBLIC",
            },
        )
        UnitService().create(
            acting_user=user,
            mission=mission,
            owner=owner,
            data={
                "contingent": "POL-MIL",
                "name": "POLUKRBAT",
                "source_id": "UNIT-1",
                "classification": "PUBLIC",
            },
        )


class TestRiskAssessments(RecordTypeTests):
    spec = RecordSpec(
        service=RiskAssessmentService(),
        api="/api/v1/conduct/risk-assessments",
        namespace="risk_assessments",
        feed=FEED.format(kind="risk-assessments"),
        valid=RISK,
        change={"night_life": 3},
        label="notes",
        source_id=None,
        prepare=sites_and_units_in_both_missions,
        bad=[({"poverty": 4}, "poverty"), ({"site": "nowhere"}, "site"), ({"level": "extreme"}, "level")],
    )


class TestTrainingCompletions(RecordTypeTests):
    spec = RecordSpec(
        service=TrainingCompletionService(),
        api="/api/v1/conduct/training",
        namespace="training_completions",
        feed=FEED.format(kind="training-completions"),
        valid=TRAINING,
        change={"trained": 430},
        label="notes",
        prepare=sites_and_units_in_both_missions,
        bad=[({"trained": 500}, "trained"), ({"unit": "nowhere"}, "unit"), ({"course": "yoga"}, "course")],
    )


class TestPreventionMeasures(RecordTypeTests):
    spec = RecordSpec(
        service=PreventionMeasureService(),
        api="/api/v1/conduct/prevention-measures",
        namespace="prevention_measures",
        feed=FEED.format(kind="prevention-measures"),
        valid=MEASURE,
        change={"ended_on": "2026-12-31"},
        label="description",
        source_id=None,
        prepare=sites_and_units_in_both_missions,
        bad=[
            ({"ended_on": "2026-08-01"}, "ended_on"),
            ({"unit": "nowhere"}, "unit"),
            ({"kind": "prayer"}, "kind"),
        ],
    )
