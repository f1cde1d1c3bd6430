"""The People and roles page: a mission administrator grants and revokes roles in their mission only, and the
change takes effect on the affected user's next request."""

import pytest
from django.test import Client

from peaceops.core.choices import ChangeAction, Role
from peaceops.core.models import ChangeLogEntry, Membership, Participation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def osce_hosted(people, mission, orgs):
    """OSCE's participation in UNMIK is administered by UNMIK: UNMIK's administrator grants OSCE's roles."""
    Participation.objects.filter(mission=mission, organisation=orgs["OSCE"]).update(administered_by=orgs["UNMIK"])
    return people


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_page_lists_members_with_organisations_and_roles(people, mission):
    page = signed_in(people["admin"]).get("/missions/UNMIK/people/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "People and roles of UNMIK" in html
    for name in ("watch", "reporter", "viewer", "kfor", "osce"):
        assert f'href="/access/{name}/"' in html
    kfor_row = Membership.objects.get(user=people["kfor"])
    row = html.split(f'id="membership-{kfor_row.pk}"')[1].split("</tr>")[0]
    assert "KFOR" in row and "Reporter" in row


def test_the_nav_links_to_the_page_for_administrators_only(people):
    assert 'href="/missions/UNMIK/people/"' in signed_in(people["admin"]).get("/dashboard/").content.decode()
    assert 'href="/missions/UNMIK/people/"' not in signed_in(people["watch"]).get("/dashboard/").content.decode()


def test_grant_takes_effect_on_the_users_next_request(people, mission):
    viewer = signed_in(people["viewer"])
    assert viewer.get("/incidents/new/").status_code == 403
    admin = signed_in(people["admin"])
    response = admin.post("/missions/UNMIK/people/", {
        "username": "viewer", "organisation": "UNMIK", "role": Role.REPORTER, "reason": "covers Mitrovica"})
    assert response.status_code == 302
    assert "Role Reporter granted to viewer for UNMIK" in admin.get(response.url).content.decode()
    assert viewer.get("/incidents/new/").status_code == 200
    entry = ChangeLogEntry.objects.filter(object_type="core.membership", action=ChangeAction.CREATE).last()
    assert entry.actor_name == "admin" and entry.reason == "covers Mitrovica"
    assert entry.after["role"] == Role.REPORTER and entry.mission_id == mission.pk


def test_revoke_needs_a_reason_and_takes_effect(people):
    reporter = signed_in(people["reporter"])
    assert reporter.get("/incidents/new/").status_code == 200
    membership = Membership.objects.get(user=people["reporter"], role=Role.REPORTER)
    admin = signed_in(people["admin"])
    url = f"/missions/UNMIK/people/{membership.pk}/revoke/"
    response = admin.post(url, {"reason": "  "}, follow=True)
    assert "a reason is required" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert admin.post(url, {"reason": "left the mission"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = ChangeLogEntry.objects.get(object_type="core.membership", object_id=str(membership.pk),
                                       action=ChangeAction.DELETE)
    assert entry.reason == "left the mission" and entry.before["user_id"] == people["reporter"].pk
    # The former reporter has no role left in UNMIK: no report form, no mission.
    assert reporter.get("/incidents/new/").status_code == 403


def test_a_temporary_role_shows_its_end(osce_hosted):
    people = osce_hosted
    admin = signed_in(people["admin"])
    admin.post("/missions/UNMIK/people/", {"username": "osce", "organisation": "OSCE", "role": Role.ANALYST,
                                           "until": "2099-12-31"})
    membership = Membership.objects.get(user=people["osce"], role=Role.ANALYST)
    assert membership.ends_at.isoformat() == "2100-01-01T00:00:00+00:00"
    assert "2100-01-01 00:00 UTC" in admin.get("/missions/UNMIK/people/").content.decode()


def test_an_end_in_the_past_is_refused(osce_hosted):
    people = osce_hosted
    response = signed_in(people["admin"]).post("/missions/UNMIK/people/", {
        "username": "osce", "organisation": "OSCE", "role": Role.ANALYST, "until": "2001-01-01"})
    assert response.status_code == 400
    assert "must be in the future" in response.content.decode()
    assert not Membership.objects.filter(user=people["osce"], role=Role.ANALYST).exists()


@pytest.mark.parametrize("who", ["watch", "viewer", "kfor"])
def test_non_administrators_are_refused(people, who):
    client = signed_in(people[who])
    assert client.get("/missions/UNMIK/people/").status_code == 403
    response = client.post("/missions/UNMIK/people/", {"username": who, "organisation": "UNMIK",
                                                       "role": Role.MISSION_ADMIN})
    assert response.status_code == 403
    membership = Membership.objects.get(user=people["viewer"], role=Role.VIEWER)
    assert client.post(f"/missions/UNMIK/people/{membership.pk}/revoke/", {"reason": "x"}).status_code == 403
    assert not Membership.objects.filter(user=people[who], role=Role.MISSION_ADMIN).exists()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_unmik_administrator_cannot_grant_or_revoke_in_minusca(people, minusca):
    admin = signed_in(people["admin"])
    assert admin.get("/missions/MINUSCA/people/").status_code == 403
    # Not to themselves (mission_admin of another mission), not to anyone.
    response = admin.post("/missions/MINUSCA/people/", {"username": "admin", "organisation": "UNMIK",
                                                        "role": Role.MISSION_ADMIN})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=people["admin"], mission=minusca["mission"]).exists()
    theirs = Membership.objects.get(user=minusca["admin"])
    assert admin.post(f"/missions/MINUSCA/people/{theirs.pk}/revoke/", {"reason": "x"}).status_code == 403
    # A MINUSCA membership cannot be revoked through the UNMIK page either.
    assert admin.post(f"/missions/UNMIK/people/{theirs.pk}/revoke/", {"reason": "x"}).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_cannot_revoke_their_own_administrator_role(people):
    own = Membership.objects.get(user=people["admin"], role=Role.MISSION_ADMIN)
    response = signed_in(people["admin"]).post(f"/missions/UNMIK/people/{own.pk}/revoke/", {"reason": "oops"})
    assert response.status_code == 403
    assert "ask another administrator" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_role_list_has_no_superuser_and_unknown_roles_are_refused(people):
    admin = signed_in(people["admin"])
    html = admin.get("/missions/UNMIK/people/").content.decode()
    assert "superuser" not in html.lower().split('name="role"')[1].split("</select>")[0]
    response = admin.post("/missions/UNMIK/people/", {"username": "viewer", "organisation": "UNMIK",
                                                      "role": "superuser"})
    assert response.status_code == 400
    assert not people["viewer"].__class__.objects.get(pk=people["viewer"].pk).is_superuser


def test_unknown_or_inactive_users_cannot_be_granted(people):
    UserFactory(username="gone", is_active=False)
    admin = signed_in(people["admin"])
    for name in ("nobody", "gone"):
        response = admin.post("/missions/UNMIK/people/", {"username": name, "organisation": "UNMIK",
                                                          "role": Role.VIEWER})
        assert response.status_code == 400 and "No active user with this name" in response.content.decode()


def test_a_superuser_may_manage_any_mission(minusca):
    root = UserFactory(username="root", is_superuser=True)
    client = signed_in(root)
    assert client.get("/missions/MINUSCA/people/").status_code == 200
    assert client.post("/missions/MINUSCA/people/", {"username": "minusca-admin", "organisation": "MINUSCA",
                                                     "role": Role.ANALYST}).status_code == 302


def test_an_ended_temporary_role_is_marked_and_gives_nothing(osce_hosted):
    people = osce_hosted
    import datetime as dt

    from django.utils import timezone

    admin = signed_in(people["admin"])
    admin.post("/missions/UNMIK/people/", {"username": "osce", "organisation": "OSCE", "role": Role.REPORTER,
                                           "until": "2099-12-31"})
    osce = signed_in(people["osce"])
    assert osce.get("/incidents/new/").status_code == 200
    Membership.objects.filter(user=people["osce"], role=Role.REPORTER).update(
        ends_at=timezone.now() - dt.timedelta(minutes=1))
    assert osce.get("/incidents/new/").status_code == 403
    membership = Membership.objects.get(user=people["osce"], role=Role.REPORTER)
    row = admin.get("/missions/UNMIK/people/").content.decode().split(f'id="membership-{membership.pk}"')[1]
    assert "(ended)" in row.split("</tr>")[0]
