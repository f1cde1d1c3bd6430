"""Sign-in, sign-out, password change, lock-out, header and mission switcher, as a user meets them."""

import pytest
from django.contrib.auth import get_user_model

from peaceops.core.choices import Role
from tests.factories import MissionFactory, member

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


def test_sign_in_page_shows_the_form(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_pages_need_sign_in(client, people):
    for url in ("/", "/dashboard/", "/accounts/password/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_sign_in_with_the_right_password_shows_organisation_and_role(client, people):
    response = client.post("/accounts/login/?next=/dashboard/", {"username": "watch", "password": PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
    page = response.content.decode()
    assert "UNMIK" in page and "Watch officer" in page
    assert response.context["user"].username == "watch"


def test_wrong_password_says_so_and_stays_signed_out(client, people):
    response = client.post("/accounts/login/", {"username": "watch", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_five_failures_lock_the_account_with_a_clear_page(client, people, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert client.post("/accounts/login/", {"username": "watch", "password": "nope"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": "watch", "password": "nope"})
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    again = client.post("/accounts/login/", {"username": "watch", "password": PASSWORD})
    assert again.status_code == 429 and "Sign-in locked" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client_as, people):
    client = client_as(people["watch"])
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_password_change_needs_the_old_password_and_then_works(client_as, people):
    client = client_as(people["watch"])
    wrong = client.post("/accounts/password/", {"old_password": "nope", "new_password1": "Kosovo-Patrol-2026",
                                                "new_password2": "Kosovo-Patrol-2026"})
    assert wrong.status_code == 200 and "old password was entered incorrectly" in wrong.content.decode()
    done = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Kosovo-Patrol-2026",
                                               "new_password2": "Kosovo-Patrol-2026"})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/done/"
    assert get_user_model().objects.get(username="watch").check_password("Kosovo-Patrol-2026")


def test_mission_switcher_shown_for_several_missions_and_switches(client_as, people, orgs):
    minusca = MissionFactory(code="MINUSCA")
    user = member(minusca, orgs["UNMIK"], Role.ANALYST, username="watch")
    client = client_as(user)
    page = client.get("/accounts/password/").content.decode()
    assert 'action="/mission/switch/"' in page
    response = client.post("/mission/switch/", {"mission": minusca.pk, "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    page = client.get("/accounts/password/").content.decode()
    assert f'value="{minusca.pk}" selected' in page and "Analyst" in page


def test_mission_switcher_refuses_a_mission_the_user_does_not_belong_to(client_as, people, mission):
    other = MissionFactory(code="MINURSO")
    client = client_as(people["watch"])
    response = client.post("/mission/switch/", {"mission": other.pk}, follow=True)
    assert "not a member of that mission" in response.content.decode()
    assert client.session.get("mission_id") != other.pk
    assert response.context["current_mission"].code == "UNMIK"


def test_no_switcher_for_a_user_of_one_mission(client_as, people):
    page = client_as(people["watch"]).get("/accounts/password/").content.decode()
    assert 'action="/mission/switch/"' not in page


def test_csp_header_and_no_inline_script_in_base(client_as, people):
    response = client_as(people["watch"]).get("/accounts/password/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    page = response.content.decode()
    import re

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts
    for attrs, body in scripts:
        assert 'src="' in attrs or 'type="application/json"' in attrs, attrs
        if 'src="' in attrs:
            assert body.strip() == ""
    assert " style=" not in page
