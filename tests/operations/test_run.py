"""A patrol's run as its leader and the watch drive it: the API's step and the page's buttons; who may not
change the patrol is refused and does not see the buttons; cancelling and aborting need a reason."""

import json

import pytest

from peaceops.core.models import ChangeLogEntry
from peaceops.operations.models import Patrol

from .patrol_world import patrol

pytestmark = pytest.mark.django_db


def _step(client, patrol_id, to, reason=""):
    return client.post(f"/api/v1/patrols/{patrol_id}/step", json.dumps({"to": to, "reason": reason}),
                       content_type="application/json")


def test_a_patrol_is_started_and_completed_through_the_api(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["reporter"])
    answer = _step(client, planned.pk, "under_way")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "under_way" and answer.json()["started_at"]
    answer = _step(client, planned.pk, "completed")
    assert answer.status_code == 200, answer.content
    stored = Patrol.objects.get(pk=planned.pk)
    assert stored.status == "completed" and stored.ended_at >= stored.started_at
    entries = ChangeLogEntry.objects.filter(object_id=str(planned.pk)).order_by("id")
    steps = [e.after.get("status") for e in entries if e.after]
    assert steps[-2:] == ["under_way", "completed"]


def test_aborting_needs_a_reason_and_keeps_it(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["watch"])
    assert _step(client, planned.pk, "under_way").status_code == 200
    refused = _step(client, planned.pk, "aborted")
    assert refused.status_code == 422 and refused.json()["field"] == "reason"
    answer = _step(client, planned.pk, "aborted", "Vehicle broke down near Zvečan")
    assert answer.status_code == 200
    stored = Patrol.objects.get(pk=planned.pk)
    assert (stored.status, stored.status_reason) == ("aborted", "Vehicle broke down near Zvečan")
    assert stored.ended_at is not None


def test_a_step_the_run_does_not_allow_is_refused(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["watch"])
    refused = _step(client, planned.pk, "completed")  # not started yet
    assert refused.status_code == 422 and refused.json()["field"] == "to"
    assert _step(client, planned.pk, "cancelled", "Road closed by snow").status_code == 200
    again = _step(client, planned.pk, "under_way")  # a cancelled patrol stays cancelled
    assert again.status_code == 422 and Patrol.objects.get(pk=planned.pk).status == "cancelled"


def test_a_viewer_may_not_step_a_patrol_and_sees_no_buttons(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["viewer"])
    assert _step(client, planned.pk, "under_way").status_code == 403
    page = client.get(f"/operations/patrols/{planned.pk}/")
    assert page.status_code == 200 and b'id="patrol-run"' in page.content
    assert b"patrol-step-start" not in page.content
    assert client.post(f"/operations/patrols/{planned.pk}/step/", {"to": "under_way"}).status_code == 403
    assert Patrol.objects.get(pk=planned.pk).status == "planned"


def test_the_page_buttons_run_the_patrol(client_as, mission, people):
    planned = patrol(people["watch"], mission)
    client = client_as(people["watch"])
    page = client.get(f"/operations/patrols/{planned.pk}/")
    assert b"patrol-step-start" in page.content and b"patrol-step-cancel" in page.content
    assert b"patrol-step-complete" not in page.content
    answer = client.post(f"/operations/patrols/{planned.pk}/step/", {"to": "under_way"})
    assert answer.status_code == 302
    page = client.get(f"/operations/patrols/{planned.pk}/")
    assert b"patrol-step-complete" in page.content and b"patrol-step-abort" in page.content
    client.post(f"/operations/patrols/{planned.pk}/step/", {"to": "aborted"})  # no reason: refused
    assert Patrol.objects.get(pk=planned.pk).status == "under_way"
    client.post(f"/operations/patrols/{planned.pk}/step/", {"to": "aborted", "reason": "Crowd blocking the road"})
    assert Patrol.objects.get(pk=planned.pk).status == "aborted"


def test_a_patrol_one_may_not_see_answers_404(client_as, mission, people):
    from peaceops.testing import world

    planned = patrol(people["watch"], mission, classification="CONFIDENTIAL")
    outsider = world.person("minusca-admin")
    assert _step(client_as(outsider), planned.pk, "under_way").status_code == 404
    assert _step(client_as(people["kfor"]), planned.pk, "under_way").status_code == 404
