"""Memberships and participations in the admin site: a membership is added and deleted through the role
services (authority checked, reason required and kept, no revoking one's own role-managing role, never edited
in place); participations are the superusers'."""

import json

import pytest

from peaceops.core.choices import ChangeAction, Role
from peaceops.core.models import ChangeLogEntry, Membership
from peaceops.ledger.choices import LedgerKind
from peaceops.ledger.models import LedgerEntry
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def add(client, people, mission, orgs, **extra):
    return client.post("/admin/core/membership/add/", {
        "user": people["viewer"].pk, "mission": mission.pk, "organisation": orgs["UNMIK"].pk,
        "role": Role.REPORTER, "ends_at_0": "", "ends_at_1": "", **extra})


def test_adding_a_membership_needs_a_reason_and_is_logged_with_it(client_as, people, mission, orgs):
    client = client_as(people["admin"])
    answer = add(client, people, mission, orgs)
    assert answer.status_code == 200 and "This field is required" in answer.content.decode()
    assert not Membership.objects.filter(user=people["viewer"], role=Role.REPORTER).exists()
    assert add(client, people, mission, orgs, reason="covers Mitrovica").status_code == 302
    membership = Membership.objects.get(user=people["viewer"], role=Role.REPORTER)
    entry = ChangeLogEntry.objects.get(object_type="core.membership", object_id=str(membership.pk))
    assert entry.action == ChangeAction.CREATE and entry.reason == "covers Mitrovica"
    assert entry.actor == people["admin"]


def test_deleting_a_membership_needs_a_reason_and_is_logged_with_it(client_as, people):
    client = client_as(people["admin"])
    membership = Membership.objects.get(user=people["reporter"])
    url = f"/admin/core/membership/{membership.pk}/delete/"
    assert 'name="reason"' in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(url, {"post": "yes", "reason": "left the mission"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = ChangeLogEntry.objects.get(object_type="core.membership", object_id=str(membership.pk),
                                       action=ChangeAction.DELETE)
    assert entry.reason == "left the mission" and entry.actor == people["admin"]


def test_an_administrator_cannot_delete_their_own_role_managing_role_in_the_admin(client_as, people):
    client = client_as(people["admin"])
    own = Membership.objects.get(user=people["admin"], role=Role.MISSION_ADMIN)
    answer = client.post(f"/admin/core/membership/{own.pk}/delete/", {"post": "yes", "reason": "oops"})
    assert answer.status_code == 403
    assert Membership.objects.filter(pk=own.pk).exists()
    refusal = LedgerEntry.objects.filter(kind=LedgerKind.REFUSAL, actor="admin").latest("id")
    assert "your own role" in json.loads(refusal.payload)["reason"]


def test_the_bulk_delete_action_is_not_offered_for_memberships(client_as, people):
    client = client_as(people["admin"])
    ids = list(Membership.objects.values_list("pk", flat=True))
    client.post("/admin/core/membership/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert Membership.objects.count() == len(ids)


def test_participations_are_managed_by_superusers(client_as, people, mission, orgs):
    from peaceops.core.models import Participation

    assert client_as(people["admin"]).get("/admin/core/participation/").status_code == 403
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    ocha = OrganisationFactory(code="OCHA")
    client = client_as(root)
    answer = client.post("/admin/core/participation/add/", {
        "mission": mission.pk, "organisation": ocha.pk, "administered_by": orgs["UNMIK"].pk})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    participation = Participation.objects.get(mission=mission, organisation=ocha)
    assert participation.administered_by == orgs["UNMIK"]
    assert ChangeLogEntry.objects.filter(object_type="core.participation", object_id=str(participation.pk),
                                         action=ChangeAction.CREATE, actor=root).exists()
    # Hosted by UNMIK: UNMIK's administrator now grants OCHA's roles in UNMIK.
    outsider = UserFactory(username="ocha-liaison")
    admin = client_as(people["admin"])
    assert admin.post("/missions/UNMIK/people/", {"username": "ocha-liaison", "organisation": "OCHA",
                                                  "role": Role.VIEWER, "reason": "liaison"}).status_code == 302
    assert Membership.objects.filter(user=outsider, organisation=ocha).exists()
    # A participation whose organisation holds roles cannot be removed (revoke them first).
    kfor = Participation.objects.get(mission=mission, organisation=orgs["KFOR"])
    client_as(root).post(f"/admin/core/participation/{kfor.pk}/delete/", {"post": "yes"})
    assert Participation.objects.filter(pk=kfor.pk).exists()
