"""Permissions per record type and action: a new record type is visible to no one until a role is given its
`view` (fail closed); `restrict(user, action)`; the roles-as-data table takes only registered codes; today's
grants renamed by the migration; need-to-know record types with assignment and break-glass access."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from peaceops.core.assignments import AssignmentError, assign, break_glass, unassign
from peaceops.core.choices import Classification, Role
from peaceops.core.explain import record_access
from peaceops.core.models import BreakGlassAccess, ChangeLogEntry, RecordAssignment, RolePermission
from peaceops.core.permissions import registry
from peaceops.core.services import PermissionDenied
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from peaceops.ledger.models import LedgerEntry
from tests.factories import UserFactory, incident_data
from tests.recordtypes.models import ConductCase, Note
from tests.roles.conftest import fresh

pytestmark = pytest.mark.django_db


def _record(model, mission, owner, classification=Classification.PUBLIC, title="r"):
    now = timezone.now()
    return model.objects.create(mission=mission, owner=owner, classification=classification, title=title,
                                created_at=now, updated_at=now)


def titles(model, user, action="view"):
    user = fresh(user) if user.pk else user
    return set(model.objects.restrict(user, action).values_list("title", flat=True))


# --- fail closed: a record type is seen through its own view permission only ---------------------------------


def test_a_new_record_type_is_not_visible_through_incident_view(mission, orgs, people):
    _record(Note, mission, orgs["UNMIK"], title="public note")
    _record(Note, mission, orgs["UNMIK"], Classification.CONFIDENTIAL, title="unmik note")
    assert titles(Incident, people["viewer"]) == set()  # (no incidents: the viewer may see incidents)
    assert fresh(people["viewer"]).memberships.exists()
    assert titles(Note, people["viewer"]) == set()
    assert titles(Note, people["admin"]) == set()
    RolePermission.objects.create(role=Role.VIEWER, permission="testrecords.note.view")
    assert titles(Note, people["viewer"]) == {"public note", "unmik note"}
    assert titles(Note, people["kfor"]) == set()  # a reporter's role does not give it
    assert titles(Note, UserFactory(is_superuser=True)) == {"public note", "unmik note"}
    assert titles(Note, AnonymousUser()) == set()


def test_restrict_by_action_follows_each_records_permissions(mission, orgs, people):
    make = lambda title, **kw: create_incident(  # noqa: E731
        acting_user=people["watch"], mission=mission, data=incident_data(title=title, **kw))
    make("unmik public")
    create_incident(acting_user=people["kfor"], mission=mission, data=incident_data(title="kfor public"))
    make("unmik strict", classification="STRICTLY_CONFIDENTIAL")
    assert titles(Incident, people["watch"], "change") == {"unmik public"}  # change_own_org, sees no strict
    assert titles(Incident, people["watch"], "delete") == {"unmik public"}
    assert titles(Incident, people["reporter"], "delete") == set()
    assert titles(Incident, people["viewer"], "change") == set()
    assert titles(Incident, people["admin"], "change") == {"unmik public", "kfor public", "unmik strict"}
    assert titles(Incident, people["kfor"], "change") == {"kfor public"}


# --- the registry and the roles-as-data table --------------------------------------------------------------


def test_the_table_refuses_an_unregistered_code_and_the_admin_offers_only_registered_ones(client_as):
    with pytest.raises(ValidationError):
        RolePermission.objects.create(role=Role.VIEWER, permission="incident.view")  # today's old name
    assert "incidents.incident.view" in registry and "sites.site.view" in registry and "sites.view" not in registry
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_as(root)
    page = client.get("/admin/core/rolepermission/add/").content.decode()
    assert 'value="testrecords.note.view"' in page and 'value="incidents.incident.add"' in page
    response = client.post("/admin/core/rolepermission/add/", {"role": Role.VIEWER, "permission": "made.up.code"})
    assert response.status_code == 200 and not RolePermission.objects.filter(permission="made.up.code").exists()


def test_the_migration_renames_todays_grants_so_everyone_keeps_what_they_had():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("peaceops.core.migrations.0006_per_record_type_permissions_and_need_to_know")
    RolePermission.objects.all().delete()
    old = [("viewer", "incident.view"), ("watch_officer", "incident.delete_own_org"),
           ("reporter", "incident.report"), ("mission_admin", "incident.edit_any"),
           ("strictly_confidential_reader", "incident.view_strictly_confidential"), ("reporter", "sharing.release")]
    RolePermission.objects.bulk_create([RolePermission(role=r, permission=c) for r, c in old])
    migration.rename_codes(apps, None)
    rows = set(RolePermission.objects.values_list("role", "permission"))
    assert {("viewer", "incidents.incident.view"), ("watch_officer", "incidents.incident.delete_own_org"),
            ("reporter", "incidents.incident.add"), ("mission_admin", "incidents.incident.change_any"),
            ("strictly_confidential_reader", "incidents.incident.view_strictly_confidential"),
            ("reporter", "sharing.release")} <= rows
    assert ("mission_admin", "accounts.unlock") in rows and ("watch_officer", "partners.view_as_component") in rows
    assert all(code in registry for _, code in rows)


# --- need-to-know ------------------------------------------------------------------------------------------


@pytest.fixture
def case(mission, orgs):
    return _record(ConductCase, mission, orgs["UNMIK"], Classification.PUBLIC, title="case 1")


@pytest.fixture
def conduct_officer(mission, orgs):
    from tests.factories import member

    RolePermission.objects.create(role=Role.MISSION_ADMIN, permission="testrecords.conductcase.view")
    RolePermission.objects.create(role=Role.MISSION_ADMIN, permission="testrecords.conductcase.assign")
    return member(mission, orgs["UNMIK"], Role.VIEWER, username="cdo")


def test_no_role_nor_superuser_status_shows_a_need_to_know_record(case, people, conduct_officer):
    root = UserFactory(is_superuser=True)
    for user in (root, people["admin"], people["viewer"], conduct_officer):
        assert titles(ConductCase, user) == set()
        assert not record_access(fresh(user), case).see.allowed
    assert "need-to-know" in record_access(fresh(root), case).see.rule


def test_an_assignment_shows_the_record_to_that_user_only_and_is_ledgered(case, people, conduct_officer):
    with pytest.raises(PermissionDenied):
        assign(case, user=conduct_officer, acting_user=fresh(people["viewer"]), reason="investigation 7")
    with pytest.raises(AssignmentError, match="reason"):
        assign(case, user=conduct_officer, acting_user=fresh(people["admin"]), reason=" ")
    assign(case, user=conduct_officer, acting_user=fresh(people["admin"]), reason="investigation 7")
    assert titles(ConductCase, conduct_officer) == {"case 1"}
    assert titles(ConductCase, people["admin"]) == set()  # who assigns does not see by assigning
    answer = record_access(fresh(conduct_officer), case)
    assert answer.see.allowed and "assigned" in answer.see.rule
    entry = ChangeLogEntry.objects.get(object_type="core.recordassignment", action="create")
    assert entry.reason == "investigation 7" and entry.after["user"] == "cdo" and entry.mission_id == case.mission_id
    assert LedgerEntry.objects.filter(kind="change", last_change_id__gte=entry.pk).exists()
    assert unassign(case, user=conduct_officer, acting_user=fresh(people["admin"]), reason="closed")
    assert titles(ConductCase, conduct_officer) == set()
    assert not RecordAssignment.objects.exists()
    assert ChangeLogEntry.objects.filter(object_type="core.recordassignment", action="delete",
                                         reason="closed").exists()


def test_break_glass_needs_the_permission_and_a_reason_and_lasts_its_time(case, people, mission):
    admin = people["admin"]
    with pytest.raises(PermissionDenied):
        break_glass(ConductCase, case.pk, acting_user=fresh(admin), reason="threat to life")
    RolePermission.objects.create(role=Role.MISSION_ADMIN, permission="testrecords.conductcase.break_glass")
    with pytest.raises(AssignmentError, match="reason"):
        break_glass(ConductCase, case.pk, acting_user=fresh(admin), reason="")
    with pytest.raises(PermissionDenied):  # a record that does not exist: the same refusal
        break_glass(ConductCase, "00000000-0000-0000-0000-000000000000", acting_user=fresh(admin), reason="x")
    access = break_glass(ConductCase, case.pk, acting_user=fresh(admin), reason="threat to life", minutes=30)
    assert titles(ConductCase, admin) == {"case 1"}
    assert "break-glass" in record_access(fresh(admin), case).see.rule
    assert titles(ConductCase, people["viewer"]) == set()
    entry = ChangeLogEntry.objects.get(object_type="core.breakglassaccess")
    assert entry.reason == "break glass: threat to life" and entry.actor_id == admin.pk
    assert LedgerEntry.objects.filter(kind="change", last_change_id__gte=entry.pk).exists()
    BreakGlassAccess.objects.filter(pk=access.pk).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    assert titles(ConductCase, admin) == set()


def test_a_snapshot_of_a_need_to_know_record_is_judged_by_assignment(case, people, conduct_officer):
    from peaceops.core.changelog import snapshot
    from peaceops.core.records import VersionReader

    version = snapshot(case)
    reader = lambda user: VersionReader.of(fresh(user), case.mission_id, ConductCase)  # noqa: E731
    assert not reader(UserFactory(is_superuser=True)).may_read(version, timezone.now())
    assert not reader(conduct_officer).may_read(version, timezone.now())
    assign(case, user=conduct_officer, acting_user=fresh(people["admin"]), reason="investigation 7")
    assert reader(conduct_officer).may_read(version, timezone.now())
