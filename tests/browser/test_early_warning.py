"""The dashboard's early-warning section arrives by htmx after the page: an analyst sees this week's unusual
municipality in it."""

import datetime as dt

import pytest
from django.utils import timezone

from peaceops.testing.world import Seed, create, make_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_early_warning_section_loads_into_the_dashboard(page, mission, people, signed_in):
    areas = make_areas(mission)
    now = timezone.now() - dt.timedelta(minutes=10)
    create([Seed(now - dt.timedelta(minutes=i), "mission/crime", 0, 0, "Westmark", "PUBLIC", "UNMIK", f"w{i}")
            for i in range(4)], mission, people)
    signed_in(page, "viewer", next_path="/dashboard/")
    page.wait_for_selector(f"#early-warning #anomalies tr[data-area='{areas['Westmark'].pk}']")
    assert "Westmark" in page.inner_text("#early-warning #anomalies")
    assert page.is_visible("#early-warning h2")
    assert page.locator("#early-warning h2").count() == 1
