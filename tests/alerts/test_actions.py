"""What a watch officer does with an alert, through the pages (django.test.Client): verify it into a new incident
from the prefilled report form, link it to an incident among the duplicate hints, dismiss it, mark it as a
misconduct allegation; refusals for who may not triage; the misconduct queue."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from peaceops.alerts.choices import AlertStatus
from peaceops.alerts.models import Alert, AlertSettings
from peaceops.alerts.services import AlertService
from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry, RecordLink
from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from peaceops.testing import world

pytestmark = pytest.mark.django_db

BRIDGE = (20.8671, 42.8914)
CATEGORY = "mission/inter-ethnic"


class FormReader(HTMLParser):
    """What a browser would send for one form of a page, as rendered: inputs, checked boxes and radios, selected
    options, text areas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or a.get("disabled") is not None and "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") != "file":
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.lstrip("\n") if not self.data[self._textarea][-1] else data


def form_of(response, form_id: str) -> dict:
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    return {k: v if len(v) > 1 else v[0] for k, v in reader.data.items()}


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    unmik = world.organisation("UNMIK")
    people = world.people("watch", "admin", "viewer", "cdo")
    people["analyst"] = world.member(mission, unmik, Role.ANALYST, username="analyst")
    AlertSettings.objects.update_or_create(mission=mission, defaults={"owner": unmik})
    return mission, people


def _alert(mission, text="Shots fired near the Ibar bridge, two men hurt", **extra):
    data = {"text": text, "lon": BRIDGE[0], "lat": BRIDGE[1], "location_precision": "near",
            "location_name": "Ibar bridge", "incident_category": CATEGORY, **extra}
    return AlertService().receive(mission, data)


def _incident(user, mission, title, *, lon=BRIDGE[0], lat=BRIDGE[1], hours_ago=2):
    data = IncidentData(title=title, occurred_start=timezone.now() - dt.timedelta(hours=hours_ago), lon=lon, lat=lat,
                        classification="CONFIDENTIAL")
    return create_incident(acting_user=user, mission=mission, data=data)


def test_verify_opens_the_report_form_prefilled_and_saving_reports_verifies_and_links_at_once(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission)
    client = client_as(people["watch"])
    page = client.get(reverse("triage:verify", args=[alert.pk]))
    assert page.status_code == 200 and alert.reference in page.content.decode()
    sent = form_of(page, "incident-form")
    assert sent["description"] == alert.text and sent["location_name"] == "Ibar bridge"
    assert float(sent["lon"]) == BRIDGE[0] and sent["location_precision"] == "near" and sent["category"] == CATEGORY
    assert sent["occurred_start"] == alert.received_at.strftime("%Y-%m-%dT%H:%M:%S")
    assert sent["alert-reliability"] == "F" and sent["alert-credibility"] == "6"  # an unknown sender

    sent.update({"alert-reliability": "C", "alert-credibility": "3", "title": "Shooting at the Ibar bridge"})
    saved = client.post(reverse("triage:verify", args=[alert.pk]), sent)
    incident = Incident.objects.get(title="Shooting at the Ibar bridge")
    assert saved.status_code == 302 and saved.url == reverse("incidents:detail", args=[incident.pk])
    assert incident.description == alert.text and incident.category.path == CATEGORY
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.VERIFIED
    link = RecordLink.objects.get()
    assert (link.from_id, link.to_id, link.kind, link.grading) == (str(alert.pk), str(incident.pk), "source", "C3")
    shown = client.get(saved.url).content.decode()
    assert "Linked sources" in shown and alert.reference in shown and "C3" in shown
    page = client_as(people["viewer"]).get(saved.url)  # a viewer reads the incident, not the alerts
    as_viewer = page.content.decode()
    assert page.status_code == 200 and incident.title in as_viewer
    assert alert.reference not in as_viewer and "Linked sources" not in as_viewer


def test_a_category_the_mission_does_not_have_is_left_for_the_officer_to_choose(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission, incident_category="mission/no-such-category", lon=None, lat=None)
    sent = form_of(client_as(people["watch"]).get(reverse("triage:verify", args=[alert.pk])), "incident-form")
    assert sent["category"] == "" and sent["lon"] == "" and sent["description"] == alert.text


def test_a_refused_report_keeps_what_was_typed_and_writes_nothing(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission)
    client = client_as(people["watch"])
    sent = form_of(client.get(reverse("triage:verify", args=[alert.pk])), "incident-form")
    sent.update({"title": "", "location_name": "Near the north end of the bridge", "alert-reliability": "Z"})
    again = client.post(reverse("triage:verify", args=[alert.pk]), sent)
    html = again.content.decode()
    assert again.status_code == 200 and 'id="field-alert-reliability"' in html
    assert 'class="field has-error" id="field-alert-reliability"' in html
    assert "Near the north end of the bridge" in html and form_of(again, "incident-form")["title"] == ""
    assert not Incident.objects.exists() and not RecordLink.objects.exists()
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.NEW


def test_link_offers_near_incidents_with_reasons_and_several_alerts_corroborate_one(kosovo, client_as):
    mission, people = kosovo
    near = _incident(people["watch"], mission, "Shots fired at the Ibar bridge")
    _incident(people["watch"], mission, "Shots fired in Peja", lon=20.29, lat=42.66)  # 60 km away
    _incident(people["watch"], mission, "Shots fired at the bridge last week", hours_ago=24 * 7)
    first, second = _alert(mission), _alert(mission, text="Gunfire by the bridge in Mitrovica")
    client = client_as(people["watch"])
    page = client.get(reverse("triage:link", args=[first.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Shots fired at the Ibar bridge" in html
    assert "Peja" not in html and "last week" not in html
    assert "km away" in html and "alike" in html
    assert form_of(page, "link-form")["incident"] == str(near.pk)  # the best hint is offered first

    for alert in (first, second):
        done = client.post(reverse("triage:link", args=[alert.pk]),
                           {"incident": str(near.pk), "reliability": "B", "credibility": "2"})
        assert done.status_code == 302 and Alert.objects.get(pk=alert.pk).status == AlertStatus.VERIFIED
    assert sorted(RecordLink.objects.filter(to_id=str(near.pk)).values_list("from_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)])
    shown = client.get(reverse("incidents:detail", args=[near.pk])).content.decode()
    assert first.reference in shown and second.reference in shown
    reasons = ChangeLogEntry.objects.filter(object_id=str(near.pk)).values_list("reason", flat=True)
    assert "verified: reports an existing incident" in reasons


def test_link_refuses_an_incident_the_officer_does_not_see_on_its_field(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission)
    strict = create_incident(acting_user=people["admin"], mission=mission, data=IncidentData(
        title="Strict", occurred_start=timezone.now(), lon=BRIDGE[0], lat=BRIDGE[1],
        classification="STRICTLY_CONFIDENTIAL"))
    client = client_as(people["watch"])
    page = client.post(reverse("triage:link", args=[alert.pk]),
                       {"incident_typed": str(strict.pk), "reliability": "B", "credibility": "2"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="incident-errors"' in html and str(strict.pk) in html
    assert not RecordLink.objects.exists() and Alert.objects.get(pk=alert.pk).status == AlertStatus.NEW


def test_dismiss_asks_a_note_for_other_and_keeps_it(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission)
    client = client_as(people["watch"])
    url = reverse("triage:dismiss", args=[alert.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"why": "other", "note": "  "})
    assert refused.status_code == 200 and 'class="field has-error" id="field-note"' in refused.content.decode()
    assert form_of(refused, "dismiss-form")["why"] == "other"
    done = client.post(url, {"why": "outside-mandate", "note": "a land dispute"})
    stored = Alert.objects.get(pk=alert.pk)
    assert done.status_code == 302 and stored.status == AlertStatus.DISMISSED
    assert (stored.dismiss_reason, stored.status_note) == ("outside-mandate", "a land dispute")


def test_misconduct_needs_a_reason_and_confirmation_then_leaves_the_watch_for_the_queue(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission, text="A peacekeeper asked for money at the checkpoint")
    client = client_as(people["watch"])
    url = reverse("triage:misconduct", args=[alert.pk])
    refused = client.post(url, {"reason": "names a peacekeeper"})
    html = refused.content.decode()
    assert refused.status_code == 200 and 'class="field has-error" id="field-confirm"' in html
    assert "names a peacekeeper" in html and not Alert.objects.get(pk=alert.pk).misconduct

    assert client.post(url, {"reason": "names a peacekeeper", "confirm": "on"}).status_code == 302
    assert Alert.objects.get(pk=alert.pk).misconduct
    assert client.get(url).status_code == 404  # the officer no longer sees it
    assert client.get(reverse("triage:verify", args=[alert.pk])).status_code == 404
    queue = reverse("triage:misconduct_queue")
    assert alert.reference not in client.get(queue).content.decode()
    client_as(people["analyst"])
    assert alert.reference not in client.get(queue).content.decode()
    client_as(people["admin"])  # administers the mission, does not receive allegations
    assert alert.reference not in client.get(queue).content.decode()
    client_as(people["cdo"])  # the conduct officer holds alerts.alert.conduct: assigned when it was marked
    shown = client.get(queue).content.decode()
    assert alert.reference in shown and "asked for money" in shown


def test_only_who_triages_may_act_others_are_refused_and_who_cannot_see_finds_nothing(kosovo, client_as):
    mission, people = kosovo
    alert = _alert(mission)
    names = ("verify", "link", "dismiss", "misconduct")
    client = client_as(people["analyst"])  # reads alerts, does not triage them
    for name in names:
        refused = client.get(reverse(f"triage:{name}", args=[alert.pk]))
        assert refused.status_code == 403, name
        assert "You may not triage community alerts in this mission." in refused.content.decode()
    assert client.post(reverse("triage:dismiss", args=[alert.pk]), {"why": "hoax"}).status_code == 403
    client_as(people["viewer"])  # reads no alerts: as if it did not exist
    for name in names:
        assert client.get(reverse(f"triage:{name}", args=[alert.pk])).status_code == 404, name
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.NEW
