"""Behaviour that was once tied to the mission administrator's role name follows permissions: take the
permission from the role and the behaviour goes; give it to another role and it comes."""

import pytest
from django.utils import timezone

from peaceops.accounts.models import SignInEvent
from peaceops.accounts.services import may_unlock
from peaceops.core.choices import Role
from peaceops.core.models import RolePermission
from peaceops.partners.permissions import may_view_partner
from peaceops.partners.redaction import Reader

from .conftest import fresh

pytestmark = pytest.mark.django_db


def move(code, *, from_role, to_role):
    RolePermission.objects.filter(role=from_role, permission=code).delete()
    RolePermission.objects.create(role=to_role, permission=code)


def test_unlocking_follows_accounts_unlock(people):
    assert may_unlock(fresh(people["admin"]), "watch") and not may_unlock(fresh(people["viewer"]), "watch")
    move("accounts.unlock", from_role=Role.MISSION_ADMIN, to_role=Role.VIEWER)
    assert not may_unlock(fresh(people["admin"]), "watch") and may_unlock(fresh(people["viewer"]), "watch")


def test_seeing_members_sign_ins_follows_accounts_view_sign_ins(people):
    SignInEvent.objects.create(time=timezone.now(), username="watch", user=people["watch"], outcome="success")

    def sees(who):
        return SignInEvent.objects.visible_to(fresh(people[who])).filter(username="watch").exists()

    assert sees("admin") and not sees("viewer")
    move("accounts.view_sign_ins", from_role=Role.MISSION_ADMIN, to_role=Role.VIEWER)
    assert not sees("admin") and sees("viewer")


def test_reading_records_whole_follows_partners_read_whole(people, mission, orgs):
    from peaceops.incidents.services import create_incident
    from tests.factories import incident_data

    pk = create_incident(acting_user=people["kfor"], mission=mission, data=incident_data()).pk
    kfor_incident = [(pk, mission.pk, orgs["KFOR"].pk)]
    assert Reader.of_user(fresh(people["admin"])).withheld(kfor_incident) == set()
    assert Reader.of_user(fresh(people["viewer"])).withheld(kfor_incident) == {pk}
    move("partners.read_whole", from_role=Role.MISSION_ADMIN, to_role=Role.VIEWER)
    assert Reader.of_user(fresh(people["admin"])).withheld(kfor_incident) == {pk}
    assert Reader.of_user(fresh(people["viewer"])).withheld(kfor_incident) == set()


def test_seeing_what_a_partner_receives_follows_the_partner_permissions(people, mission, orgs):
    osce = orgs["OSCE"]
    assert may_view_partner(fresh(people["admin"]), mission, osce)
    assert may_view_partner(fresh(people["watch"]), mission, osce)  # a UN component's watch officer
    assert not may_view_partner(fresh(people["reporter"]), mission, osce)
    RolePermission.objects.filter(permission__in=["partners.view_any", "partners.view_as_component"]).delete()
    assert not may_view_partner(fresh(people["admin"]), mission, osce)
    assert not may_view_partner(fresh(people["watch"]), mission, osce)
    RolePermission.objects.create(role=Role.REPORTER, permission="partners.view_as_component")
    assert may_view_partner(fresh(people["reporter"]), mission, osce)
