"""The Access explained page: who may open it, its counts (held to visible_to), and the why-not answer for one
incident in every classification case (held to visible_to and can_edit/can_delete)."""

import re

import pytest
from django.test import Client

from peaceops.core.access import access_profile
from peaceops.core.choices import Classification, Role
from peaceops.core.explain import record_access
from peaceops.core.models import RolePermission
from peaceops.core.permissions import Permission
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from tests.factories import UserFactory, incident_data, member

from .conftest import fresh

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def count_in(html: str, prefix: str) -> int:
    match = re.search(re.escape(prefix) + r"[^:<]*: ([\d,]+)", html)
    assert match, prefix
    return int(match.group(1).replace(",", ""))


def visible(user, mission, level) -> int:
    return Incident.objects.visible_to(fresh(user)).filter(mission=mission, classification=level).count()


def test_a_partner_sees_their_own_access_with_counts_from_visible_to(people, mission, records):
    html = signed_in(people["kfor"]).get("/access/").content.decode()
    assert "Access explained: kfor" in html
    assert "KFOR: Reporter" in html
    assert count_in(html, "PUBLIC incidents of UNMIK") == visible(people["kfor"], mission, "PUBLIC") == 1
    assert "CONFIDENTIAL incidents of UNMIK owned by or released to KFOR" in html
    assert count_in(html, "CONFIDENTIAL incidents of UNMIK") == visible(people["kfor"], mission, "CONFIDENTIAL") == 1
    assert "STRICTLY CONFIDENTIAL: none, because no role gives incidents.incident.view_strictly_confidential" in html
    assert "Can report incidents on behalf of KFOR (incidents.incident.add from reporter)" in html
    assert "Cannot delete incidents: no role gives incidents.incident.delete_own_org" in html
    assert "Cannot grant or revoke roles: no role gives mission.manage_roles" in html


def test_the_permissions_table_names_the_roles_they_come_from(people, records):
    html = signed_in(people["sc"]).get("/access/sc/").content.decode()
    row = html.split("<code>incidents.incident.view_strictly_confidential</code>")[-1].split("</tr>")[0]
    assert "strictly_confidential_reader" in row
    view_row = html.split("<code>incidents.incident.view</code></td>")[-1].split("</tr>")[0]
    assert "strictly_confidential_reader" in view_row and "viewer" in view_row
    report_row = html.split("<code>incidents.incident.add</code></td>")[-1].split("</tr>")[0]
    assert "not held" in report_row
    assert count_in(html, "STRICTLY CONFIDENTIAL incidents of UNMIK") == visible(
        people["sc"], records["strict"].mission, Classification.STRICTLY_CONFIDENTIAL) == 2


def test_the_counts_follow_the_permission_table(people, mission, records):
    RolePermission.objects.filter(role=Role.VIEWER, permission=Permission.INCIDENT_VIEW).delete()
    html = signed_in(people["viewer"]).get("/access/").content.decode()
    assert "Incidents of UNMIK: none, because no role gives incidents.incident.view" in html
    assert visible(people["viewer"], mission, "PUBLIC") == 0


def test_an_administrator_sees_a_members_access_counted_among_what_they_see(people, mission, records):
    create_incident(acting_user=people["kfor"], mission=mission,
                    data=incident_data(title="KFOR only", classification="CONFIDENTIAL"))
    own = signed_in(people["kfor"]).get("/access/").content.decode()
    assert count_in(own, "CONFIDENTIAL incidents of UNMIK") == visible(people["kfor"], mission, "CONFIDENTIAL") == 2
    by_admin = signed_in(people["admin"]).get("/access/kfor/").content.decode()
    assert "Counted among the incidents you can see yourself" in by_admin
    both = (Incident.objects.visible_to(fresh(people["kfor"])).visible_to(fresh(people["admin"]))
            .filter(classification="CONFIDENTIAL").count())
    assert count_in(by_admin, "CONFIDENTIAL incidents of UNMIK") == both == 1


def test_who_may_open_whose_page(people, minusca):
    assert signed_in(people["viewer"]).get("/access/viewer/").status_code == 200
    assert signed_in(people["viewer"]).get("/access/kfor/").status_code == 404  # as for no such user
    assert signed_in(people["admin"]).get("/access/kfor/").status_code == 200
    assert signed_in(people["admin"]).get("/access/minusca-admin/").status_code == 404
    assert signed_in(minusca["admin"]).get("/access/kfor/").status_code == 404
    root = UserFactory(username="root", is_superuser=True)
    page = signed_in(root).get("/access/minusca-admin/")
    assert page.status_code == 200 and 'id="mission-MINUSCA"' in page.content.decode()
    assert "Superuser: may see and do everything" in signed_in(root).get("/access/").content.decode()


def test_an_administrator_sees_only_the_missions_they_administer(people, minusca, orgs):
    member(minusca["mission"], orgs["KFOR"], Role.VIEWER, username="kfor")
    html = signed_in(people["admin"]).get("/access/kfor/").content.decode()
    assert 'id="mission-UNMIK"' in html and 'id="mission-MINUSCA"' not in html
    assert 'id="mission-MINUSCA"' in signed_in(people["kfor"]).get("/access/").content.decode()


# --- why not: one incident ---------------------------------------------------------------------------------


@pytest.fixture
def kfor_sc(mission, orgs):
    return member(mission, orgs["KFOR"], Role.VIEWER, Role.STRICTLY_CONFIDENTIAL_READER, username="kfor-sc")


CASES = [
    # (who, record, may see, words in the rule)
    ("viewer", "public", True, "PUBLIC records of UNMIK are seen by every member with incidents.incident.view, from role viewer"),
    ("viewer", "conf_unmik", True, "CONFIDENTIAL, owned by UNMIK, one of their organisations in UNMIK"),
    ("viewer", "strict", False, "STRICTLY CONFIDENTIAL records need incidents.incident.view_strictly_confidential"),
    ("kfor", "conf_unmik", False, "CONFIDENTIAL, owned by UNMIK and released to no other organisation; none of "
                                  "these is one of their organisations in UNMIK (KFOR)"),
    ("kfor", "conf_kfor", True, "CONFIDENTIAL, released to KFOR, one of their organisations in UNMIK"),
    ("kfor", "strict_kfor", False, "none of their roles in UNMIK (reporter) gives"),
    ("osce", "conf_kfor", False, "owned by UNMIK and released to KFOR; none of these"),
    ("sc", "strict", True, "STRICTLY CONFIDENTIAL, owned by UNMIK"),
    ("kfor-sc", "strict_kfor", True, "STRICTLY CONFIDENTIAL, released to KFOR"),
    ("kfor-sc", "strict", False, "STRICTLY CONFIDENTIAL, owned by UNMIK and released to no other organisation"),
    ("minusca-admin", "public", False, "minusca-admin holds no role in mission UNMIK"),
    ("root", "strict", True, "a superuser may see, edit and delete every record"),
]


@pytest.mark.parametrize("who, record, allowed, words", CASES)
def test_why_not_agrees_with_visible_to(people, records, minusca, kfor_sc, who, record, allowed, words):
    users = {**people, "kfor-sc": kfor_sc, "minusca-admin": minusca["admin"],
             "root": UserFactory(username="root", is_superuser=True)}
    user = fresh(users[who])
    incident = Incident.objects.select_related("mission", "owner").get(pk=records[record].pk)
    answer = record_access(user, incident)
    assert answer.see.allowed is allowed
    assert Incident.objects.visible_to(fresh(user)).filter(pk=incident.pk).exists() is allowed
    assert words in answer.see.rule


@pytest.mark.parametrize("who", ["viewer", "reporter", "watch", "admin", "kfor", "sc", "osce"])
def test_why_not_edit_and_delete_agree_with_the_profile(people, records, who):
    user = fresh(people[who])
    profile = access_profile(user)
    for incident in records.values():
        answer = record_access(user, incident)
        sees = Incident.objects.visible_to(user).filter(pk=incident.pk).exists()
        assert answer.edit.allowed == (sees and profile.can_edit(incident.mission_id, incident.owner_id))
        assert answer.delete.allowed == (sees and profile.can_delete(incident.mission_id, incident.owner_id))


def test_why_not_without_incident_view(people, records):
    RolePermission.objects.filter(role=Role.VIEWER, permission=Permission.INCIDENT_VIEW).delete()
    answer = record_access(fresh(people["viewer"]), records["public"])
    assert not answer.see.allowed
    assert "none of their roles in UNMIK (viewer) gives incidents.incident.view" in answer.see.rule


def test_why_not_on_the_page_for_an_administrator(people, records):
    client = signed_in(people["admin"])
    html = client.get("/access/kfor/", {"incident": str(records["conf_unmik"].pk)}).content.decode()
    see = html.split('id="why-see">')[1].split("</dd>")[0]
    assert see.startswith("No: CONFIDENTIAL, owned by UNMIK and released to no other organisation")
    html = client.get("/access/watch/", {"incident": str(records["public"].pk)}).content.decode()
    assert 'id="why-see">Yes' in html
    edit = html.split('id="why-edit">')[1].split("</dd>")[0]
    assert edit.startswith("Yes: it is owned by UNMIK, one of their organisations, and they hold "
                           "incidents.incident.change_own_org, from role watch_officer")


def test_why_not_never_reveals_an_incident_the_asker_cannot_see(people, records):
    html = signed_in(people["kfor"]).get("/access/", {"incident": str(records["strict"].pk)}).content.decode()
    assert "No incident with this id that you can see" in html and "why-answer" not in html
    html = signed_in(people["kfor"]).get("/access/", {"incident": "not-an-id"}).content.decode()
    assert "why-answer" not in html
