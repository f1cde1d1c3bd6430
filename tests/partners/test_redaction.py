"""Field-level redaction: a partner reading an incident it does not own receives it without its sources'
references, its witnesses and its victims' names, in the API, on the page, in its history and in every export;
the owner reads it whole; a release scope that includes sources gives them to the partner."""

import io
import json

import pytest
from django.core.management import call_command

from peaceops.core.services import PermissionDenied
from peaceops.incidents.services import update_incident
from peaceops.partners.services import set_release_scope

from .conftest import KFOR_NAMED, SECRET_SOURCE, VICTIM, WITNESS

API = "/api/v1/incidents"


def _export(fmt: str, username: str) -> str:
    out = io.StringIO()
    call_command("export_incidents", "--format", fmt, "--user", username, "-o", "-", "--mission", "UNMIK",
                 stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_kfor_reads_a_released_incident_without_sources_witnesses_or_victims_names(shared, people, token_client):
    answer = token_client(people["kfor"]).get(f"{API}/{shared['released'].pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert SECRET_SOURCE not in answer.content.decode() and WITNESS not in answer.content.decode()
    assert VICTIM not in answer.content.decode()
    assert [s["reference"] for s in body["sources"]] == [""]
    assert [s["reliability"] + s["credibility"] for s in body["sources"]] == ["B2"]  # the grading stays
    assert sorted((a["name"], a["role"]) for a in body["actors"]) == [
        ("Unknown youths", "perpetrator"), ("withheld", "victim")]
    assert body["withheld"] == ["source_references", "witnesses", "victim_names"]


def test_the_owner_reads_it_whole(shared, people, token_client):
    body = token_client(people["viewer"]).get(f"{API}/{shared['released'].pk}").json()
    assert [s["reference"] for s in body["sources"]] == [SECRET_SOURCE]
    assert {a["name"] for a in body["actors"]} == {"Unknown youths", WITNESS, VICTIM}
    assert body["withheld"] == []


def test_kfor_reads_its_own_incident_whole_and_unmik_reads_it_redacted_once_released(
        shared, people, token_client):
    own = shared["kfor_own"]
    text = token_client(people["kfor"]).get(f"{API}/{own.pk}").content.decode()
    assert all(name in text for name in KFOR_NAMED)
    assert token_client(people["watch"]).get(f"{API}/{own.pk}").status_code == 404
    update_incident(own, acting_user=people["kfor"], changes={"releasable_to": ["UNMIK"]})
    text = token_client(people["watch"]).get(f"{API}/{own.pk}").content.decode()
    assert "KFOR own patrol report" in text and not any(name in text for name in KFOR_NAMED)
    # The mission administrator administers the mission's data (may edit it) and reads it whole.
    text = token_client(people["admin"]).get(f"{API}/{own.pk}").content.decode()
    assert all(name in text for name in KFOR_NAMED)


def test_a_public_incident_is_redacted_for_partners_too(shared, people, token_client):
    text = token_client(people["osce"]).get(f"{API}/{shared['public'].pk}").content.decode()
    assert "Public roadblock" in text and SECRET_SOURCE not in text


def test_a_release_including_sources_gives_them_to_that_partner_only(shared, people, orgs, token_client):
    incident = shared["public"]
    answer = token_client(people["watch"]).put(
        f"/api/v1/partners/KFOR/release-scope/{incident.pk}",
        data=json.dumps({"include_sources": True, "reason": "agreed with KFOR J2"}),
        content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"incident_id": str(incident.pk), "organisation": "KFOR", "include_sources": True}
    kfor = token_client(people["kfor"]).get(f"{API}/{incident.pk}").json()
    assert [s["reference"] for s in kfor["sources"]] == [SECRET_SOURCE]
    assert {a["name"] for a in kfor["actors"]} == {"Unknown youths", WITNESS, VICTIM}
    osce = token_client(people["osce"]).get(f"{API}/{incident.pk}").content.decode()
    assert SECRET_SOURCE not in osce
    # ... and taking it back withholds them again
    set_release_scope(incident, orgs["KFOR"], include_sources=False, acting_user=people["watch"])
    assert SECRET_SOURCE not in token_client(people["kfor"]).get(f"{API}/{incident.pk}").content.decode()


def test_only_who_may_edit_the_incident_sets_its_release_scope(shared, people, orgs, token_client):
    answer = token_client(people["kfor"]).put(
        f"/api/v1/partners/KFOR/release-scope/{shared['released'].pk}",
        data=json.dumps({"include_sources": True}), content_type="application/json")
    assert answer.status_code == 403
    with pytest.raises(PermissionDenied):
        set_release_scope(shared["released"], orgs["KFOR"], include_sources=True, acting_user=people["viewer"])


def test_release_scope_changes_are_in_the_change_log(shared, people, orgs):
    from peaceops.core.models import ChangeLogEntry

    set_release_scope(shared["released"], orgs["KFOR"], include_sources=True, acting_user=people["watch"],
                      reason="J2 asked")
    set_release_scope(shared["released"], orgs["KFOR"], include_sources=True, acting_user=people["watch"])
    entries = ChangeLogEntry.objects.filter(object_type="partners.releasescope")
    assert [(e.action, e.after["include_sources"], e.reason, e.actor_name) for e in entries] == [
        ("create", True, "J2 asked", "watch")]


def test_the_incident_page_withholds_them_from_kfor(shared, people, signed_in):
    url = f"/incidents/{shared['released'].pk}/"
    kfor = signed_in(people["kfor"]).get(url).content.decode()
    assert "Confidential released to KFOR" in kfor
    assert SECRET_SOURCE not in kfor and WITNESS not in kfor and VICTIM not in kfor
    assert 'id="sources-withheld"' in kfor
    owner = signed_in(people["viewer"]).get(url).content.decode()
    assert SECRET_SOURCE in owner and WITNESS in owner and 'id="sources-withheld"' not in owner


def test_the_change_history_withholds_them_too(shared, people, signed_in, token_client):
    incident = shared["released"]
    update_incident(incident, acting_user=people["watch"], changes={"sources": [], "actors": []},
                    reason="sources moved to the protected file")
    page = signed_in(people["kfor"]).get(f"/incidents/{incident.pk}/").content.decode()
    assert "sources moved to the protected file" in page
    assert SECRET_SOURCE not in page and WITNESS not in page and VICTIM not in page
    history = token_client(people["kfor"]).get(f"{API}/{incident.pk}/history").content.decode()
    assert "sources moved" in history and SECRET_SOURCE not in history and WITNESS not in history
    assert SECRET_SOURCE in token_client(people["viewer"]).get(f"{API}/{incident.pk}/history").content.decode()


@pytest.mark.parametrize("fmt", ["csv", "geojson", "hxl", "ucdp-ged"])
def test_exports_withhold_them_from_kfor(shared, people, fmt):
    text = _export(fmt, "kfor")
    assert "Confidential released to KFOR" in text
    assert SECRET_SOURCE not in text and WITNESS not in text and VICTIM not in text
    # its own report is exported whole (GED has no witness column)
    assert KFOR_NAMED[0] in text and KFOR_NAMED[2] in text


@pytest.mark.parametrize("fmt", ["csv", "geojson", "hxl", "ucdp-ged"])
def test_exports_give_the_owner_everything(shared, people, fmt):
    text = _export(fmt, "viewer")
    assert SECRET_SOURCE in text and VICTIM in text


def test_csv_export_of_kfor_keeps_its_own_sources(shared, people):
    lines = [line for line in _export("csv", "kfor").splitlines() if "KFOR own patrol report" in line]
    assert len(lines) == 1 and all(name in lines[0] for name in KFOR_NAMED)


def test_export_with_sources_released_to_kfor(shared, people, orgs):
    set_release_scope(shared["released"], orgs["KFOR"], include_sources=True, acting_user=people["watch"])
    lines = [line for line in _export("csv", "kfor").splitlines() if "Confidential released to KFOR" in line]
    assert len(lines) == 1 and SECRET_SOURCE in lines[0] and VICTIM in lines[0]


def test_the_incident_page_form_releases_sources_to_a_partner(shared, people, signed_in):
    incident = shared["released"]
    watch = signed_in(people["watch"])
    page = watch.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'name="sources_KFOR"' in page and 'name="sources_OSCE"' not in page
    answer = watch.post(f"/partners/release-scope/{incident.pk}/", {"sources_KFOR": "on", "reason": "J2 request"})
    assert answer.status_code == 302 and answer["Location"] == f"/incidents/{incident.pk}/"
    assert SECRET_SOURCE in signed_in(people["kfor"]).get(f"/incidents/{incident.pk}/").content.decode()
    watch = signed_in(people["watch"])
    watch.post(f"/partners/release-scope/{incident.pk}/", {})
    assert SECRET_SOURCE not in signed_in(people["kfor"]).get(f"/incidents/{incident.pk}/").content.decode()


def test_a_partner_cannot_use_the_form(shared, people, signed_in):
    kfor = signed_in(people["kfor"])
    incident = shared["released"]
    assert 'id="release-scope"' not in kfor.get(f"/incidents/{incident.pk}/").content.decode()
    assert kfor.post(f"/partners/release-scope/{incident.pk}/", {"sources_KFOR": "on"}).status_code == 403
    assert SECRET_SOURCE not in kfor.get(f"/incidents/{incident.pk}/").content.decode()


def test_the_actor_filter_does_not_reveal_withheld_names(shared, people, orgs, token_client):
    def found(user, name):
        answer = token_client(user).get(API, {"mission": "UNMIK", "actor": name})
        assert answer.status_code == 200
        return {item["title"] for item in answer.json()["items"]}

    assert "Confidential released to KFOR" in found(people["kfor"], "Unknown youths")  # a perpetrator: shared
    assert found(people["kfor"], WITNESS) == set()
    assert found(people["kfor"], VICTIM) == set()
    assert found(people["viewer"], WITNESS) >= {"Confidential released to KFOR", "Public roadblock"}
    set_release_scope(shared["released"], orgs["KFOR"], include_sources=True, acting_user=people["watch"])
    assert found(people["kfor"], WITNESS) == {"Confidential released to KFOR"}
    export = io.StringIO()
    call_command("export_incidents", "--user", "osce", "--actor", WITNESS, "-o", "-", stdout=export,
                 stderr=io.StringIO())
    assert export.getvalue().count("\n") == 1  # the header only
