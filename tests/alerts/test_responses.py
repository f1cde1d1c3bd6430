"""Responding to an alert from its pages, as the watch does it: tasking a patrol (a unit in words, a site of the
mission, or a partner organisation taking part), marking it done, closing the alert; refused to who may not
triage (403) and hidden from who may not see the alert (404)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from peaceops.alerts.models import Alert, AlertResponse
from peaceops.alerts.services import AlertService
from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry
from peaceops.sites.services import SiteService
from peaceops.testing import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    people = world.people("watch", "admin", "viewer", "kfor", "minusca-admin")
    world.mission("MINUSCA")
    people["analyst"] = world.member(mission, world.organisation("UNMIK"), Role.ANALYST, username="unmik-analyst")
    site = SiteService().create(acting_user=people["admin"], mission=mission, data={
        "name": "Team site Zubin Potok", "site_type": "team_site", "lon": 20.69, "lat": 42.91})
    elsewhere = SiteService().create(acting_user=people["minusca-admin"], mission=world.mission("MINUSCA"), data={
        "name": "Camp Bangui", "site_type": "team_site", "lon": 18.55, "lat": 4.36})
    alert = AlertService().receive(mission, {"text": "Armed men stopping cars at the Zubin Potok bridge",
                                             "channel": "sms", "reporter_phone": "+38344123456"})
    assert alert.owner.code == "UNMIK"  # the mission's UN organisation receives it, not a partner taking part
    return {"mission": mission, "people": people, "site": site, "elsewhere": elsewhere, "alert": alert}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_watch_tasks_a_patrol_from_a_site_and_informs_kfor(kosovo):
    alert, watch = kosovo["alert"], signed_in(kosovo["people"]["watch"])
    url = reverse("triage:respond", args=[alert.pk])
    page = watch.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'id="response-form"' in body
    assert "Team site Zubin Potok" in body and "Camp Bangui" not in body  # sites of the alert's mission only
    assert ">KFOR" in body and "No response tasked yet." in body

    answer = watch.post(url, {"kind": "patrol", "unit": "Patrol 3", "site": kosovo["site"].pk,
                              "note": "Check the bridge and report"})
    assert answer.status_code == 302
    kfor = world.organisation("KFOR")
    assert watch.post(url, {"kind": "partner-force", "organisation": kfor.pk}).status_code == 302

    stored = Alert.objects.get(pk=alert.pk)
    assert stored.status == "acted_on" and stored.first_response_at is not None
    assert stored.acknowledged_at is not None
    responses = list(AlertResponse.objects.filter(alert=alert).values_list("kind", "unit", "site__name",
                                                                            "organisation__code"))
    assert responses == [("patrol", "Patrol 3", "Team site Zubin Potok", None),
                         ("partner-force", "", None, "KFOR")]
    body = watch.get(url).content.decode()
    assert "Patrol 3" in body and "Check the bridge and report" in body


def test_a_response_names_whom_it_tasked_and_only_a_site_of_the_mission(kosovo):
    alert, watch = kosovo["alert"], signed_in(kosovo["people"]["watch"])
    url = reverse("triage:respond", args=[alert.pk])
    nobody = watch.post(url, {"kind": "patrol", "note": "somebody go"})
    assert nobody.status_code == 400 and "Name whom the response tasked" in nobody.content.decode()
    foreign = watch.post(url, {"kind": "patrol", "site": kosovo["elsewhere"].pk})
    assert foreign.status_code == 400 and 'id="field-site"' in foreign.content.decode()
    assert not AlertResponse.objects.filter(alert=alert).exists()
    assert Alert.objects.get(pk=alert.pk).status == "new"


def test_a_response_is_marked_done_then_the_alert_closed(kosovo):
    alert, watch = kosovo["alert"], signed_in(kosovo["people"]["watch"])
    response = AlertService().task(alert, acting_user=kosovo["people"]["watch"], kind="police",
                                   unit="Kosovo Police, Zubin Potok station")
    done = watch.post(reverse("triage:response-done", args=[alert.pk, response.pk]))
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.done_at is not None
    assert ChangeLogEntry.objects.filter(object_type="alerts.alertresponse", object_id=str(response.pk),
                                         reason="response done").count() == 1
    assert "Mark done" not in watch.get(reverse("triage:respond", args=[alert.pk])).content.decode()

    closed = watch.post(reverse("triage:close", args=[alert.pk]), {"note": "Police cleared the road"})
    assert closed.status_code == 302
    stored = Alert.objects.get(pk=alert.pk)
    assert stored.status == "closed" and stored.closed_at is not None and stored.status_note == "Police cleared the road"
    assert 'id="close-form"' not in watch.get(reverse("triage:respond", args=[alert.pk])).content.decode()


def test_who_may_see_but_not_triage_is_refused_and_who_may_not_see_finds_nothing(kosovo):
    alert, people = kosovo["alert"], kosovo["people"]
    respond = reverse("triage:respond", args=[alert.pk])
    analyst = signed_in(people["analyst"])  # reads alerts, does not triage
    assert analyst.get(respond).status_code == 403
    assert analyst.post(respond, {"kind": "patrol", "unit": "Patrol 3"}).status_code == 403
    assert analyst.post(reverse("triage:close", args=[alert.pk])).status_code == 403
    for name in ("viewer", "kfor", "minusca-admin"):  # alerts are the watch's; another mission's are not theirs
        other = signed_in(people[name])
        assert other.get(respond).status_code == 404
        assert other.post(reverse("triage:close", args=[alert.pk])).status_code == 404
    assert Client().get(respond).status_code == 302
    assert Alert.objects.get(pk=alert.pk).status == "new" and not AlertResponse.objects.exists()


def test_the_alert_page_includes_the_response_panel_and_the_timeline(kosovo):
    alert = kosovo["alert"]
    request = RequestFactory().get("/")
    request.user = kosovo["people"]["watch"]
    html = render_to_string("alerts/_respond.html", {"record": alert}, request=request)
    assert 'id="response-form"' in html and reverse("triage:respond", args=[alert.pk]) in html
    html = render_to_string("alerts/_timeline.html", {"record": alert}, request=request)
    assert 'data-kind="received"' in html
    request.user = kosovo["people"]["analyst"]
    html = render_to_string("alerts/_respond.html", {"record": alert}, request=request)
    assert 'id="responses"' in html and 'id="response-form"' not in html
