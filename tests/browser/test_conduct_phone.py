"""The conduct pages on a 390 px phone: the overview, the list of cases, the intake form and a case's page fit
the screen without scrolling sideways, and each names the classification."""

import pytest

from peaceops.conduct.services import CaseService
from peaceops.testing import world
from tests.browser.test_phones import PHONE, open_page, shot, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_conduct_pages_fit_a_phone(browser, live_server, mission, people):
    cdo = world.person("cdo")
    case = CaseService().create(acting_user=cdo, mission=mission, data={
        "summary": "Transactional sex alleged near a team site", "reported_on": "2026-11-03",
        "personnel_category": "military_contingent", "subjects": 1, "nationality": "POL",
        "classification": "STRICTLY_CONFIDENTIAL", "victims": [{"age_group": "adult", "count": 1}],
        "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}]})
    context, page = open_page(browser, live_server, "cdo", PHONE)
    for url, name in (("/conduct/", "overview"), ("/conduct/cases/", "list"), ("/conduct/cases/new/", "form"),
                      (f"/conduct/cases/{case.pk}/", "detail")):
        page.goto(url)
        page.wait_for_load_state("load")
        shot(page, f"conduct-{name}-phone")
        assert sideways_overflow(page) <= 0, (name, sideways_overflow(page))
        assert "trictly confidential" in page.inner_text("main"), name
    context.close()
