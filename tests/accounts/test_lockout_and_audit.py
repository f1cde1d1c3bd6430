"""Lock-out after repeated failures, unlocking (command and button), and the audit of sign-ins."""

import pytest
from django.test import Client

from peaceops.accounts.models import SignInEvent
from peaceops.core.choices import Role
from tests.factories import MissionFactory, OrganisationFactory, member

from .conftest import enrolled, fresh_code, run, sign_in

pytestmark = pytest.mark.django_db


def lock_out(username: str = "watch") -> Client:
    client = Client()
    for _ in range(5):
        response = sign_in(client, username, password="wrong password")
    assert response.status_code == 429 and "Sign-in locked" in response.content.decode()
    return client


def test_the_locked_out_page_says_why_and_whom_to_ask(people):
    client = lock_out()
    page = sign_in(client, "watch").content.decode()
    assert "Sign-in is locked after 5 failed attempts" in page and "mission administrator" in page


def test_unlock_user_from_the_command_line_lets_the_user_sign_in_again(people):
    client = lock_out()
    assert "watch" in run("unlock_user", "--list")[0]
    out, _ = run("unlock_user", "watch")
    assert "watch unlocked" in out
    assert "Nobody is locked out" in run("unlock_user", "--list")[0]
    response = sign_in(client, "watch", next_url="/dashboard/")
    assert response.redirect_chain[-1][0] == "/dashboard/"
    event = SignInEvent.objects.filter(outcome="unlocked").get()
    assert event.user == people["watch"] and "command line" in event.detail


def login_admin(client, user):
    """A mission administrator, signed in with both factors."""
    device = enrolled(user)
    sign_in(client, user.username)
    assert client.post("/accounts/two-factor/verify/", {"code": fresh_code(device)}).status_code == 302
    return client


def test_a_mission_administrator_unlocks_with_the_button(people):
    lock_out()
    admin = login_admin(Client(), people["admin"])
    page = admin.get("/accounts/sign-ins/").content.decode()
    assert 'id="locked-users"' in page and "Unlock" in page and "watch" in page
    response = admin.post("/accounts/sign-ins/unlock/", {"username": "watch"}, follow=True)
    assert "watch may sign in again" in response.content.decode()
    assert "Nobody is locked out" in response.content.decode()
    assert sign_in(Client(), "watch", next_url="/dashboard/").redirect_chain[-1][0] == "/dashboard/"


def test_an_administrator_of_another_mission_may_not_unlock_and_others_may_not_see_the_page(people):
    lock_out()
    other = member(MissionFactory(code="MINUSCA"), OrganisationFactory(code="MINUSCA"), Role.MISSION_ADMIN,
                   username="minusca-admin")
    client = login_admin(Client(), other)
    assert "watch" not in client.get("/accounts/sign-ins/").content.decode()
    assert client.post("/accounts/sign-ins/unlock/", {"username": "watch"}).status_code == 403
    assert "watch" in run("unlock_user", "--list")[0]
    viewer = Client()
    viewer.force_login(people["viewer"])
    assert viewer.get("/accounts/sign-ins/").status_code == 403
    assert viewer.post("/accounts/sign-ins/unlock/", {"username": "watch"}).status_code == 403


def test_each_sign_in_outcome_is_recorded_with_address_and_browser(people):
    client = Client()
    sign_in(client, "reporter", password="wrong password")
    sign_in(client, "nobody-such", password="wrong password")
    sign_in(client, "reporter")
    client.post("/accounts/logout/", REMOTE_ADDR="10.20.30.40")
    lock_out("viewer")
    events = list(SignInEvent.objects.order_by("id"))
    assert [(e.username, e.outcome) for e in events[:4]] == [
        ("reporter", "bad_password"), ("nobody-such", "bad_password"), ("reporter", "success"),
        ("reporter", "sign_out")]
    assert events[0].user == people["reporter"] and events[1].user is None
    assert events[0].ip_address == "10.20.30.40" and events[0].user_agent == "Firefox/140 (test)"
    viewer_outcomes = [e.outcome for e in events if e.username == "viewer"]
    assert viewer_outcomes[:4] == ["bad_password"] * 4 and viewer_outcomes[-1] == "locked_out"


def test_administrators_list_and_filter_sign_ins(people):
    sign_in(Client(), "reporter", password="wrong password")
    sign_in(Client(), "viewer")
    admin = login_admin(Client(), people["admin"])
    page = admin.get("/accounts/sign-ins/").content.decode()
    assert "reporter" in page and "viewer" in page and "Wrong user name or password" in page
    failed = admin.get("/accounts/sign-ins/", {"outcome": "bad_password"})
    usernames = {e.username for e in failed.context["page"].object_list}
    assert usernames == {"reporter"}
    by_name = admin.get("/accounts/sign-ins/", {"username": "view"})
    assert {e.username for e in by_name.context["page"].object_list} == {"viewer"}


def test_my_account_page_shows_my_recent_sign_ins_only(people):
    sign_in(Client(), "kfor", password="wrong password")
    client = Client()
    sign_in(client, "reporter", password="wrong password")
    sign_in(client, "reporter")
    response = client.get("/accounts/")
    events = list(response.context["events"])
    assert [e.outcome for e in events] == ["success", "bad_password"]
    page = response.content.decode()
    assert "My recent sign-ins" in page and "10.20.30.40" in page and "Wrong user name or password" in page


def test_prune_sign_ins_deletes_only_old_events(people):
    import datetime as dt

    from django.core.management.base import CommandError
    from django.utils import timezone

    sign_in(Client(), "reporter")
    sign_in(Client(), "viewer")
    SignInEvent.objects.filter(username="reporter").update(time=timezone.now() - dt.timedelta(days=400))
    out, _ = run("prune_sign_ins", "--older-than", "365d")
    assert out.startswith("1 sign-in event(s)")
    assert list(SignInEvent.objects.values_list("username", flat=True)) == ["viewer"]
    with pytest.raises(CommandError, match="at least 30"):
        run("prune_sign_ins", "--older-than", "3d")
