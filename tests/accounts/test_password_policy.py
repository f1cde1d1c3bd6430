"""Password policy on the password-change page: at least 12 characters, not common, not only digits, and not
containing the user name or the name of the user's organisation or mission."""

import pytest
from django.contrib.auth import get_user_model

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def change(client, new: str):
    return client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": new,
                                               "new_password2": new})


@pytest.mark.parametrize(("new", "message"), [
    ("Short-pw-26", "This password is too short. It must contain at least 12 characters."),
    ("493817264051", "This password is entirely numeric."),
    ("password1234", "This password is too common."),
    ("xx-Reporter-bridge-77", "The password must not contain your user name."),
    ("kfor-ridge-patrol-51", "The password must not contain the name of your organisation (KFOR)."),
    ("Unmik-ridge-patrol-51", "The password must not contain the name of your organisation (UNMIK)."),
])
def test_the_password_change_page_refuses_weak_passwords_with_a_clear_message(client, people, orgs, mission,
                                                                             new, message):
    from peaceops.core.choices import Role
    from peaceops.core.services import grant_role

    user = people["reporter"]
    grant_role(user=user, mission=mission, organisation=orgs["KFOR"], role=Role.VIEWER)
    client.force_login(user)
    response = change(client, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)


def test_a_good_password_is_accepted_and_the_page_says_the_rules(client, people):
    client.force_login(people["reporter"])
    assert "At least 12 characters" in client.get("/accounts/password/").content.decode()
    response = change(client, "Mitrovica-bridge-at-dawn-7")
    assert response.status_code == 302
    assert get_user_model().objects.get(username="reporter").check_password("Mitrovica-bridge-at-dawn-7")
