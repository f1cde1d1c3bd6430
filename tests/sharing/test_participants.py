"""Only organisations taking part in the mission are offered or accepted by the sharing controls: the Share
panel and its release, the API's release, sharing groups and agreements. OCHA and MINUSCA take part in
MINUSCA only; releasing UNMIK's incident to them is refused with the field named, and nothing is marked
releasable to an organisation that could never see it. Who manages groups and agreements is a permission
(mission.administer), not a role name."""

import pytest

from peaceops.core.choices import OrganisationType, Role
from peaceops.core.models import RolePermission
from peaceops.core.permissions import Permission
from peaceops.incidents.models import IncidentRelease
from peaceops.sharing.models import OrganisationGroup, SharingAgreement
from tests.factories import MissionFactory, OrganisationFactory, member

from .conftest import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(db):
    """MINUSCA with its own component and OCHA, both taking part in MINUSCA only."""
    minusca = MissionFactory(code="MINUSCA")
    orgs = {code: OrganisationFactory(code=code, type=kind) for code, kind in
            [("MINUSCA", OrganisationType.UN_COMPONENT), ("OCHA", OrganisationType.UN_AGENCY)]}
    member(minusca, orgs["OCHA"], Role.VIEWER, username="ocha-viewer")
    member(minusca, orgs["MINUSCA"], Role.VIEWER, username="minusca-viewer")
    return orgs


def options(html: str, name: str) -> str:
    return html.split(f'name="{name}"')[1].split("</select>")[0]


def test_the_share_panel_offers_only_participants(confidential, people, orgs, elsewhere, client_as):
    html = client_as(people["watch"]).get(f"/sharing/incidents/{confidential.pk}/").content.decode()
    offered = options(html, "target")
    assert f'value="org:{orgs["KFOR"].pk}"' in offered and f'value="org:{orgs["OSCE"].pk}"' in offered
    for org in elsewhere.values():
        assert f'value="org:{org.pk}"' not in offered, org.code


def test_releasing_to_an_organisation_outside_the_mission_is_refused_on_the_page(confidential, people,
                                                                                  elsewhere, client_as):
    answer = client_as(people["watch"]).post(f"/sharing/incidents/{confidential.pk}/",
                                             {"target": f"org:{elsewhere['OCHA'].pk}"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422
    assert not IncidentRelease.objects.filter(incident=confidential).exists()
    assert "OCHA" not in answer.content.decode().split("share-form")[0]


def test_releasing_to_an_organisation_outside_the_mission_is_refused_on_the_api(confidential, people, elsewhere,
                                                                               token_client):
    client = token_client("watch")
    answer = client.post(f"{API}/{confidential.pk}/releases", {"organisation": "OCHA"},
                         content_type="application/json")
    assert answer.status_code == 422
    assert "organisation" in answer.content.decode() and "OCHA" in answer.content.decode()
    assert not IncidentRelease.objects.filter(incident=confidential).exists()
    assert client.post(f"{API}/{confidential.pk}/releases", {"organisation": "KFOR"},
                       content_type="application/json").status_code == 201


def test_once_a_superuser_enrols_an_organisation_it_is_offered_and_accepted(confidential, mission, people,
                                                                             elsewhere, token_client):
    from peaceops.core.services import enrol_organisation

    enrol_organisation(mission=mission, organisation=elsewhere["OCHA"])
    answer = token_client("watch").post(f"{API}/{confidential.pk}/releases", {"organisation": "OCHA"},
                                        content_type="application/json")
    assert answer.status_code == 201
    assert [r["organisation"] for r in answer.json()["releases"]] == ["OCHA"]


def test_groups_accept_only_participants(mission, people, orgs, elsewhere, client_as):
    admin = client_as(people["admin"])
    page = admin.get("/sharing/").content.decode()
    boxes = [part.split(">")[0] for part in page.split('name="members" value="')[1:]]
    assert str(orgs["KFOR"].pk) in {b.split('"')[0] for b in boxes}
    assert str(elsewhere["OCHA"].pk) not in {b.split('"')[0] for b in boxes}
    answer = admin.post("/sharing/", {"action": "add-group", "name": "Humanitarians",
                                      "members": [orgs["KFOR"].pk, elsewhere["OCHA"].pk]})
    assert answer.status_code == 422
    assert not OrganisationGroup.objects.filter(name="Humanitarians").exists()


def test_agreements_accept_only_participants(mission, people, orgs, elsewhere, client_as):
    admin = client_as(people["admin"])
    for owner, partner in ((orgs["UNMIK"], elsewhere["OCHA"]), (elsewhere["MINUSCA"], orgs["KFOR"])):
        answer = admin.post("/sharing/", {"action": "add-agreement", "owner": owner.pk,
                                          "partner": f"org:{partner.pk}", "classifications": ["CONFIDENTIAL"]})
        assert answer.status_code == 422
    assert not SharingAgreement.objects.exists()


def test_managing_sharing_is_the_mission_administer_permission(mission, people, orgs, client_as):
    """A role given mission.administer manages groups; the mission administrator role without it does not."""
    RolePermission.objects.create(role=Role.ANALYST, permission=Permission.MISSION_ADMINISTER)
    RolePermission.objects.filter(role=Role.MISSION_ADMIN, permission=Permission.MISSION_ADMINISTER).delete()
    analyst = member(mission, orgs["UNMIK"], Role.ANALYST, username="analyst")
    assert client_as(analyst).post("/sharing/", {"action": "add-group", "name": "Partners",
                                                 "members": [orgs["KFOR"].pk]}).status_code == 302
    assert client_as(people["admin"]).get("/sharing/").status_code == 403
