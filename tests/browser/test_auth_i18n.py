"""Sign in through the form as a watch officer, switch the interface to Albanian, see the chrome in Albanian."""

import datetime as dt

import pytest
from django.utils import timezone

from peaceops.testing.world import create, make_areas, random_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_watch_officer_signs_in_and_switches_to_albanian(page, mission, people, signed_in):
    make_areas(mission)
    today = timezone.now().date()
    create(random_seeds(40, today - dt.timedelta(weeks=20), today), mission, people)
    signed_in(page, "watch", next_path="/dashboard/")
    assert page.url.endswith("/dashboard/")
    assert "UNMIK" in page.inner_text("#header-affiliation")
    assert "Watch officer" in page.inner_text("#header-affiliation")
    assert page.is_visible("text=Sign out")

    with page.expect_navigation():
        page.select_option("#language-switch", "sq")  # the select submits its form by itself
    assert page.get_attribute("html", "lang") == "sq"
    assert page.is_visible("text=Dil")  # Sign out
    assert page.is_visible("h2:has-text('Raporti ditor i situatës')")
    assert page.is_visible("nav >> text=Paneli")
    assert "Oficer kujdestar" in page.inner_text("#header-affiliation")  # Watch officer
    assert page.is_visible("#chart-incidents")


def test_wrong_password_in_the_browser(page, people):
    page.goto("/accounts/login/")
    page.fill("#id_username", "watch")
    page.fill("#id_password", "wrong")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    assert page.is_visible("[role=alert]")
    assert "/accounts/login/" in page.url
