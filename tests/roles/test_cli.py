"""`peaceops grant-role` and `peaceops revoke-role`: the operators' door, and with --by an administrator's."""

import pytest
from django.core.management import CommandError, call_command

from peaceops.core.access import access_profile
from peaceops.core.choices import ChangeAction, Role
from peaceops.core.models import ChangeLogEntry, Membership

from .conftest import fresh

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_grant_and_revoke_role_from_the_command_line(people, mission):
    out = run("grant_role", "osce", "reporter", "--mission", "UNMIK", "--organisation", "OSCE",
              "--reason", "liaison reports")
    assert "osce is reporter for OSCE in UNMIK" in out
    assert access_profile(fresh(people["osce"])).can_report(mission.pk)
    created = ChangeLogEntry.objects.filter(object_type="core.membership", action=ChangeAction.CREATE).last()
    assert created.actor_name == "system" and created.reason == "liaison reports"

    with pytest.raises(CommandError, match="reason is required"):
        run("revoke_role", "osce", "reporter", "--mission", "UNMIK", "--organisation", "OSCE")
    out = run("revoke_role", "osce", "reporter", "--mission", "UNMIK", "--organisation", "OSCE",
              "--reason", "posting ended")
    assert "no longer reporter" in out
    assert not access_profile(fresh(people["osce"])).can_report(mission.pk)
    assert ChangeLogEntry.objects.filter(object_type="core.membership", action=ChangeAction.DELETE,
                                         reason="posting ended").exists()


def test_a_temporary_grant_from_the_command_line(people):
    out = run("grant_role", "viewer", "analyst", "--mission", "UNMIK", "--organisation", "UNMIK",
              "--until", "2099-06-30")
    assert "until 2099-06-30" in out
    assert Membership.objects.get(user=people["viewer"], role=Role.ANALYST).ends_at.isoformat() == (
        "2099-07-01T00:00:00+00:00")


def test_unknown_names_are_refused_with_a_message(people):
    with pytest.raises(CommandError, match="not a role"):
        run("grant_role", "viewer", "superuser", "--mission", "UNMIK", "--organisation", "UNMIK")
    with pytest.raises(CommandError, match="no mission 'NOPE'"):
        run("grant_role", "viewer", "viewer", "--mission", "NOPE", "--organisation", "UNMIK")
    with pytest.raises(CommandError, match="no user 'ghost'"):
        run("grant_role", "ghost", "viewer", "--mission", "UNMIK", "--organisation", "UNMIK")
    with pytest.raises(CommandError, match="holds no role"):
        run("revoke_role", "viewer", "analyst", "--mission", "UNMIK", "--organisation", "UNMIK", "--reason", "x")


def test_by_an_administrator_of_another_mission_is_refused(people, minusca):
    with pytest.raises(CommandError, match="may not grant or revoke roles in mission MINUSCA"):
        run("grant_role", "admin", "mission_admin", "--mission", "MINUSCA", "--organisation", "UNMIK",
            "--by", "admin")
    assert not Membership.objects.filter(user=people["admin"], mission=minusca["mission"]).exists()
    with pytest.raises(CommandError, match="may not grant or revoke roles in mission MINUSCA"):
        run("revoke_role", "minusca-admin", "mission_admin", "--mission", "MINUSCA", "--organisation", "MINUSCA",
            "--by", "admin", "--reason", "x")


def test_by_a_non_administrator_is_refused_and_by_the_administrator_logged_as_them(people):
    with pytest.raises(CommandError, match="may not grant or revoke roles in mission UNMIK"):
        run("grant_role", "viewer", "reporter", "--mission", "UNMIK", "--organisation", "UNMIK", "--by", "watch")
    run("grant_role", "viewer", "reporter", "--mission", "UNMIK", "--organisation", "UNMIK", "--by", "admin")
    entry = ChangeLogEntry.objects.filter(object_type="core.membership", action=ChangeAction.CREATE).last()
    assert entry.actor_name == "admin"


def test_an_api_token_holder_gets_the_new_role_on_their_next_call(people, records):
    """The profile is per request for API tokens too: a grant or revocation applies to the next call."""
    from django.test import Client

    from peaceops.core.services import create_api_token

    _, key = create_api_token(user=people["osce"])
    api = Client(headers={"Authorization": f"Bearer {key}"})

    def titles():
        response = api.get("/api/v1/incidents", {"limit": 50})
        assert response.status_code == 200
        return {item["title"] for item in response.json()["items"]}

    assert titles() == {"public"}
    run("grant_role", "osce", "viewer", "--mission", "UNMIK", "--organisation", "KFOR")
    assert titles() == {"public", "conf released to KFOR"}
    run("revoke_role", "osce", "viewer", "--mission", "UNMIK", "--organisation", "KFOR", "--reason", "done")
    assert titles() == {"public"}
