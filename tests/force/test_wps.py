"""Women, peace and security figures on the hand-checked registry of `registry_example` (its docstring works
every number out): the women's share by UN mission and year from the UN's contributions, by contingent, unit
type and personnel category from the units' strengths, against the mission's targets ("no target set" when it
set none); what a user may not see counts nowhere; the pages (and the dashboard's section) for a viewer,
phone-sized; setting targets: who may and who may not, and the change log."""

import re

import pytest

from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry, RolePermission
from peaceops.core.services import PermissionDenied
from peaceops.force import wps
from peaceops.force.models import GenderTarget
from peaceops.force.targets import set_gender_target

from . import registry_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    return registry_example.build()


def _find(shares, label, year, category=""):
    found = [s for s in shares if (s.label, s.year, s.category) == (label, year, category)]
    assert len(found) == 1, (label, year, category, shares)
    return found[0]


def test_shares_by_un_mission_and_year_from_the_yearly_contributions(registry):
    shares = wps.contribution_shares(registry["viewer"], registry["mission"])
    unmiss = _find(shares, "UNMISS", 2019)
    assert (unmiss.women, unmiss.total) == (12, 102)  # ALB 2 + BGD 10; not the monthly row, not KFOR's
    assert unmiss.percent == pytest.approx(11.7647, abs=1e-3) and unmiss.target is None
    military = _find(shares, "UNMISS", 2019, "military_contingent")
    assert (military.women, military.total, military.target, military.meets_target) == (9, 89, 8, True)
    assert (_find(shares, "UNMISS", 2018).women, _find(shares, "UNMISS", 2018).total) == (5, 100)
    minusca = _find(shares, "MINUSCA", 2019)  # no "all" row: the categories add up
    assert (minusca.women, minusca.total) == (30, 220)
    police = _find(shares, "MINUSCA", 2019, "individual_police")
    assert (police.women, police.total, police.target, police.meets_target) == (10, 20, None, None)
    assert {s.label for s in shares} == {"UNMISS", "MINUSCA"}  # the snapshot (no UN mission) is left out
    assert [(s.year, s.women, s.total) for s in wps.by_year(shares)] == [(2018, 5, 100), (2019, 42, 322)]


def test_a_contribution_the_user_may_not_see_is_not_counted(registry):
    kfor_sees = _find(wps.contribution_shares(registry["kfor"], registry["mission"]), "UNMISS", 2019)
    assert (kfor_sees.women, kfor_sees.total) == (112, 202)  # its own CONFIDENTIAL NPL row counts for KFOR


def test_shares_of_the_units_by_category_contingent_and_unit_type(registry):
    viewer, mission = registry["viewer"], registry["mission"]
    years = wps.unit_years(viewer, mission)
    targets = wps.targets_of(mission)
    categories = wps.by_category(years, targets, 2026)
    assert [c.category for c in categories] == ["military_contingent", "staff_observers", "formed_police",
                                               "individual_police"]
    military, staff, fpu, ipo = categories
    assert (military.women, military.total, military.percent) == (26, 500, 5.2)
    assert (military.target, military.meets_target) == (10, False)
    assert (staff.women, staff.total, staff.percent, staff.target, staff.meets_target) == (3, 10, 30.0, 25, True)
    assert (fpu.women, fpu.total, fpu.target) == (30, 140, None)
    assert fpu.percent == pytest.approx(21.4286, abs=1e-3)
    assert (ipo.total, ipo.percent, ipo.target) == (0, None, None)
    earlier = _find(wps.by_category(years, targets), "", 2025, "military_contingent")
    assert (earlier.women, earlier.total, earlier.target) == (4, 400, None)

    contingents = wps.by_contingent(years, targets)
    polish = _find(contingents, "Polish contingent", 2026, "military_contingent")
    assert (polish.women, polish.total) == (26, 500)
    assert _find(contingents, "Polish contingent", 2026, "staff_observers").percent == 30.0
    assert "KFOR contingent" not in {s.label for s in contingents}
    by_type = wps.by_unit_type(years, targets)
    assert _find(by_type, "Infantry battalion", 2026, "military_contingent").total == 500
    assert _find(by_type, "Formed police unit", 2026, "formed_police").women == 30


def test_a_confidential_unit_of_another_organisation_counts_only_for_who_may_see_it(registry):
    mission = registry["mission"]
    targets = wps.targets_of(mission)
    kfor = wps.by_category(wps.unit_years(registry["kfor"], mission), targets, 2026)[0]
    assert (kfor.women, kfor.total, kfor.percent) == (126, 700, 18.0)  # U1 and KFOR's own U4
    viewer = wps.by_category(wps.unit_years(registry["viewer"], mission), targets, 2026)[0]
    assert (viewer.women, viewer.total) == (26, 500)


def test_the_wps_page_shows_the_tables_against_the_targets(registry, client_as):
    page = client_as(registry["viewer"]).get("/force/wps/", {"un_mission": "UNMISS"})
    assert page.status_code == 200
    html = page.content.decode()
    row = _row(html, 'data-label="UNMISS" data-year="2019" data-category="military_contingent"')
    assert "10.1 %" in row and "8 %" in row and "reached" in row
    row = _row(html, 'data-label="MINUSCA" data-year="2019" data-category="individual_police"')
    assert "50.0 %" in row and "no target set" in row
    row = _row(html, 'data-label="" data-year="2026" data-category="military_contingent"')
    assert "5.2 %" in row and "10 %" in row and "below" in row
    assert 'data-label="KFOR contingent"' not in html and "KFORBAT" not in html
    chart = re.search(r'<svg class="chart share-chart" viewBox="0 0 390 200"[^>]*id="chart-wps-years"', html)
    assert chart, "the chart is drawn for a 390 px wide screen and scales (viewBox)"
    assert html.count('data-label="2019"') == 1 and html.count('data-label="2018"') == 1  # UNMISS's two years
    assert 'style="' not in html.split("<main", 1)[-1]  # the CSP allows no inline style


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</tr>", start)]


def test_the_dashboard_has_the_wps_chart_for_who_may_view_contributions(registry, client_as):
    page = client_as(registry["viewer"]).get("/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="wps-section"' in html and 'id="chart-wps"' in html
    assert "2019: 13.0 % (42 women of 322)." in html  # all UN missions together (no UNMIK in the table)
    RolePermission.objects.filter(role=Role.VIEWER, permission="force.contribution.view").delete()
    assert 'id="wps-section"' not in client_as(registry["viewer"]).get("/dashboard/").content.decode()


def test_the_dashboard_draws_this_years_categories_against_their_targets(registry, client_as, monkeypatch):
    """The UN's table has no categories and the targets are per category: the dashboard adds this year's share
    of the mission's units per category, with a black mark at each category's target (orange below it)."""
    from peaceops.web.dashboard import wps as dashboard_wps

    monkeypatch.setattr(dashboard_wps, "this_year", lambda: 2026)  # the example's year
    html = client_as(registry["viewer"]).get("/dashboard/").content.decode()
    assert "2026 by personnel category, against the mission's targets" in html
    chart = html[html.index('id="chart-wps-categories"'):]
    chart = chart[:chart.index("</svg>")]
    bars = {label: body for label, body in re.findall(r'<g data-label="([^"]+)">(.*?)</g>', chart, re.S)}
    assert set(bars) == {"Military", "Staff, obs.", "FPU"}  # nobody counted among individual police: no bar
    assert 'class="target"' in bars["Military"] and 'fill="#E69F00"' in bars["Military"]  # 5.2 % below 10 %
    assert "Military: 5.2 % (target 10 %)" in bars["Military"]
    assert 'class="target"' in bars["Staff, obs."] and 'fill="#0072B2"' in bars["Staff, obs."]  # 30 % over 25 %
    assert 'class="target"' not in bars["FPU"]  # no target set for formed police
    year_chart = html[html.index('id="chart-wps"'):]
    assert 'class="target"' not in year_chart[:year_chart.index("</svg>")]  # all personnel: no category target
    legends = re.findall(r'<p class="muted">(Bars: [^<]*)</p>', html)
    assert legends == ["Bars: the share of women.", "Bars: the share of women. Black marks: the mission's targets. "
                                                    "Orange bars are below their target."]
    RolePermission.objects.filter(role=Role.VIEWER, permission="force.unit.view").delete()
    html = client_as(registry["viewer"]).get("/dashboard/").content.decode()
    assert 'id="chart-wps"' in html and 'id="chart-wps-categories"' not in html


# --- setting targets ------------------------------------------------------------------------------------------
def test_an_administrator_sets_a_target_on_the_page_and_the_change_is_logged(registry, client_as):
    client = client_as(registry["admin"])
    answer = client.post("/force/targets/", {"year": 2027, "personnel_category": "formed_police", "share": "17.5"})
    assert answer.status_code == 302
    target = GenderTarget.objects.get(mission=registry["mission"], year=2027, personnel_category="formed_police")
    assert target.share == 17.5
    entry = ChangeLogEntry.objects.get(object_type="force.gendertarget", object_id=str(target.pk))
    assert (entry.action, entry.actor, entry.after["share"]) == ("create", registry["admin"], "17.50")
    html = client.get("/force/targets/").content.decode()
    assert "17.5 %" in _row(html, 'data-year="2027"') and "no target set" in _row(html, 'data-year="2027"')
    assert client.post("/force/targets/", {"year": 2027, "personnel_category": "formed_police",
                                           "share": ""}).status_code == 302
    assert not GenderTarget.objects.filter(year=2027).exists()
    assert ChangeLogEntry.objects.filter(object_type="force.gendertarget", action="delete").count() == 1


def test_a_target_out_of_range_is_refused_naming_the_field(registry, client_as):
    answer = client_as(registry["admin"]).post("/force/targets/", {"year": 2027, "personnel_category": "formed_police",
                                                                  "share": "150"})
    assert answer.status_code == 400 and 'id="field-share"' in answer.content.decode()
    assert not GenderTarget.objects.filter(year=2027).exists()


@pytest.mark.parametrize("who", ["viewer", "reporter", "kfor"])
def test_who_may_not_set_targets_is_refused(registry, client_as, who):
    client = client_as(registry[who])
    html = client.get("/force/targets/").content.decode()
    assert 'id="target-form"' not in html and 'data-year="2026"' in html
    answer = client.post("/force/targets/", {"year": 2026, "personnel_category": "military_contingent", "share": 50})
    assert answer.status_code == 403
    assert GenderTarget.objects.get(year=2026, personnel_category="military_contingent").share == 10
    with pytest.raises(PermissionDenied):
        set_gender_target(acting_user=registry[who], mission=registry["mission"], year=2026,
                          personnel_category="military_contingent", share=50)


def test_the_permission_code_not_the_role_decides(registry, client_as):
    RolePermission.objects.create(role=Role.VIEWER, permission="force.gender_target.change")
    answer = client_as(registry["viewer"]).post("/force/targets/", {"year": 2026, "personnel_category": "formed_police",
                                                                   "share": 12})
    assert answer.status_code == 302
    assert GenderTarget.objects.get(year=2026, personnel_category="formed_police").share == 12


def test_an_administrator_of_another_mission_may_not_set_this_missions_targets(registry):
    from peaceops.testing import world

    outsider = world.person("minusca-admin")
    with pytest.raises(PermissionDenied):
        set_gender_target(acting_user=outsider, mission=registry["mission"], year=2026,
                          personnel_category="formed_police", share=12)
