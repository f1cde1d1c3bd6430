"""Permissions are data: the seeded table reproduces the old hard-coded role sets, and changing a row changes
what holders of the role may do on their next request."""

import pytest

from peaceops.core.access import access_profile
from peaceops.core.choices import Role
from peaceops.core.models import RolePermission
from peaceops.core.permissions import DEFAULT_ROLE_PERMISSIONS, Permission
from peaceops.incidents.models import Incident

from .conftest import fresh

pytestmark = pytest.mark.django_db

#: The rules as they were hard-coded before (REPORTING_ROLES, DELETING_ROLES, STRICTLY_CONFIDENTIAL_ROLES).
OLD_REPORTING = {Role.REPORTER, Role.ANALYST, Role.WATCH_OFFICER, Role.MISSION_ADMIN}
OLD_DELETING = {Role.WATCH_OFFICER, Role.MISSION_ADMIN}
OLD_STRICT = {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN}


def test_the_seeded_table_is_the_default_catalogue():
    """Every app's registered defaults, sites' included (its data migration grants them by likeness)."""
    rows = set(RolePermission.objects.values_list("role", "permission"))
    assert rows == {(role, code) for role, codes in DEFAULT_ROLE_PERMISSIONS.items() for code in codes}
    assert ("viewer", "sites.site.view") in rows and ("mission_admin", "sites.site.delete") in rows


@pytest.mark.parametrize("role", Role.values)
def test_each_role_can_what_the_old_sets_allowed(role, mission, orgs):
    from tests.factories import member

    user = member(mission, orgs["UNMIK"], role, username=f"u-{role}")
    profile = access_profile(fresh(user))
    unmik, kfor = orgs["UNMIK"].pk, orgs["KFOR"].pk
    assert profile.can_report(mission.pk) == (role in OLD_REPORTING)
    assert profile.can_edit(mission.pk, unmik) == (role in OLD_REPORTING)
    assert profile.can_edit(mission.pk, kfor) == (role == Role.MISSION_ADMIN)
    assert profile.can_delete(mission.pk, unmik) == (role in OLD_DELETING)
    assert profile.can_delete(mission.pk, kfor) == (role == Role.MISSION_ADMIN)
    assert profile.in_mission(mission.pk).strictly_confidential == (role in OLD_STRICT)
    assert profile.has_perm(mission.pk, Permission.INCIDENT_VIEW)
    assert profile.has_perm(mission.pk, Permission.MISSION_MANAGE_ROLES) == (role == Role.MISSION_ADMIN)


def test_removing_the_report_permission_removes_the_report_form(client_as, people, mission):
    reporter = people["reporter"]
    assert client_as(reporter).get("/incidents/new/").status_code == 200
    RolePermission.objects.filter(role=Role.REPORTER, permission=Permission.INCIDENT_REPORT).delete()
    assert client_as(reporter).get("/incidents/new/").status_code == 403
    assert not access_profile(fresh(reporter)).can_report(mission.pk)
    # Other roles keep it.
    assert access_profile(fresh(people["watch"])).can_report(mission.pk)


def test_removing_delete_own_org_stops_a_watch_officer_deleting(people, mission, records):
    from peaceops.core.services import PermissionDenied
    from peaceops.incidents.services import delete_incident

    RolePermission.objects.filter(role=Role.WATCH_OFFICER, permission=Permission.INCIDENT_DELETE_OWN_ORG).delete()
    with pytest.raises(PermissionDenied):
        delete_incident(records["public"], acting_user=fresh(people["watch"]), reason="test")
    assert Incident.objects.filter(pk=records["public"].pk).exists()


def test_giving_a_viewer_strictly_confidential_shows_them_those_records(people, records):
    viewer = people["viewer"]
    assert not Incident.objects.visible_to(fresh(viewer)).filter(pk=records["strict"].pk).exists()
    RolePermission.objects.create(role=Role.VIEWER, permission=Permission.INCIDENT_VIEW_STRICTLY_CONFIDENTIAL)
    assert Incident.objects.visible_to(fresh(viewer)).filter(pk=records["strict"].pk).exists()
    # Still only those owned by or released to their organisation: OSCE's viewer now holds the permission too,
    # but nothing confidential is owned by or released to OSCE.
    osce_sees = set(Incident.objects.visible_to(fresh(people["osce"])).values_list("title", flat=True))
    assert osce_sees == {"public"}


def test_without_incident_view_a_member_sees_nothing_of_the_mission(client_as, people, records):
    RolePermission.objects.filter(role=Role.VIEWER, permission=Permission.INCIDENT_VIEW).delete()
    assert not Incident.objects.visible_to(fresh(people["viewer"])).exists()
    assert client_as(people["viewer"]).get(f"/incidents/{records['public'].pk}/").status_code == 404
    # The reporter's own role still gives it.
    assert Incident.objects.visible_to(fresh(people["reporter"])).filter(pk=records["public"].pk).exists()


def test_administration_pages_follow_mission_administer(client_as, people):
    assert client_as(people["admin"]).get("/admin/").status_code == 200
    RolePermission.objects.filter(role=Role.MISSION_ADMIN, permission=Permission.MISSION_ADMINISTER).delete()
    assert client_as(people["admin"]).get("/admin/", follow=True).status_code == 403


def test_superusers_edit_role_permissions_in_the_admin_and_mission_admins_cannot(client_as, people, mission):
    from tests.factories import UserFactory

    assert client_as(people["admin"]).get("/admin/core/rolepermission/").status_code == 403
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_as(root)
    assert client.get("/admin/core/rolepermission/").status_code == 200
    response = client.post("/admin/core/rolepermission/add/",
                           {"role": Role.VIEWER, "permission": Permission.INCIDENT_REPORT})
    assert response.status_code == 302
    assert access_profile(fresh(people["viewer"])).can_report(mission.pk)


def test_a_temporary_role_gives_nothing_after_its_end(people, mission, orgs):
    import datetime as dt

    from django.utils import timezone

    from peaceops.core.models import Membership
    from peaceops.core.services import grant_role

    viewer = people["viewer"]
    grant_role(user=viewer, mission=mission, organisation=orgs["UNMIK"], role=Role.REPORTER,
               ends_at=timezone.now() + dt.timedelta(days=1))
    assert access_profile(fresh(viewer)).can_report(mission.pk)
    Membership.objects.filter(user=viewer, role=Role.REPORTER).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    assert not access_profile(fresh(viewer)).can_report(mission.pk)
