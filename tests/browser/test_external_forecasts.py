"""An analyst follows the early-warning section's link to the external forecasts page, chooses a set and reads
its scores, swapped into the page by htmx."""

import pytest

from tests.analytics.test_external_forecasts import _world, import_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(mission, people):
    """The world of tests/analytics/test_external_forecasts.py, committed for this transactional test."""
    return _world()


def test_an_analyst_opens_a_sets_scores_from_early_warning(page, world, people, signed_in):
    forecast = import_file("samples_pgm_long.csv", people["reporter"])
    signed_in(page, "viewer", next_path="/dashboard/")
    page.click("#early-warning a[href='/analytics/external-forecasts/']")
    page.wait_for_selector(f"#external-set-list tr[data-forecast='{forecast.pk}']")
    page.click(f"#external-set-list tr[data-forecast='{forecast.pk}'] a")
    page.wait_for_selector("#external-scores #pooled-scores tr[data-metric='crps']")
    assert page.url.endswith(f"/analytics/external-forecasts/{forecast.pk}/")  # pushed: a link to share
    assert page.locator("h1").count() == 1  # the panel came alone, not a page in the page
    crps = page.inner_text("#pooled-scores tr[data-metric='crps']")
    assert "CRPS" in crps and "(" in crps  # a ratio with its interval
    assert page.locator("#horizon-scores tbody tr").count() == 3
