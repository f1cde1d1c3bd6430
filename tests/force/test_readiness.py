"""Readiness on the hand-checked registry of `registry_example`: deployed against authorised strength per unit
(its latest strength return) and contingent, rotations due in the next 60 days (one due in 61 days is not,
overdue ones are flagged, completed ones are gone), what a user may not see counts nowhere, and the overview
page for a viewer, phone-sized."""

import datetime as dt

import pytest

from peaceops.force.readiness import readiness, rotations_due

from . import registry_example

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def registry():
    return registry_example.build(TODAY)


def test_deployed_against_authorised_per_unit_and_contingent(registry):
    ready = readiness(registry["viewer"], registry["mission"])
    units = {u.label: (u.authorised, u.deployed, u.as_of) for u in ready.units}
    assert units == {"POLBAT": (526, 500, dt.date(2026, 6, 1)), "POLSTAFF": (15, 10, dt.date(2026, 3, 1)),
                     "INDFPU": (160, 140, dt.date(2026, 2, 1))}
    contingents = {c.label: (c.units, c.authorised, c.deployed, c.gap) for c in ready.contingents}
    assert contingents == {"Polish contingent": (2, 541, 510, 31), "Indian police": (1, 160, 140, 20)}
    assert next(c for c in ready.contingents if c.label == "Indian police").percent == 87.5


def test_a_confidential_unit_of_another_organisation_is_not_counted(registry):
    kfor = readiness(registry["kfor"], registry["mission"])
    assert {u.label for u in kfor.units} == {"POLBAT", "POLSTAFF", "INDFPU", "KFORBAT"}
    assert {c.label: c.authorised for c in kfor.contingents}["KFOR contingent"] == 200
    viewer = readiness(registry["viewer"], registry["mission"])
    assert "KFORBAT" not in {u.label for u in viewer.units}
    assert sum(c.authorised for c in viewer.contingents) == 701


def test_rotations_due_in_the_next_60_days(registry):
    due = rotations_due(registry["viewer"], registry["mission"], TODAY)
    assert [(r.unit, r.days_left, r.overdue) for r in due] == [("INDFPU", -3, True), ("POLBAT", 60, False)]
    assert due[0].overdue_days == 3
    kfor = rotations_due(registry["kfor"], registry["mission"], TODAY)
    assert [r.unit for r in kfor] == ["INDFPU", "KFORBAT", "POLBAT"]  # its own unit's, in 5 days
    assert [r.unit for r in rotations_due(registry["viewer"], registry["mission"], TODAY, days=61)] == [
        "INDFPU", "POLBAT", "POLSTAFF"]


def test_the_overview_page_for_a_viewer(registry, client_as):
    page = client_as(registry["viewer"]).get("/force/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="nav-force"' in html
    row = html[html.index('data-contingent="Polish contingent"'):]
    row = row[:row.index("</tr>")]
    assert ">541<" in row and ">510<" in row and "94 %" in row
    rotations = html[html.index('id="rotations-due"'):html.index('id="wps-current"')]
    assert 'data-unit="POLBAT"' in rotations and "In 60 days" in rotations
    assert 'data-unit="POLSTAFF"' not in rotations  # due in 61 days
    assert 'class="overdue"' in rotations and "Overdue by 3 days" in rotations
    assert "KFOR" not in html
    assert 'data-category="military_contingent"' in html and 'viewBox="0 0 390 200"' in html
    assert html.count('<div class="table-scroll"><table') == 4  # wide tables scroll in their own box on a phone


def test_the_overview_needs_the_force_registry(registry, client_as):
    from peaceops.core.choices import Role
    from peaceops.core.models import RolePermission

    RolePermission.objects.filter(role=Role.VIEWER, permission="force.unit.view").delete()
    client = client_as(registry["viewer"])
    assert client.get("/force/").status_code == 403
    assert 'id="nav-force"' not in client.get("/dashboard/").content.decode()


def test_a_contingent_the_user_may_not_see_is_not_named(registry):
    """A PUBLIC unit of KFOR's CONFIDENTIAL contingent: UNMIK's viewer counts the unit, under no name."""
    from peaceops.force.services import UnitService
    from peaceops.force.wps import HIDDEN_CONTINGENT, by_contingent, unit_years
    from peaceops.testing import world

    UnitService().create_many([{"contingent": "KFOR-C", "name": "KFORMED", "unit_type": "medical",
                                "classification": "PUBLIC", "source_id": "U5",
                                "strengths": [registry_example.strength("2026-04-01", "officer", "female", 4, 2),
                                              registry_example.strength("2026-04-01", "officer", "male", 6, 6)]}],
                              acting_user=None, mission=registry["mission"], owner=world.organisation("KFOR"),
                              system=True)
    ready = readiness(registry["viewer"], registry["mission"])
    hidden = next(c for c in ready.contingents if c.label == str(HIDDEN_CONTINGENT))
    assert (hidden.units, hidden.authorised, hidden.deployed) == (1, 10, 8)
    assert "KFOR contingent" not in {c.label for c in ready.contingents}
    shares = by_contingent(unit_years(registry["viewer"], registry["mission"]), {})
    assert [(s.label, s.women, s.total) for s in shares if s.label == str(HIDDEN_CONTINGENT)] == [
        (str(HIDDEN_CONTINGENT), 2, 8)]
    assert {c.label for c in readiness(registry["kfor"], registry["mission"]).contingents} >= {"KFOR contingent"}
