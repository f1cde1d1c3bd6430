"""Two-factor sign-in: enrolment with a real authenticator code, the code step at sign-in, the requirement for
users who see STRICTLY CONFIDENTIAL data, and what it means for their API tokens."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from peaceops.accounts.models import SignInEvent
from peaceops.core.choices import Role
from peaceops.core.models import ApiToken, ChangeLogEntry
from peaceops.core.services import grant_role
from tests.factories import member

from .conftest import code_for, enrol, enrolled, fresh_code, run, sign_in

pytestmark = pytest.mark.django_db


def test_a_user_enrols_by_scanning_the_code_and_confirming_with_a_code(client, people):
    sign_in(client, "watch")
    page = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page and "Two-factor sign-in" in page
    device = TOTPDevice.objects.get(user=people["watch"], confirmed=False)
    assert "issuer=PeaceOps" in device.config_url
    wrong = client.post("/accounts/two-factor/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=people["watch"], confirmed=True).exists()
    response = client.post("/accounts/two-factor/", {"code": code_for(device)}, follow=True)
    assert "Two-factor sign-in is on" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    log = ChangeLogEntry.objects.get(object_type="otp_totp.totpdevice")
    assert log.after == {"user": "watch", "name": "authenticator", "confirmed": True}


def test_sign_in_asks_for_the_code_when_the_user_has_an_authenticator(people):
    device = enrolled(people["watch"])
    client = Client()
    response = sign_in(client, "watch", next_url="/dashboard/")
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/verify/")
    assert "Sign-in code" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302, "nothing else before the code"
    assert client.get("/api/v1/incidents").status_code == 403
    wrong = client.post("/accounts/two-factor/verify/", {"code": "12345x", "next": "/dashboard/"})
    assert "not right" in wrong.content.decode()
    ok = client.post("/accounts/two-factor/verify/", {"code": fresh_code(device), "next": "/dashboard/"})
    assert ok.status_code == 302 and ok["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    outcomes = list(SignInEvent.objects.filter(user=people["watch"]).order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["success", "otp_failed", "otp_passed"]


def test_five_wrong_codes_sign_the_session_out(people):
    enrolled(people["watch"])
    client = Client()
    sign_in(client, "watch")
    for _ in range(4):
        client.post("/accounts/two-factor/verify/", {"code": "abcdef"})
    last = client.post("/accounts/two-factor/verify/", {"code": "abcdef"}, follow=True)
    assert last.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Too many wrong codes" in last.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_strictly_confidential_reader_must_enrol_before_anything_else(people):
    client = Client()
    response = sign_in(client, "sc", next_url="/dashboard/")
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/")
    page = response.content.decode()
    assert "set up two-factor sign-in before going on" in page
    for url in ("/", "/dashboard/", "/accounts/tokens/", "/incidents/"):
        assert client.get(url).status_code == 302, url
    api = client.get("/api/v1/incidents")
    assert api.status_code == 403 and "second factor required" in api.json()["detail"]
    device = TOTPDevice.objects.get(user=people["sc"], confirmed=False)
    done = client.post("/accounts/two-factor/", {"code": code_for(device), "next": "/dashboard/"})
    assert done.status_code == 302 and done["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/v1/incidents").status_code == 200
    # Enrolled: the next sign-in asks for the code; the requirement cannot be switched off by the user.
    again = Client()
    assert sign_in(again, "sc").redirect_chain[-1][0].startswith("/accounts/two-factor/verify/")
    assert "Turn off" not in client.get("/accounts/two-factor/").content.decode()


def test_a_user_who_is_not_required_may_turn_two_factor_off_with_a_code(client, people):
    sign_in(client, "watch")
    device = enrol(client, people["watch"])
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Turn off" in page
    response = client.post("/accounts/two-factor/", {"action": "remove", "code": fresh_code(device)}, follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=people["watch"]).exists()


def test_an_administrator_role_or_superuser_must_enrol_but_others_need_not(people):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password="correct horse battery staple")
    for username, must in (("admin", True), ("root", True), ("viewer", False), ("kfor", False)):
        landing = sign_in(Client(), username).redirect_chain[-1][0]
        assert landing.startswith("/accounts/two-factor/") is must, username


def test_tokens_of_a_user_who_must_use_two_factors_work_only_when_made_after_enrolment(people, mission, orgs):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must enrol in two-factor sign-in"):
        run("create_token", "sc")
    # A token made while the user did not yet see STRICTLY CONFIDENTIAL data...
    analyst = member(mission, orgs["UNMIK"], Role.ANALYST, username="analyst")
    old_secret = run("create_token", "analyst")[0].strip()
    bearer = {"Authorization": f"Bearer {old_secret}"}
    assert Client(headers=bearer).get("/api/v1/incidents").status_code == 200
    # ...stops working once they do, and stays refused after they enrol.
    grant_role(user=analyst, mission=mission, organisation=orgs["UNMIK"], role=Role.STRICTLY_CONFIDENTIAL_READER)
    refused = Client(headers=bearer).get("/api/v1/incidents")
    assert refused.status_code == 403 and "created after enrolling" in refused.json()["detail"]
    device = enrolled(analyst)
    TOTPDevice.objects.filter(pk=device.pk).update(created_at=device.created_at + dt.timedelta(seconds=1))
    assert Client(headers=bearer).get("/api/v1/incidents").status_code == 403
    new_secret = run("create_token", "analyst")[0].strip()
    ApiToken.objects.filter(key_hash=ApiToken.hash_key(new_secret)).update(
        created_at=device.created_at + dt.timedelta(seconds=2))
    assert Client(headers={"Authorization": f"Bearer {new_secret}"}).get("/api/v1/incidents").status_code == 200


def test_reset_two_factor_lets_a_user_who_lost_the_phone_enrol_again(people):
    enrolled(people["sc"])
    out, _ = run("reset_two_factor", "sc")
    assert "1 two-factor device(s) of sc removed" in out
    assert sign_in(Client(), "sc").redirect_chain[-1][0].startswith("/accounts/two-factor/")
    assert ChangeLogEntry.objects.filter(object_type="otp_totp.totpdevice", action="delete").exists()


def test_the_right_code_at_once_after_a_wrong_one_signs_in(people):
    """django-otp makes the device wait a second after a wrong code; the right code typed straight after used
    to be refused as "too many wrong codes"."""
    device = enrolled(people["watch"])
    client = Client()
    sign_in(client, "watch", next_url="/dashboard/")
    wrong = client.post("/accounts/two-factor/verify/", {"code": "000000" if fresh_code(device) != "000000"
                                                         else "111111", "next": "/dashboard/"})
    assert "That code is not right." in wrong.content.decode()
    ok = client.post("/accounts/two-factor/verify/", {"code": fresh_code(device), "next": "/dashboard/"})
    assert ok.status_code == 302 and ok["Location"] == "/dashboard/"
    outcomes = list(SignInEvent.objects.filter(user=people["watch"]).order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["success", "otp_failed", "otp_passed"]


def test_after_several_wrong_codes_the_page_says_how_long_to_wait(people):
    device = enrolled(people["watch"])
    device.throttling_failure_count, device.throttling_failure_timestamp = 3, timezone.now()  # 4 s to wait
    device.save()
    client = Client()
    sign_in(client, "watch")
    page = client.post("/accounts/two-factor/verify/", {"code": fresh_code(device)}).content.decode()
    assert re.search(r"Several wrong codes in a row: wait \d seconds, then type the code your app shows", page)


def test_enrolment_accepts_the_right_code_at_once_after_a_wrong_one(client, people):
    sign_in(client, "watch")
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=people["watch"], confirmed=False)
    client.post("/accounts/two-factor/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    response = client.post("/accounts/two-factor/", {"code": code_for(device)}, follow=True)
    assert "Two-factor sign-in is on" in response.content.decode()
