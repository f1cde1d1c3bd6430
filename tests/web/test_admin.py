"""The admin: refused to watch officers, open to mission administrators for their reference data only."""

import pytest

from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry, Membership
from peaceops.incidents.models import Category
from tests.factories import MissionFactory, member

pytestmark = pytest.mark.django_db


def test_admin_refused_to_a_watch_officer(client_as, people):
    client = client_as(people["watch"])
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "for mission administrators" in response.content.decode()
    assert client.get("/admin/core/organisation/").status_code in (302, 403)
    assert client.get("/admin/core/organisation/", follow=True).status_code == 403


def test_admin_sends_strangers_to_the_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_admin_open_to_a_mission_admin_for_reference_data_only(client_as, people):
    client = client_as(people["admin"])
    index = client.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    for url in ("/admin/core/organisation/", "/admin/core/membership/", "/admin/incidents/category/",
                "/admin/geo/adminarea/", "/admin/auth/user/", "/admin/geo/place/"):
        assert url in page, url
        assert client.get(url).status_code == 200, url
    for url in ("/admin/incidents/incident/", "/admin/core/changelogentry/", "/admin/core/apitoken/"):
        assert url not in page
        assert client.get(url).status_code == 404, url
    # Missions are for superusers only.
    assert "/admin/core/mission/" not in page
    assert client.get("/admin/core/mission/").status_code == 403


def test_mission_admin_sees_only_their_missions_memberships_and_categories(client_as, people, orgs):
    other = MissionFactory(code="MINUSCA")
    outsider = member(other, orgs["OSCE"], Role.VIEWER, username="minusca-viewer")
    client = client_as(people["admin"])
    page = client.get("/admin/core/membership/").content.decode()
    assert "watch" in page and "minusca-viewer" not in page
    other_membership = Membership.objects.get(user=outsider)
    assert client.get(f"/admin/core/membership/{other_membership.pk}/change/").status_code == 302  # not found
    other_category = Category.objects.filter(mission=other).first()
    assert client.get(f"/admin/incidents/category/{other_category.pk}/change/").status_code == 302
    assert "minusca-viewer" not in client.get("/admin/auth/user/").content.decode()


def test_mission_admin_cannot_make_a_superuser(client_as, people):
    client = client_as(people["admin"])
    page = client.get(f"/admin/auth/user/{people['viewer'].pk}/change/").content.decode()
    assert 'name="username"' in page
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page


def test_admin_changes_are_written_to_the_change_log(client_as, people, mission):
    client = client_as(people["admin"])
    category = Category.objects.get(mission=mission, path="mission/crime")
    response = client.post(f"/admin/incidents/category/{category.pk}/change/", {
        "mission": mission.pk, "code": "crime", "path": "mission/crime", "name": "Crime and theft",
        "names": "{}", "parent": category.parent_id, "acled_event_type": "", "acled_sub_event_type": "",
        "ucdp_type_of_violence": "", "sort_order": 4,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.name == "Crime and theft"
    entry = ChangeLogEntry.objects.filter(object_type="incidents.category", object_id=str(category.pk)).last()
    assert entry.actor == people["admin"] and entry.before["name"] == "Crime" and entry.after["name"] == "Crime and theft"
