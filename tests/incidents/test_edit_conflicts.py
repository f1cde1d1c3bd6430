"""Two people editing one incident at once (two tabs, or a phone that was offline): an edit of fields no one else
changed is merged, an edit of a field someone else changed meanwhile becomes an edit conflict resolved field
by field, and nothing is ever silently overwritten."""

import json

import pytest
from django.test import Client
from lxml import html

from peaceops.core.models import ChangeLogEntry, EditConflict
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.services import create_incident, update_incident
from tests.factories import incident_data


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page_of(response):
    return html.fromstring(response.content.decode())


def edit_form(client, incident) -> dict:
    """What the edit page's form would post as it stands (every field as shown, the base fields included)."""
    response = client.get(f"/incidents/{incident.pk}/edit/")
    assert response.status_code == 200
    values: dict = {}
    for name, value in page_of(response).get_element_by_id("incident-form").form_values():
        values.setdefault(name, []).append(value)
    return values


def history_reasons(incident) -> list[str]:
    return list(ChangeLogEntry.objects.filter(object_type="incidents.incident", object_id=str(incident.pk))
                .order_by("id").values_list("reason", flat=True))


@pytest.fixture
def incident(people, mission):
    return create_incident(acting_user=people["reporter"], mission=mission, data=incident_data(
        title="Roadblock near the bridge", description="Two trucks across the road.", status="reported",
        classification="CONFIDENTIAL", location_name="Ibar bridge",
        casualties=[CasualtyData(group="civilians", injured_low=1, injured_best=1, injured_high=1)],
        actors=[ActorData(name="Protesters", role="perpetrator", type="protesters")],
        sources=[SourceData(type="police", reference="KP 7", reliability="B", credibility="2")]))


@pytest.fixture
def watch(people):
    return signed_in(people["watch"])


@pytest.fixture
def reporter(people):
    return signed_in(people["reporter"])


def test_the_edit_form_carries_what_the_editor_started_from(watch, incident):
    form = edit_form(watch, incident)
    latest = ChangeLogEntry.objects.filter(object_id=str(incident.pk)).latest("id")
    assert form["base_version"] == [str(latest.pk)]
    assert form["base_data"][0]  # signed: readable only by the server


def test_an_unchanged_record_is_written_as_before(watch, incident):
    form = edit_form(watch, incident)
    form["title"] = ["Roadblock lifted"]
    response = watch.post(f"/incidents/{incident.pk}/edit/", form)
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    incident.refresh_from_db()
    assert incident.title == "Roadblock lifted"
    assert not EditConflict.objects.exists()


def test_an_edit_without_changes_writes_nothing(watch, incident):
    """The form's values as posted back equal what it started from: no field counts as changed."""
    before = history_reasons(incident)
    other = edit_form(watch, incident)
    update_incident(incident, acting_user=incident.created_by, changes={"status": "verified"}, reason="checked")
    response = watch.post(f"/incidents/{incident.pk}/edit/", other)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "verified"
    assert len(history_reasons(incident)) == len(before) + 1 and not EditConflict.objects.exists()


def test_edits_of_different_fields_are_merged(watch, reporter, incident):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["status"] = ["verified"]
    theirs["reason"] = ["confirmed by KFOR"]
    assert reporter.post(f"/incidents/{incident.pk}/edit/", theirs).status_code == 302
    mine["title"] = ["Roadblock of two trucks near the bridge"]
    mine["reason"] = ["clearer title"]
    response = watch.post(f"/incidents/{incident.pk}/edit/", mine, follow=True)
    incident.refresh_from_db()
    assert (incident.title, incident.status) == ("Roadblock of two trucks near the bridge", "verified")
    assert not EditConflict.objects.exists()
    assert history_reasons(incident)[-1] == "clearer title (merged with changes made meanwhile)"
    assert "merged with changes made meanwhile" in response.content.decode()


def test_the_same_field_changed_both_ways_becomes_a_conflict_and_nothing_is_overwritten(watch, reporter,
                                                                                         incident, people):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Roadblock cleared by KFOR"]
    theirs["releasable_to"] = ["KFOR"]
    assert reporter.post(f"/incidents/{incident.pk}/edit/", theirs).status_code == 302
    mine["title"] = ["Roadblock still in place"]
    mine["description"] = ["Three trucks now."]
    mine["status"] = ["verified"]
    mine["reason"] = ["patrol report"]
    response = watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/conflicts/{conflict.pk}/"
    incident.refresh_from_db()
    assert incident.title == "Roadblock cleared by KFOR"  # theirs stays: nothing overwritten
    assert incident.description == "Two trucks across the road."
    assert incident.releasability_label() == "CONFIDENTIAL - releasable to UNMIK, KFOR"
    assert conflict.author == people["watch"] and conflict.state == "open" and conflict.reason == "patrol report"
    assert set(conflict.conflicting) == {"title"}
    assert conflict.conflicting["title"] == {"base": "Roadblock near the bridge", "mine": "Roadblock still in place",
                                             "current": "Roadblock cleared by KFOR"}
    assert set(conflict.other_changes) == {"description", "status"}
    # The conflict is in the change log, without the values.
    entry = ChangeLogEntry.objects.get(object_type="core.editconflict", object_id=str(conflict.pk))
    assert entry.action == "create" and entry.after["conflicting"] == ["title"]
    assert "Roadblock still in place" not in json.dumps(entry.after)

    page = page_of(watch.get(f"/conflicts/{conflict.pk}/"))
    row = page.get_element_by_id("conflict-field-title")
    sides = {dd.get("class"): dd.text_content().strip() for dd in row.iter("dd")}
    assert sides == {"side-base": "Roadblock near the bridge", "side-current": "Roadblock cleared by KFOR",
                     "side-mine": "Roadblock still in place"}
    others = page.get_element_by_id("conflict-others").text_content()
    assert "Three trucks now." in others and "Verified" in others

    seen = page.xpath("//input[@name='seen_version']/@value")[0]
    response = watch.post(f"/conflicts/{conflict.pk}/", {"action": "apply", "choice-title": "mine",
                                                         "seen_version": seen})
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    incident.refresh_from_db()
    assert (incident.title, incident.description, incident.status) == (
        "Roadblock still in place", "Three trucks now.", "verified")
    assert incident.releasability_label() == "CONFIDENTIAL - releasable to UNMIK, KFOR"  # theirs, not in conflict
    conflict.refresh_from_db()
    assert conflict.state == "resolved" and conflict.resolved_by == people["watch"]
    assert history_reasons(incident)[-1] == f"edit conflict {conflict.pk} resolved: patrol report"


def test_keep_theirs_writes_only_the_other_changes(watch, reporter, incident):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Theirs"]
    reporter.post(f"/incidents/{incident.pk}/edit/", theirs)
    mine["title"], mine["location_name"] = ["Mine"], ["Mitrovica, main bridge"]
    watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    seen = page_of(watch.get(f"/conflicts/{conflict.pk}/")).xpath("//input[@name='seen_version']/@value")[0]
    watch.post(f"/conflicts/{conflict.pk}/", {"action": "apply", "choice-title": "theirs", "seen_version": seen})
    incident.refresh_from_db()
    assert (incident.title, incident.location_name) == ("Theirs", "Mitrovica, main bridge")


def test_children_in_conflict_are_shown_as_text_and_taken_whole(watch, reporter, incident):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["cas-civilians-injured_high"] = ["3"]
    reporter.post(f"/incidents/{incident.pk}/edit/", theirs)
    mine["cas-civilians-killed_high"] = ["1"]
    mine["cas-civilians-killed_best"] = ["1"]
    mine["cas-civilians-killed_low"] = ["1"]
    watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    page = page_of(watch.get(f"/conflicts/{conflict.pk}/"))
    text = page.get_element_by_id("conflict-field-casualties").text_content()
    assert "Civilians: killed 1/1/1, injured 1/1/1" in text and "Civilians: killed 0/0/0, injured 1/1/3" in text
    assert "{" not in text
    seen = page.xpath("//input[@name='seen_version']/@value")[0]
    watch.post(f"/conflicts/{conflict.pk}/", {"action": "apply", "choice-casualties": "mine", "seen_version": seen})
    incident.refresh_from_db()
    assert (incident.fatalities_best, incident.injured_high) == (1, 1)


def test_the_page_looks_again_when_the_record_changed_while_choosing(watch, reporter, incident, people):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Theirs"]
    reporter.post(f"/incidents/{incident.pk}/edit/", theirs)
    mine["title"] = ["Mine"]
    watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    seen = page_of(watch.get(f"/conflicts/{conflict.pk}/")).xpath("//input[@name='seen_version']/@value")[0]
    update_incident(incident, acting_user=people["reporter"], changes={"title": "Theirs, again"}, reason="")
    response = watch.post(f"/conflicts/{conflict.pk}/", {"action": "apply", "choice-title": "mine",
                                                         "seen_version": seen})
    assert response.status_code == 409
    page = page_of(response)
    assert "changed again" in page.get_element_by_id("conflict-error").text_content()
    current = page.get_element_by_id("conflict-field-title").find_class("side-current")[0].text_content().strip()
    assert current == "Theirs, again"
    incident.refresh_from_db()
    assert incident.title == "Theirs, again"
    conflict.refresh_from_db()
    assert conflict.state == "open"


def test_a_conflict_may_be_discarded(watch, reporter, incident, people):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Theirs"]
    reporter.post(f"/incidents/{incident.pk}/edit/", theirs)
    mine["title"] = ["Mine"]
    watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    incident.mission.refresh_from_db()
    assert incident.mission.open_edit_conflicts == 1  # pages look for conflicts only while some are open
    response = watch.post(f"/conflicts/{conflict.pk}/", {"action": "discard"})
    assert response.status_code == 302
    conflict.refresh_from_db()
    incident.refresh_from_db()
    assert conflict.state == "discarded" and incident.title == "Theirs"
    incident.mission.refresh_from_db()
    assert incident.mission.open_edit_conflicts == 0
    assert not page_of(watch.get(f"/incidents/{incident.pk}/")).xpath("//*[@id='nav-conflicts']")
    assert watch.post(f"/conflicts/{conflict.pk}/", {"action": "discard"}).status_code == 200  # closed: shown


def test_a_forged_base_is_refused_and_nothing_is_written(watch, incident):
    form = edit_form(watch, incident)
    form["title"] = ["Forged"]
    form["base_data"] = [form["base_data"][0][:-3] + "abc"]
    response = watch.post(f"/incidents/{incident.pk}/edit/", form)
    assert response.status_code == 200
    assert "starting point" in page_of(response).get_element_by_id("form-errors").text_content()
    incident.refresh_from_db()
    assert incident.title == "Roadblock near the bridge"


def test_a_form_without_base_fields_writes_as_before(watch, reporter, incident):
    """Old clients: the last write wins, as it did."""
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Theirs"]
    reporter.post(f"/incidents/{incident.pk}/edit/", theirs)
    mine["title"] = ["Mine"]
    del mine["base_version"], mine["base_data"]
    assert watch.post(f"/incidents/{incident.pk}/edit/", mine).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Mine" and not EditConflict.objects.exists()


def test_banner_and_menu_show_open_conflicts_to_who_may_resolve_them(watch, reporter, incident, people):
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Theirs"]
    reporter.post(f"/incidents/{incident.pk}/edit/", theirs)
    mine["title"] = ["Mine"]
    watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    for client in (watch, reporter):  # the author; a user who may edit the incident
        page = page_of(client.get(f"/incidents/{incident.pk}/"))
        assert page.get_element_by_id("conflict-banner").xpath(".//a/@href") == [f"/conflicts/{conflict.pk}/"]
        assert page.get_element_by_id("nav-conflicts").get("href") == "/conflicts/"
        listed = page_of(client.get("/conflicts/")).xpath("//ul[@id='conflict-list']/li/@data-conflict-id")
        assert listed == [str(conflict.pk)]
    viewer = signed_in(people["viewer"])  # sees the incident, may not edit it
    page = page_of(viewer.get(f"/incidents/{incident.pk}/"))
    assert not page.xpath("//*[@id='conflict-banner']") and not page.xpath("//*[@id='nav-conflicts']")
    assert viewer.get(f"/conflicts/{conflict.pk}/").status_code == 404
    assert page_of(viewer.get("/conflicts/")).xpath("//ul[@id='conflict-list']/li/@data-conflict-id") == []
    conflict.state = "resolved"
    conflict.save()
    assert not page_of(watch.get(f"/incidents/{incident.pk}/")).xpath("//*[@id='nav-conflicts']")


def test_a_retried_edit_that_became_a_conflict_answers_with_the_conflict_again(watch, reporter, incident):
    """A phone's queue sends an edit, the server stores it as a conflict, the answer is lost, the queue sends it
    again with the same key: the retry lands on the conflict's page again (not on the incident's, which would
    read as saved), and nothing more is written."""
    mine, theirs = edit_form(watch, incident), edit_form(reporter, incident)
    theirs["title"] = ["Roadblock cleared by KFOR"]
    assert reporter.post(f"/incidents/{incident.pk}/edit/", theirs).status_code == 302
    mine["title"] = ["Roadblock still in place"]
    first = watch.post(f"/incidents/{incident.pk}/edit/", mine)
    conflict = EditConflict.objects.get()
    entries = ChangeLogEntry.objects.count()
    again = watch.post(f"/incidents/{incident.pk}/edit/", mine, follow=True)
    assert first["Location"] == f"/conflicts/{conflict.pk}/"
    assert again.redirect_chain[0][0] == f"/conflicts/{conflict.pk}/"
    assert b"Already received" not in again.content
    assert EditConflict.objects.count() == 1 and ChangeLogEntry.objects.count() == entries
    # Once resolved (or for an edit that was saved), a retry says it was received.
    EditConflict.objects.filter(pk=conflict.pk).update(state="resolved")
    later = watch.post(f"/incidents/{incident.pk}/edit/", mine, follow=True)
    assert later.redirect_chain[0][0] == f"/incidents/{incident.pk}/" and b"Already received" in later.content
