"""Sharing agreements: an owner's new incidents of the agreed classifications, categories (with descendants)
and admin areas are released to the partner by default, whichever way they are created (form, API, import),
with the agreement's default expiry; only mission administrators manage agreements and groups."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.incidents.models import Category, Incident, IncidentRelease
from peaceops.incidents.services import create_incident, update_incident
from peaceops.incidents.versions import show_first_versions
from peaceops.sharing.models import OrganisationGroup, SharingAgreement
from peaceops.sharing.services import SharingError, create_agreement, create_group, set_agreement_active
from tests.factories import incident_data
from tests.incidents.test_tallies import assert_tallies_right

from .conftest import API, START, titles

pytestmark = pytest.mark.django_db
PRISTINA = {"lon": 21.17, "lat": 42.65}


@pytest.fixture
def agreement(mission, people, orgs, areas):
    """UNMIK releases its CONFIDENTIAL mission incidents in Mitrovicë e Veriut to KFOR, for 7 days."""
    return create_agreement(acting_user=people["admin"], mission=mission, owner=orgs["UNMIK"], partner=orgs["KFOR"],
                            classifications=["CONFIDENTIAL"],
                            categories=[Category.objects.get(mission=mission, path="mission")],
                            admin_areas=[areas["north"]], default_expiry_days=7)


def released(incident) -> list[tuple]:
    return [(r.organisation.code, r.expires_at, r.via_group)
            for r in IncidentRelease.objects.filter(incident=incident).order_by("organisation__code")]


def report(people, mission, who="watch", **fields):
    return create_incident(acting_user=people[who], mission=mission,
                           data=incident_data(**{"classification": "CONFIDENTIAL", **fields}))


@pytest.mark.parametrize("fields, expected", [
    ({}, True),  # CONFIDENTIAL, mission/inter-ethnic (below "mission"), in the municipality
    ({"category_path": "mission/crime"}, True),
    ({"category_path": "acled/riots"}, False),  # another branch
    ({"classification": "STRICTLY_CONFIDENTIAL"}, False),
    ({"classification": "PUBLIC"}, False),
    (PRISTINA, False),  # another municipality
])
def test_an_agreement_releases_matching_new_incidents_with_its_default_expiry(clock, agreement, mission, people,
                                                                              fields, expected):
    incident = report(people, mission, **{"classification": "CONFIDENTIAL", **fields})
    if expected:
        assert released(incident) == [("KFOR", START + dt.timedelta(days=7), f"agreement {agreement.pk}")]
        entry = ChangeLogEntry.objects.get(object_id=str(incident.pk))
        assert entry.after["releasable_to"] == ["KFOR"]  # the creation entry shows the default release
    else:
        assert released(incident) == []
    assert_tallies_right()


def test_only_the_owners_agreements_apply_and_only_while_active(agreement, mission, people):
    assert released(report(people, mission, who="kfor")) == []  # KFOR's own incident: UNMIK's agreement
    set_agreement_active(agreement, acting_user=people["admin"], active=False)
    assert released(report(people, mission)) == []
    set_agreement_active(agreement, acting_user=people["admin"], active=True)
    assert [r[0] for r in released(report(people, mission))] == ["KFOR"]


def test_agreements_apply_on_creation_not_on_later_edits(agreement, mission, people):
    incident = report(people, mission, classification="STRICTLY_CONFIDENTIAL")
    update_incident(incident, acting_user=people["watch"], changes={"classification": "CONFIDENTIAL"})
    assert released(incident) == []


def test_an_agreement_with_a_group_releases_to_its_members(clock, mission, people, orgs, areas):
    group = create_group(acting_user=people["admin"], mission=mission, name="UN family",
                         members=[orgs["OSCE"], orgs["KFOR"]])
    create_agreement(acting_user=people["admin"], mission=mission, owner=orgs["UNMIK"], partner_group=group,
                     classifications=["CONFIDENTIAL", "STRICTLY_CONFIDENTIAL"])
    incident = report(people, mission, classification="STRICTLY_CONFIDENTIAL")
    assert [(code, expires) for code, expires, _ in released(incident)] == [("KFOR", None), ("OSCE", None)]
    assert all(via.startswith("UN family") for _, _, via in released(incident))


def test_an_incident_created_through_the_api_gets_the_default_release(agreement, people, token_client):
    body = {"mission": "UNMIK", "title": "API roadblock", "occurred_start": "2026-03-02T10:00:00Z",
            "lon": 20.8671, "lat": 42.8914, "category": "mission/freedom-of-movement",
            "classification": "CONFIDENTIAL"}
    answer = token_client("watch").post(API, body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["releasable_to"] == ["KFOR"]
    assert "API roadblock" in titles(token_client("kfor").get(API))


def test_imported_incidents_get_the_default_releases_with_expiry(clock, agreement, mission, people, tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(
        "id,title,occurred_start,lon,lat,category,classification,releasable_to\n"
        "f-1,Imported roadblock,2026-03-03T10:00:00Z,20.8671,42.8914,mission/crime,CONFIDENTIAL,\n"
        "f-2,Imported and named,2026-03-03T11:00:00Z,20.8671,42.8914,mission/crime,CONFIDENTIAL,OSCE\n"
        "f-3,Imported elsewhere,2026-03-03T12:00:00Z,21.17,42.65,mission/crime,CONFIDENTIAL,\n")
    call_command("import_incidents", str(path), "--format", "csv", "--user", "watch", "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())
    by_title = {i.title: i for i in Incident.objects.all()}
    until = START + dt.timedelta(days=7)
    assert released(by_title["Imported roadblock"]) == [("KFOR", until, f"agreement {agreement.pk}")]
    assert released(by_title["Imported and named"]) == [("KFOR", until, f"agreement {agreement.pk}"),
                                                        ("OSCE", None, None)]
    assert released(by_title["Imported elsewhere"]) == []
    entry = ChangeLogEntry.objects.get(object_id=str(by_title["Imported roadblock"].pk))
    assert entry.after is None  # an import's creation entry carries no snapshot; its first version is the row
    show_first_versions([entry])  # as the history shows it
    assert entry.after["releasable_to"] == ["KFOR"]
    assert entry.after["release_expiry"] == {"KFOR": until.astimezone(dt.UTC).isoformat()}
    assert_tallies_right()
    # Re-importing the same file changes nothing: the default release (and its expiry) stays.
    call_command("import_incidents", str(path), "--format", "csv", "--user", "watch", "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert released(by_title["Imported roadblock"])[0][1] == until
    clock.advance(days=8)
    assert "Imported roadblock" not in set(Incident.objects.visible_to(people["kfor"]).values_list("title", flat=True))


def test_a_reimport_that_changes_an_incident_keeps_the_expiry_of_releases_it_keeps(clock, mission, people, orgs,
                                                                                    tmp_path):
    from peaceops.sharing.services import release_incident

    path = tmp_path / "incidents.csv"
    path.write_text("id,title,occurred_start,lon,lat,classification,releasable_to\n"
                    "f-9,First title,2026-03-03T10:00:00Z,20.8671,42.8914,CONFIDENTIAL,KFOR\n")
    run = ("import_incidents", str(path), "--format", "csv", "--user", "watch", "--no-progress")
    call_command(*run, stdout=io.StringIO(), stderr=io.StringIO())
    incident = Incident.objects.get(external_id="f-9")
    release_incident(incident, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=START + dt.timedelta(days=1))
    path.write_text("id,title,occurred_start,lon,lat,classification,releasable_to\n"
                    "f-9,Second title,2026-03-03T10:00:00Z,20.8671,42.8914,CONFIDENTIAL,KFOR\n")
    call_command(*run, stdout=io.StringIO(), stderr=io.StringIO())
    assert Incident.objects.get(pk=incident.pk).title == "Second title"
    assert released(incident)[0][:2] == ("KFOR", START + dt.timedelta(days=1))
    assert_tallies_right()


@pytest.mark.parametrize("who", ["watch", "reporter", "viewer", "kfor"])
def test_only_mission_administrators_manage_groups_and_agreements(mission, people, orgs, who, client_as):
    with pytest.raises(PermissionDenied):
        create_group(acting_user=people[who], mission=mission, name="Mine", members=[orgs["KFOR"]])
    with pytest.raises(PermissionDenied):
        create_agreement(acting_user=people[who], mission=mission, owner=orgs["UNMIK"], partner=orgs["KFOR"],
                         classifications=["CONFIDENTIAL"])
    assert client_as(people[who]).get("/sharing/").status_code == 403


def test_agreement_input_is_checked(mission, people, orgs):
    cases = [dict(partner=orgs["KFOR"], classifications=[]), dict(classifications=["CONFIDENTIAL"]),
             dict(partner=orgs["KFOR"], classifications=["PUBLIC"]),
             dict(partner=orgs["UNMIK"], classifications=["CONFIDENTIAL"]),
             dict(partner=orgs["KFOR"], classifications=["CONFIDENTIAL"], default_expiry_days=0)]
    for case in cases:
        with pytest.raises(SharingError):
            create_agreement(acting_user=people["admin"], mission=mission, owner=orgs["UNMIK"], **case)
    assert not SharingAgreement.objects.exists()


def test_the_administrator_manages_groups_and_agreements_on_the_sharing_page(mission, people, orgs, areas,
                                                                            client_as):
    admin = client_as(people["admin"])
    assert admin.get("/sharing/").status_code == 200
    answer = admin.post("/sharing/", {"action": "add-group", "name": "Mission partners",
                                      "members": [orgs["KFOR"].pk, orgs["OSCE"].pk]})
    assert answer.status_code == 302
    group = OrganisationGroup.objects.get(mission=mission, name="Mission partners")
    assert sorted(o.code for o in group.members.all()) == ["KFOR", "OSCE"]
    answer = admin.post("/sharing/", {
        "action": "add-agreement", "owner": orgs["UNMIK"].pk, "partner": f"group:{group.pk}",
        "classifications": ["CONFIDENTIAL"], "admin_areas": [areas["north"].pk], "default_expiry_days": "30"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    agreement = SharingAgreement.objects.get()
    assert agreement.partner_group == group and agreement.default_expiry_days == 30
    page = admin.get("/sharing/").content.decode()
    assert "Mission partners" in page and "Mitrovicë e Veriut" in page
    assert admin.post("/sharing/", {"action": "delete-group", "group": group.pk}).status_code == 422  # in use
    admin.post("/sharing/", {"action": "suspend-agreement", "agreement": agreement.pk})
    assert not SharingAgreement.objects.get().active
    admin.post("/sharing/", {"action": "delete-agreement", "agreement": agreement.pk})
    admin.post("/sharing/", {"action": "delete-group", "group": group.pk})
    assert not OrganisationGroup.objects.exists() and not SharingAgreement.objects.exists()
    logged = list(ChangeLogEntry.objects.filter(object_type__startswith="sharing.").values_list("object_type",
                                                                                                  "action"))
    assert logged == [("sharing.organisationgroup", "create"), ("sharing.sharingagreement", "create"),
                      ("sharing.sharingagreement", "update"), ("sharing.sharingagreement", "delete"),
                      ("sharing.organisationgroup", "delete")]
