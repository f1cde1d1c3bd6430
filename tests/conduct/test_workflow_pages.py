"""The workflow's pages: a case's step page (timeline with deadlines and what is overdue; the next step's form),
404 for who does not read the case; the conduct settings page and API for holders of conduct.settings.change,
refused for a viewer."""

import datetime as dt

import pytest
from django.test import Client

from peaceops.conduct import workflow
from peaceops.conduct.models import Case, ConductSettings
from peaceops.conduct.services import settings_of
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import create_api_token

pytestmark = pytest.mark.django_db


def _url(case):
    return f"/conduct/cases/{case.pk}/step/"


def test_the_step_page_takes_a_step_and_shows_the_timeline(conduct_people, case_of, client_as):
    case = case_of(conduct_people["cdo"])
    client = client_as(conduct_people["cdo"])
    page = client.get(_url(case))
    assert page.status_code == 200 and 'id="case-step-form"' in page.content.decode()
    missing = client.post(_url(case), {"to": "assessment", "reason": ""})
    assert (
        missing.status_code == 200
        and Case.objects.visible_to(conduct_people["cdo"]).get().status == "received"
    )
    moved = client.post(_url(case), {"to": "assessment", "reason": "credible allegation"}, follow=True)
    text = moved.content.decode()
    assert "credible allegation" in text and "Preliminary assessment" in text
    refused = client.post(
        _url(case), {"to": "referred", "reason": "to the mission", "investigator": "mission"}
    )
    assert refused.status_code == 200 and "category II" in refused.content.decode()
    client.post(
        _url(case),
        {
            "to": "referred",
            "reason": "to OIOS",
            "investigator": "oios",
            "action_label": "Repatriation",
            "action_by": "UN",
            "action_count": "1",
        },
    )
    stepped = Case.objects.visible_to(conduct_people["cdo"]).get()
    assert stepped.status == "referred" and stepped.actions.get().stage == "interim"


def test_the_step_page_shows_what_is_overdue(conduct_people, case_of, client_as):
    case = workflow.step(
        case_of(conduct_people["cdo"]), acting_user=conduct_people["cdo"], to="assessment", reason="credible"
    )
    client = client_as(conduct_people["cdo"])
    assert 'id="case-overdue"' not in client.get(_url(case)).content.decode()
    Case.objects.filter(pk=case.pk).update(step_due_at=case.step_due_at - dt.timedelta(days=30))
    case.steps.update(due_at=case.step_due_at - dt.timedelta(days=30))
    text = client.get(_url(case)).content.decode()
    assert 'id="case-overdue"' in text and "overdue" in text


def test_who_does_not_read_the_case_gets_404(conduct_people, case_of, client_as):
    case = case_of(conduct_people["cdo"])
    for outsider in ("cdo2", "admin", "viewer"):
        client = client_as(conduct_people[outsider])
        assert client.get(_url(case)).status_code == 404
        assert client.post(_url(case), {"to": "assessment", "reason": "x"}).status_code == 404
    assert Case.objects.visible_to(conduct_people["cdo"]).get().status == "received"


def test_settings_are_changed_by_a_holder_and_refused_for_a_viewer(conduct_people, mission, client_as):
    settings_of(mission)
    viewer = client_as(conduct_people["viewer"])
    assert viewer.get("/conduct/settings/").status_code == 403
    assert viewer.post("/conduct/settings/", {"assessment_days": 1}).status_code == 403
    client = client_as(conduct_people["cdo"])
    assert client.get("/conduct/settings/").status_code == 200
    data = {
        "assessment_days": 5,
        "referral_days": 2,
        "nio_days": 10,
        "investigation_days": 60,
        "outcome_days": 30,
        "remind_days": 1,
        "suppression_threshold": 3,
        "reason": "mission policy",
    }
    assert client.post("/conduct/settings/", data).status_code == 302
    stored = ConductSettings.objects.get(mission=mission)
    assert (stored.assessment_days, stored.investigation_days, stored.suppression_threshold) == (5, 60, 3)
    entry = ChangeLogEntry.objects.get(object_type="conduct.conductsettings")
    assert entry.reason == "mission policy" and entry.after["investigation_days"] == 60
    bad = client.post("/conduct/settings/", {**data, "suppression_threshold": 0})
    assert bad.status_code == 200 and ConductSettings.objects.get(mission=mission).suppression_threshold == 3


def test_the_settings_api(conduct_people, mission):
    _, token = create_api_token(user=conduct_people["cdo"], name="w", scopes=["conduct:write"])
    api = Client(headers={"Authorization": f"Bearer {token}"})
    read = api.get("/api/v1/conduct/settings")
    assert read.status_code == 200 and read.json()["mission"] == "UNMIK" and read.json()["nio_days"] == 10
    put = api.put(
        "/api/v1/conduct/settings?mission=UNMIK",
        {"nio_days": 14, "reason": "policy"},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["nio_days"] == 14
    bad = api.put("/api/v1/conduct/settings", {"remind_days": -1}, content_type="application/json")
    assert bad.status_code == 422 and "remind_days" in bad.content.decode()
    _, viewer = create_api_token(user=conduct_people["viewer"], name="v", scopes=["conduct:write"])
    refused = Client(headers={"Authorization": f"Bearer {viewer}"}).put(
        "/api/v1/conduct/settings?mission=UNMIK", {"nio_days": 1}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert ConductSettings.objects.get(mission=mission).nio_days == 14
