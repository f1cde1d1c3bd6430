"""SEA prevention as the assessor and the unit's readers meet it: the past allegations at a site counted over
every case of the mission (which the assessor may not read) but shown only from the mission's threshold up, the
suggested level worked out by hand, the site's surroundings (incidents within 2 km in the 12 months before,
checked against distances computed here), and the unit page's card with its training completion per course."""

import datetime as dt
import json
import math

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peaceops.conduct.models import Case, RiskAssessment
from peaceops.conduct.prevention import suggested_level
from peaceops.conduct.services import (
    PreventionMeasureService,
    RiskAssessmentService,
    TrainingCompletionService,
    settings_of,
)
from peaceops.core.models import ChangeLogEntry
from peaceops.force.services import ContingentService, UnitService
from peaceops.incidents.models import Category
from peaceops.sites.services import SiteService
from tests.factories import incident_record

pytestmark = pytest.mark.django_db

CAMP = (20.9, 42.8)
EARTH_M = 6_371_000
SCORES = ("population_nearby", "displaced_nearby", "poverty", "night_life", "unescorted_movement")


def destination(lon, lat, metres, bearing_deg):
    """The point `metres` from (lon, lat) along `bearing_deg` on a sphere (great-circle destination)."""
    d, b = metres / EARTH_M, math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(l2), math.degrees(p2)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def camp(mission, conduct_people):
    return SiteService().create(
        acting_user=conduct_people["admin"],
        mission=mission,
        data={
            "name": "Camp Novo Selo",
            "site_type": "camp",
            "lon": CAMP[0],
            "lat": CAMP[1],
            "source_id": "CAMP-1",
            "classification": "PUBLIC",
        },
    )


def assess(user, mission, site, **data):
    body = {
        "site": site.pk,
        "assessed_on": "2026-11-30",
        "notes": "Quarterly assessment",
        "classification": "PUBLIC",
        **data,
    }
    return RiskAssessmentService().create(acting_user=user, mission=mission, data=body)


def shown_allegations(client, assessment) -> tuple[str, str]:
    """(the page's past allegations, the API's)."""
    page = client.get(reverse("risk_assessments:detail", args=[assessment.pk])).content.decode()
    on_page = page.split('id="past-allegations">', 1)[1].split("<", 1)[0]
    api = client.get(f"/api/v1/conduct/risk-assessments/{assessment.pk}").json()["past_allegations"]
    return on_page, api


# --- past allegations ---------------------------------------------------------------------------------------
def test_past_allegations_are_suppressed_under_the_threshold_and_shown_from_it(
    mission, conduct_people, camp, case_of
):
    admin = conduct_people["admin"]  # an assessor who reads no case
    assert settings_of(mission).suppression_threshold == 5
    for _n in range(4):
        case_of(conduct_people["cdo"], site=camp.pk, reported_on=dt.date(2026, 6, 1))
    case_of(conduct_people["cdo"], site=camp.pk, reported_on=dt.date(2026, 12, 5))  # after the assessment
    case_of(conduct_people["cdo"], reported_on=dt.date(2026, 6, 1))  # at no site
    assert not Case.objects.visible_to(admin).exists()
    assessment = assess(admin, mission, camp)
    assessment.refresh_from_db()
    assert assessment.past_allegations is None  # 4 under 5: not even stored
    client = client_of(admin)
    assert shown_allegations(client, assessment) == ("fewer than 5", "fewer than 5")
    entry = ChangeLogEntry.objects.filter(object_id=str(assessment.pk)).get()
    assert entry.after["past_allegations"] is None and '"past_allegations": 4' not in json.dumps(entry.after)

    case_of(conduct_people["cdo2"], site=camp.pk, reported_on=dt.date(2026, 7, 1))  # the fifth before it
    RiskAssessmentService().update(assessment, acting_user=admin, changes={"notes": "Recounted"})
    assessment.refresh_from_db()
    assert assessment.past_allegations == 5
    assert shown_allegations(client, assessment) == ("5", "5")

    settings = settings_of(mission)  # the threshold raised since: the 5 stored is shown as the band
    settings.suppression_threshold = 10
    settings.save()
    assert shown_allegations(client, assessment) == ("fewer than 10", "fewer than 10")


# --- the suggested level --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scores", "allegations", "level"),
    [
        ((0, 0, 0, 0, 0), None, "low"),
        ((1, 1, 1, 1, 0), None, "low"),  # 4 points
        ((1, 1, 1, 1, 1), None, "medium"),  # 5
        ((2, 2, 2, 2, 0), None, "medium"),  # 8
        ((3, 2, 2, 2, 0), None, "high"),  # 9
        ((3, 3, 3, 3, 3), None, "high"),  # 15
        ((0, 0, 0, 0, 0), 5, "medium"),  # 3 points, but allegations shown: at least medium
        ((2, 2, 1, 1, 0), 7, "high"),  # 6 + 3
        ((2, 2, 1, 0, 0), 7, "medium"),  # 5 + 3
    ],
)
def test_the_suggested_level_follows_the_documented_rule(scores, allegations, level):
    assert suggested_level(dict(zip(SCORES, scores, strict=True)), allegations) == level


def test_the_level_is_suggested_unless_the_assessor_chooses_one(mission, conduct_people, camp):
    admin = conduct_people["admin"]
    scores = {"population_nearby": 3, "displaced_nearby": 3, "poverty": 2, "night_life": 1}
    suggested = assess(admin, mission, camp, **scores)
    chosen = assess(admin, mission, camp, **scores, level="medium")
    assert (suggested.level, chosen.level) == ("high", "medium")
    client = client_of(admin)  # the form's level left to the scores
    form = {
        "site": str(camp.pk),
        "assessed_on": "2026-11-30",
        "population_nearby": "1",
        "displaced_nearby": "1",
        "poverty": "1",
        "night_life": "1",
        "unescorted_movement": "1",
        "level": "",
        "notes": "By form",
        "classification": "PUBLIC",
    }
    assert client.post(reverse("risk_assessments:create"), form).status_code == 302
    made = RiskAssessment.objects.get(notes="By form")
    assert made.level == "medium"
    page = client.get(reverse("risk_assessments:detail", args=[made.pk])).content.decode()
    assert "Medium" in page.split('id="suggested-level">', 1)[1].split("</dd>", 1)[0]
    api = client.get(f"/api/v1/conduct/risk-assessments/{chosen.pk}").json()
    assert (api["level"], api["suggested_level"]) == ("medium", "high")


# --- surroundings ---------------------------------------------------------------------------------------------
def test_the_page_shows_the_incidents_near_the_site_the_assessor_may_see(mission, conduct_people, camp):
    watch, kfor = conduct_people["watch"], conduct_people["kfor"]
    when = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    placed = [  # (metres, bearing, category path, when, reporter, classification) and whether it counts
        ((900, 0, "mission/inter-ethnic", when, watch, "PUBLIC"), True),
        ((1500, 90, "mission/inter-ethnic", when, watch, "CONFIDENTIAL"), True),
        ((1900, 200, "mission/crime", when, watch, "PUBLIC"), True),
        ((2300, 45, "mission/crime", when, watch, "PUBLIC"), False),  # beyond 2 km (inside the box)
        (
            (500, 180, "mission/crime", dt.datetime(2025, 11, 1, tzinfo=dt.UTC), watch, "PUBLIC"),
            False,
        ),  # 13 mo.
        ((500, 270, "mission/crime", when, kfor, "CONFIDENTIAL"), False),  # KFOR's, not released to UNMIK
    ]
    for (metres, bearing, path, at, who, classification), _counts in placed:
        lon, lat = destination(*CAMP, metres, bearing)
        incident_record(
            acting_user=who,
            mission=mission,
            data={
                "lon": lon,
                "lat": lat,
                "category_path": path,
                "occurred_start": at,
                "classification": classification,
            },
        )
    assessment = assess(conduct_people["admin"], mission, camp)
    page = client_of(conduct_people["admin"]).get(reverse("risk_assessments:detail", args=[assessment.pk]))
    table = page.content.decode().split('id="surroundings-by-category"', 1)[1].split("</table>", 1)[0]
    names = {
        path: Category.objects.get(mission=mission, path=path).name
        for path in ("mission/inter-ethnic", "mission/crime")
    }
    rows = [cells.split("</td>")[0:2] for cells in table.split("<tr><td>")[1:]]
    found = {name: int(count.split(">")[-1]) for name, count in rows}
    assert found == {names["mission/inter-ethnic"]: 2, names["mission/crime"]: 1}
    assert page.context_data["surroundings"].total == 3


# --- the unit's page ----------------------------------------------------------------------------------------------
def test_the_unit_page_shows_training_completion_and_the_measures_in_force(mission, conduct_people):
    admin, today = conduct_people["admin"], timezone.now().date()
    ContingentService().create(
        acting_user=admin,
        mission=mission,
        data={
            "name": "Polish contingent",
            "country": "POL",
            "kind": "military",
            "source_id": "POL-MIL",
            "classification": "PUBLIC",
        },
    )
    unit = UnitService().create(
        acting_user=admin,
        mission=mission,
        data={
            "contingent": "POL-MIL",
            "name": "POLUKRBAT",
            "source_id": "UNIT-1",
            "classification": "PUBLIC",
        },
    )
    training = TrainingCompletionService()
    for course, as_of, trained, strength in (
        ("induction", "2026-01-31", 100, 450),
        ("induction", "2026-10-31", 410, 450),  # the latest: 91 %
        ("refresher", "2026-10-31", 200, 450),
    ):  # 44 %
        training.create(
            acting_user=admin,
            mission=mission,
            data={
                "unit": unit.pk,
                "course": course,
                "as_of": as_of,
                "trained": trained,
                "strength": strength,
                "classification": "PUBLIC",
            },
        )
    measures = PreventionMeasureService()
    in_force = measures.create(
        acting_user=admin,
        mission=mission,
        data={
            "unit": unit.pk,
            "kind": "curfew",
            "started_on": today - dt.timedelta(days=30),
            "classification": "PUBLIC",
        },
    )
    ended = measures.create(
        acting_user=admin,
        mission=mission,
        data={
            "unit": unit.pk,
            "kind": "off_limits",
            "started_on": today - dt.timedelta(days=90),
            "ended_on": today - dt.timedelta(days=1),
            "classification": "PUBLIC",
        },
    )
    page = client_of(conduct_people["viewer"]).get(reverse("units:detail", args=[unit.pk])).content.decode()
    card = page.split('id="unit-prevention"', 1)[1].split("</section>", 1)[0]
    induction = card.split('data-course="induction"', 1)[1].split("</tr>", 1)[0]
    refresher = card.split('data-course="refresher"', 1)[1].split("</tr>", 1)[0]
    assert "91 %" in induction and "2026-10-31" in induction and "410 / 450" in induction
    assert "44 %" in refresher
    assert f'data-measure="{in_force.pk}"' in card and f'data-measure="{ended.pk}"' not in card
