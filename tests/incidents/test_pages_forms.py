"""Reporting and editing incidents through the web forms: who may, what a mistake looks like, what is saved."""

import datetime as dt

import pytest
from lxml import html

from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from tests.factories import incident_data


def sign_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def report(**overrides) -> dict:
    """What an officer submits: a stone-throwing with one civilian injured, an actor and a graded source."""
    values = {
        "title": "Stones thrown at a bus on the main road",
        "description": "A bus from Zvečan was hit; one passenger injured.",
        "occurred_start": "2026-03-02T07:45", "occurred_end": "2026-03-02T08:00", "time_precision": "minute",
        "lon": "20.8653", "lat": "42.9089", "location_name": "Zvečan road", "location_precision": "exact",
        "category": "mission/inter-ethnic", "status": "reported", "classification": "CONFIDENTIAL",
        "releasable_to": ["KFOR"],
        "cas-civilians-injured_low": "1", "cas-civilians-injured_best": "1", "cas-civilians-injured_high": "2",
        **management("actor", 3), "actor-0-name": "Youths", "actor-0-role": "perpetrator",
        "actor-0-type": "protesters", "actor-1-role": "perpetrator", "actor-1-type": "unknown",
        "actor-2-role": "perpetrator", "actor-2-type": "unknown",
        **management("source", 2), "source-0-type": "police", "source-0-reference": "KP report 112",
        "source-0-reliability": "B", "source-0-credibility": "2",
        "source-1-type": "other", "source-1-reliability": "F", "source-1-credibility": "6",
    }
    values.update(overrides)
    return values


def page_of(response):
    return html.fromstring(response.content.decode())


def errors_next_to(page, name: str) -> str:
    """The error text shown in the field group of `name` (the label, the messages and the input together)."""
    group = page.get_element_by_id(f"field-{name}")
    return " ".join(" ".join(ul.text_content().split()) for ul in group.xpath(".//ul[contains(@class,'errorlist')]"))


def value_of(page, name: str) -> str:
    element = page.xpath(f"//*[@name='{name}']")[0]
    return element.text_content() if element.tag == "textarea" else element.get("value")


CREATE = "/incidents/new/"


@pytest.fixture
def watch(client, people):
    return sign_in(client, people["watch"])


def test_viewer_may_not_report(client, people):
    assert sign_in(client, people["viewer"]).get(CREATE).status_code == 403
    assert client.post(CREATE, report()).status_code == 403
    assert not Incident.objects.exists()


def test_report_form_offers_the_missions_categories_and_organisations(watch):
    page = page_of(watch.get(CREATE))
    categories = page.xpath("//select[@name='category']/option/@value")
    assert "mission/inter-ethnic" in categories and "acled/protests/peaceful-protest" in categories
    assert sorted(page.xpath("//input[@name='releasable_to']/@value")) == ["KFOR", "OSCE", "UNMIK"]


def test_valid_report_is_written_through_the_service_and_opens_the_detail_page(watch, people, mission):
    response = watch.post(CREATE, report())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.title == "Stones thrown at a bus on the main road"
    assert incident.occurred_start == dt.datetime(2026, 3, 2, 7, 45, tzinfo=dt.UTC)
    assert (incident.lon, incident.lat) == (20.8653, 42.9089)
    assert incident.category.path == "mission/inter-ethnic"
    assert incident.owner.code == "UNMIK" and incident.created_by == people["watch"]
    assert incident.releasability_label() == "CONFIDENTIAL - releasable to UNMIK, KFOR"
    assert (incident.injured_low, incident.injured_best, incident.injured_high) == (1, 1, 2)
    assert [(a.actor.name, a.role) for a in incident.actor_links.all()] == [("Youths", "perpetrator")]
    # The untouched second source row is not saved.
    assert [(s.reference, s.reliability, s.credibility) for s in incident.sources.all()] == [("KP report 112", "B", "2")]
    entry = ChangeLogEntry.objects.get(object_type="incidents.incident", object_id=str(incident.pk))
    assert entry.action == "create" and entry.actor == people["watch"]
    detail = watch.get(response["Location"])
    assert "Stones thrown at a bus on the main road" in detail.content.decode()


@pytest.mark.parametrize("overrides, field, message", [
    ({"lat": "123"}, "lat", "Ensure this value is less than or equal to 90."),
    ({"occurred_end": "2026-03-02T06:00"}, "occurred_end", "The end is before the start."),
    ({"title": ""}, "title", "This field is required."),
    ({"occurred_start": "yesterday"}, "occurred_start", "Enter a valid date/time."),
])
def test_mistake_is_shown_next_to_its_field_and_nothing_typed_is_lost(watch, overrides, field, message):
    response = watch.post(CREATE, report(**overrides))
    assert response.status_code == 200
    assert not Incident.objects.exists()
    page = page_of(response)
    assert errors_next_to(page, field) == message
    others = {"title", "lat", "occurred_end", "description", "location_name"} - {field}
    for name in others:
        expected = report(**overrides)[name]
        assert value_of(page, name).strip() == expected
    assert value_of(page, "actor-0-name") == "Youths"
    assert value_of(page, "source-0-reference") == "KP report 112"
    assert value_of(page, "cas-civilians-injured_high") == "2"
    assert page.xpath("//select[@name='category']/option[@selected]/@value") == ["mission/inter-ethnic"]
    assert page.xpath("//input[@name='releasable_to'][@checked]/@value") == ["KFOR"]


def test_domain_rule_broken_in_a_casualty_row_is_shown_in_that_row(watch):
    response = watch.post(CREATE, report(**{"cas-civilians-killed_low": "3", "cas-civilians-killed_best": "1"}))
    assert response.status_code == 200 and not Incident.objects.exists()
    page = page_of(response)
    row_errors = [" ".join(li.text_content().split())
                  for li in page.get_element_by_id("casualty-errors-civilians").iter("li")]
    assert row_errors == ["Killed, Civilians: the low estimate (3) is more than the best estimate (1).",
                          "Killed, Civilians: the best estimate (1) is more than the high estimate (0)."]


def test_every_casualty_mistake_is_shown_at_once_in_plain_words(watch):
    response = watch.post(CREATE, report(**{
        "cas-civilians-killed_low": "5", "cas-civilians-killed_best": "2", "cas-civilians-killed_high": "0",
        "cas-civilians-injured_low": "1", "cas-civilians-injured_best": "4", "cas-civilians-injured_high": "3",
        "cas-un_personnel-killed_low": "0", "cas-un_personnel-killed_best": "2", "cas-un_personnel-killed_high": "1",
    }))
    assert response.status_code == 200 and not Incident.objects.exists()
    page = page_of(response)

    def row_errors(group):
        return [" ".join(li.text_content().split())
                for li in page.get_element_by_id(f"casualty-errors-{group}").iter("li")]

    assert row_errors("civilians") == [
        "Killed, Civilians: the low estimate (5) is more than the best estimate (2).",
        "Killed, Civilians: the best estimate (2) is more than the high estimate (0).",
        "Injured, Civilians: the best estimate (4) is more than the high estimate (3).",
    ]
    assert row_errors("un_personnel") == [
        "Killed, UN personnel: the best estimate (2) is more than the high estimate (1).",
    ]
    assert "<=" not in response.content.decode()
    assert value_of(page, "cas-civilians-killed_low") == "5"  # nothing typed is lost


@pytest.fixture
def reported(mission, people):
    return create_incident(acting_user=people["watch"], mission=mission,
                           data=incident_data(location_name="Ibar bridge", description="First account."))


def edit_form_values(client, incident) -> dict:
    """The edit form's current values, as a browser would submit them unchanged."""
    page = page_of(client.get(f"/incidents/{incident.pk}/edit/"))
    values: dict = {}
    for element in page.xpath("//form[@id='incident-form']//*[@name]"):
        name = element.get("name")
        if name in ("csrfmiddlewaretoken", "place_q"):
            continue
        if element.tag == "select":
            selected = element.xpath("./option[@selected]/@value") or element.xpath("./option[1]/@value")
            values[name] = selected[0] if selected else ""
        elif element.tag == "textarea":
            values[name] = element.text_content().strip()
        elif element.get("type") == "checkbox":
            if element.get("checked") is not None:
                values.setdefault(name, []).append(element.get("value"))
        else:
            values[name] = element.get("value") or ""
    return values


def test_edit_with_reason_shows_in_history(client, people, reported):
    watch = sign_in(client, people["watch"])
    values = edit_form_values(watch, reported)
    assert values["title"] == reported.title and values["location_name"] == "Ibar bridge"
    values.update(status="verified", description="Confirmed by a KFOR patrol.", reason="KFOR confirmation")
    response = watch.post(f"/incidents/{reported.pk}/edit/", values)
    assert response.status_code == 302 and response["Location"] == f"/incidents/{reported.pk}/"
    reported.refresh_from_db()
    assert reported.status == "verified" and reported.description == "Confirmed by a KFOR patrol."
    entry = ChangeLogEntry.objects.filter(object_id=str(reported.pk), action="update").get()
    assert entry.reason == "KFOR confirmation" and entry.actor == people["watch"]
    detail = page_of(watch.get(response["Location"]))
    last = detail.xpath("//li[@class='history-entry']")[-1]
    text = " ".join(last.text_content().split())
    assert "Updated by watch" in text and "Reason: KFOR confirmation" in text
    changed = {row[0].text_content() for row in last.xpath(".//tbody/tr")}
    assert changed == {"Status", "Description"}


def test_saving_an_unchanged_edit_writes_nothing(client, people, reported):
    watch = sign_in(client, people["watch"])
    response = watch.post(f"/incidents/{reported.pk}/edit/", edit_form_values(watch, reported))
    assert response.status_code == 302
    assert ChangeLogEntry.objects.filter(object_id=str(reported.pk)).count() == 1


@pytest.mark.parametrize("username, status", [("viewer", 403), ("kfor", 403), ("reporter", 200), ("admin", 200)])
def test_who_may_open_the_edit_form(client, people, reported, username, status):
    assert sign_in(client, people[username]).get(f"/incidents/{reported.pk}/edit/").status_code == status


def test_refused_edit_changes_nothing(client, people, reported):
    response = sign_in(client, people["viewer"]).post(f"/incidents/{reported.pk}/edit/", {"title": "x"})
    assert response.status_code == 403
    reported.refresh_from_db()
    assert reported.title == "Stone-throwing at a bus near the bridge"
