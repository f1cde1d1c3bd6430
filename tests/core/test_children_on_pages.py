"""The kit's children on the generic pages (core/kit/children.py), on units (strengths, deployments, rotations):
the record's page shows each kind as a table (verbose names, choice labels, a reference by its name), the form
edits them as formsets (a reference offering the mission's records the user may see), the service's error on a
child shows on that row's field, a form without a child's rows leaves them as stored, and a record type that
does not opt in (sites) keeps its form as it was."""

import pytest
from django.test import Client
from django.urls import reverse

from peaceops.force.models import Unit
from peaceops.force.services import ContingentService, UnitService
from peaceops.sites.services import SiteService
from peaceops.testing.world import build_kit_world


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def site(world, name, *, user, owner, mission=None, classification="PUBLIC"):
    return SiteService().create(acting_user=user, mission=mission or world.mission, owner=owner, data={
        "name": name, "site_type": "team_site", "lon": 20.8, "lat": 42.9, "classification": classification})


@pytest.fixture
def world(db):
    world = build_kit_world("KCH")
    admin = world.users["mission_admin"]
    world.contingent = ContingentService().create(acting_user=admin, mission=world.mission, owner=world.owner,
                                                  data={"name": "Polish contingent", "country": "POL",
                                                        "kind": "military", "classification": "PUBLIC"})
    world.camp = site(world, "Camp Novo Selo", user=admin, owner=world.owner)
    world.hidden = site(world, "Their confidential base", user=world.users["unrelated"], owner=world.unrelated,
                        classification="CONFIDENTIAL")
    world.elsewhere = site(world, "Camp in another mission", user=world.users["outsider"], owner=world.outsiders,
                           mission=world.other_mission)
    return world


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def unit_form(world, **rows):
    return {"contingent": str(world.contingent.pk), "name": "POLBATT", "unit_type": "infantry_battalion",
            "national_caveats": "", "notes": "", "classification": "PUBLIC", **management("strengths", 2),
            **management("deployments", 2), **management("rotations", 2), **rows}


def test_the_unit_form_edits_its_children_and_the_page_shows_them(world):
    client = client_of(world.users["mission_admin"])
    form = client.get(reverse("units:create"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    deployment_site = form[form.index('name="deployments-0-site"'):]
    deployment_site = deployment_site[:deployment_site.index("</select>")]
    assert "Camp Novo Selo" in deployment_site
    assert "Their confidential base" not in deployment_site  # a site the user may not see is not offered
    assert "Camp in another mission" not in deployment_site  # nor one of another mission
    answer = client.post(reverse("units:create"), unit_form(world, **{
        "strengths-0-as_of": "2026-01-31", "strengths-0-rank_category": "officer", "strengths-0-gender": "female",
        "strengths-0-authorised": "12", "strengths-0-deployed": "9",
        "deployments-0-site": str(world.camp.pk), "deployments-0-start": "2025-11-01",
        "deployments-0-strength": "450", "rotations-0-due_on": "2026-05-01", "rotations-0-incoming": "450",
        "rotations-0-outgoing": "450", "rotations-0-status": "planned"}))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    unit = Unit.objects.get(mission=world.mission, name="POLBATT")
    assert UnitService().children_of(unit) == {
        "strengths": [{"as_of": _date("2026-01-31"), "rank_category": "officer", "gender": "female",
                       "authorised": 12, "deployed": 9}],
        "deployments": [{"start": _date("2025-11-01"), "end": None, "site": str(world.camp.pk), "strength": 450}],
        "rotations": [{"due_on": _date("2026-05-01"), "incoming": 450, "outgoing": 450, "status": "planned",
                       "completed_on": None}]}

    page = client.get(answer.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    strengths = page[page.index('id="table-strengths"'):]
    strengths = strengths[:strengths.index("</table>")]
    assert "Rank category" in strengths and "Officers" in strengths and "Women" in strengths  # labels, not codes
    assert "<td>2026-01-31</td>" in strengths  # a date as the watch reads it, whatever the browser's language
    deployments = page[page.index('id="table-deployments"'):]
    assert "Camp Novo Selo" in deployments[:deployments.index("</table>")]


def test_a_service_error_on_a_child_shows_on_that_rows_field(world):
    client = client_of(world.users["mission_admin"])
    answer = client.post(reverse("units:create"), unit_form(world, **{
        "deployments-0-site": str(world.camp.pk), "deployments-0-start": "2025-11-01",
        "deployments-1-site": str(world.camp.pk), "deployments-1-start": "2026-02-01",
        "deployments-1-end": "2026-01-01"}), HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 422
    at = page.index('id="field-deployments-1-end"')
    cell = page[page.rindex("<td", 0, at):page.index("</td>", at)]
    assert "has-error" in cell and "is before the start" in cell
    assert not Unit.objects.filter(mission=world.mission).exists()


def test_a_form_without_a_childs_rows_leaves_them_as_stored(world):
    admin = world.users["mission_admin"]
    unit = UnitService().create(acting_user=admin, mission=world.mission, owner=world.owner, data={
        "contingent": world.contingent.pk, "name": "POLBATT", "unit_type": "infantry_battalion",
        "classification": "PUBLIC", "rotations": [{"due_on": "2026-05-01", "incoming": 10, "outgoing": 10}]})
    form = {k: v for k, v in unit_form(world).items() if not k.startswith(("strengths", "deployments", "rotations"))}
    answer = client_of(admin).post(reverse("units:edit", args=[unit.pk]), {**form, "name": "POLBATT 2"})
    assert answer.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "POLBATT 2" and unit.rotations.count() == 1


def test_a_record_type_that_does_not_opt_in_keeps_its_form(world):
    page = client_of(world.users["mission_admin"]).get(reverse("sites:create")).content.decode()
    assert "TOTAL_FORMS" not in page


def _date(text):
    import datetime as dt

    return dt.date.fromisoformat(text)
