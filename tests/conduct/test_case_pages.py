"""The conduct case pages as a conduct officer drives them (forms posted as the browser sends them): recording a
case at intake and landing on its page, the list, the case's page with its children, the Assignments panel,
break-glass from the list page, the overview of one's own cases; and need-to-know: a mission administrator, a
superuser, an analyst and a partner see no case, no count and no search hit."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from peaceops.conduct.models import Case
from peaceops.core.kit.search import search
from peaceops.core.models import BreakGlassAccess, RecordAssignment
from peaceops.testing import world

pytestmark = pytest.mark.django_db
LIST, OVERVIEW = "/conduct/cases/", "/conduct/"


def management(prefix: str, total: int = 2) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def intake(**changes) -> dict:
    """The intake form as a conduct officer fills it: two victim groups, two kinds of allegation (the order
    left blank, as the form shows it), the officer as the case's owner."""
    form = {
        "summary": "Transactional sex alleged near the team site, twice in October",
        "reported_on": "2026-11-03",
        "reported_precision": "day",
        "incident_from": "2026-10-01",
        "incident_from_precision": "month",
        "incident_to": "",
        "incident_to_precision": "unknown",
        "personnel_category": "military_contingent",
        "nationality": "pol",
        "subjects": "2",
        "category": "I",
        "paternity_claim": "on",
        "classification": "STRICTLY_CONFIDENTIAL",
        "reason": "intake",
        **management("victims"),
        "victims-0-age_group": "adult",
        "victims-0-count": "1",
        "victims-1-age_group": "child",
        "victims-1-count": "2",
        **management("allegations"),
        "allegations-0-kind": "transactional_sex",
        "allegations-1-kind": "exploitative_relationship",
    }
    return {**form, **changes}


def test_a_conduct_officer_records_a_case_and_lands_on_its_page(client_as, conduct_people):
    cdo = conduct_people["cdo"]
    client = client_as(cdo)
    form = client.get(f"{LIST}new/").content.decode()
    assert 'id="field-summary"' in form and 'value="STRICTLY_CONFIDENTIAL" selected' in form
    assert f'<option value="{cdo.pk}">' in form and f'value="{conduct_people["admin"].pk}"' not in form
    answer = client.post(f"{LIST}new/", intake(lead_officer=str(cdo.pk)), follow=True)
    case = Case.objects.visible_to(cdo).get()
    assert answer.redirect_chain[-1][0] == f"{LIST}{case.pk}/"
    page = answer.content.decode()
    assert case.reference == "UNMIK-CDT-2026-0001" and case.nationality == "POL" and case.paternity_claim
    assert [(a.position, a.kind) for a in case.allegations.all()] == [
        (0, "transactional_sex"),
        (1, "exploitative_relationship"),
    ]
    assert sorted((v.age_group, v.count) for v in case.victims.all()) == [("adult", 1), ("child", 2)]
    assert 'id="case-reference">UNMIK-CDT-2026-0001<' in page and 'id="case-status">Received<' in page
    assert 'id="case-owner">cdo<' in page and 'id="case-classification">Strictly confidential<' in page
    assert 'id="case-due">—<' in page and "Need-to-know" in page
    for child in ("victims", "allegations", "results", "actions", "assistance"):
        assert f'id="children-{child}"' in page
    assert "Sexual exploitation: exploitative relationship" in page
    assert 'id="assignments"' in page and 'data-user="cdo"' in page  # its creator (and owner) is assigned
    assert LIST in client.get(LIST).content.decode() and case.reference in client.get(LIST).content.decode()


def test_naming_another_conduct_officer_as_owner_assigns_them(client_as, conduct_people):
    client = client_as(conduct_people["cdo"])
    assert client.post(f"{LIST}new/", intake(lead_officer=str(conduct_people["cdo2"].pk))).status_code == 302
    case = Case.objects.visible_to(conduct_people["cdo2"]).get()
    assert case.lead_officer == conduct_people["cdo2"]
    assert RecordAssignment.objects.filter(record_id=str(case.pk), reason="case owner").count() == 1


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"reported_on": ""}, "reported_on"),
        ({"nationality": "POL", "personnel_category": "contractor"}, "nationality"),
        (
            {"incident_from": "2026-10-05", "incident_to": "2026-10-01", "incident_to_precision": "day"},
            "incident_to",
        ),
        ({"category": "III"}, "category"),
        ({"victims-0-age_group": "elder"}, "victims-0-age_group"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_recorded(client_as, conduct_people, changes, field):
    answer = client_as(conduct_people["cdo"]).post(f"{LIST}new/", intake(**changes))
    assert answer.status_code == 422
    page = answer.content.decode()
    assert f'id="field-{field}"' in page and "has-error" in page.split(f'id="field-{field}"')[0][-200:]
    assert not Case._base_manager.exists()


def test_only_a_conduct_officer_may_record_a_case(client_as, conduct_people):
    client = client_as(conduct_people["admin"])
    assert client.get(f"{LIST}new/").status_code == 403
    assert client.post(f"{LIST}new/", intake()).status_code == 403
    assert not Case._base_manager.exists()


def test_no_one_else_sees_a_case_its_count_or_a_search_hit(client, client_as, conduct_people, case_of):
    case = case_of(conduct_people["cdo"])
    superuser = get_user_model().objects.create_superuser("root", password="x")
    readers = [conduct_people[name] for name in ("admin", "viewer", "kfor", "cdo2")] + [superuser]
    readers.append(world.person("analyst"))
    for reader in readers:
        client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
        listing = client.get(LIST)
        assert listing.status_code == 200, reader.username
        assert case.reference not in listing.content.decode() and "No case you are assigned to." in (
            listing.content.decode()
        ), reader.username
        assert listing.context["table"].paginator.count == 0, reader.username
        assert client.get(f"{LIST}{case.pk}/").status_code == 404, reader.username
        assert client.get(f"{LIST}{case.pk}/history/").status_code == 404, reader.username
        assert (
            client.post(
                f"{LIST}{case.pk}/assignments/",
                {"action": "assign", "username": reader.username, "reason": "me"},
            ).status_code
            == 404
        )
        overview = client.get(OVERVIEW)
        assert overview.status_code == 200 and case.reference not in overview.content.decode(), (
            reader.username
        )
        assert search(reader, case.reference).count == 0, reader.username
        found = client.get("/search/", {"q": case.reference})
        assert found.context["results"].count == 0, reader.username
        assert f"{LIST}{case.pk}/" not in found.content.decode(), reader.username
    assert search(conduct_people["cdo"], case.reference).hits[0].record == case
    assert search(conduct_people["cdo"], "transactional").count == 0  # the summary is not searched


def test_a_second_officer_reads_the_case_once_assigned_through_the_panel(
    client_as, client, conduct_people, case_of
):
    case = case_of(conduct_people["cdo"])
    cdo2 = conduct_people["cdo2"]
    client.force_login(cdo2, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"{LIST}{case.pk}/").status_code == 404
    client.force_login(conduct_people["cdo"], backend="django.contrib.auth.backends.ModelBackend")
    url = f"{LIST}{case.pk}/assignments/"
    blank = client.post(url, {"action": "assign", "username": "cdo2", "reason": ""})
    assert blank.status_code == 400 and blank.context["assignment_form"].errors.keys() == {"reason"}
    assert (
        client.post(url, {"action": "assign", "username": "cdo2", "reason": "investigator"}).status_code
        == 302
    )
    client.force_login(cdo2, backend="django.contrib.auth.backends.ModelBackend")
    assert case.reference in client.get(f"{LIST}{case.pk}/").content.decode()
    assert case.reference in client.get(LIST).content.decode()
    assert search(cdo2, case.reference).count == 1


def test_break_glass_from_the_list_page_with_a_reason_opens_the_case(client_as, conduct_people, case_of):
    case = case_of(conduct_people["cdo"])
    client = client_as(conduct_people["cdo2"])
    listing = client.get(LIST).content.decode()
    assert f'href="{LIST}break-glass/"' in listing
    refused = client.post(f"{LIST}break-glass/", {"record": str(case.pk), "reason": " "})
    assert refused.status_code == 400 and refused.context["form"].errors.keys() == {"reason"}
    opened = client.post(
        f"{LIST}break-glass/", {"record": str(case.pk), "reason": "victim at risk tonight"}, follow=True
    )
    assert opened.redirect_chain[-1][0] == f"{LIST}{case.pk}/"
    assert 'id="case-reference">UNMIK-CDT-2026-0001<' in opened.content.decode()
    assert BreakGlassAccess.objects.get().reason == "victim at risk tonight"
    page = client_as(conduct_people["cdo"]).get(f"{LIST}{case.pk}/").content.decode()
    assert 'id="break-glass-accesses"' in page and "victim at risk tonight" in page  # the owner is told


def test_the_overview_lists_my_cases_by_status_what_is_due_and_overdue(client_as, conduct_people, case_of):
    now = timezone.now()
    due = case_of(conduct_people["cdo"])
    late = case_of(conduct_people["cdo"], reported_on=dt.date(2026, 10, 1))
    others = case_of(conduct_people["cdo2"])
    Case._base_manager.filter(pk=due.pk).update(step_due_at=now + dt.timedelta(days=3), status="assessment")
    Case._base_manager.filter(pk=late.pk).update(step_due_at=now - dt.timedelta(days=1))
    Case._base_manager.filter(pk=others.pk).update(step_due_at=now + dt.timedelta(days=1))
    answer = client_as(conduct_people["cdo"]).get(OVERVIEW)
    page = answer.content.decode()
    overdue = page.split('id="conduct-overdue"')[1].split("</section>")[0]
    coming = page.split('id="conduct-due"')[1].split("</section>")[0]
    assert late.reference in overdue and due.reference not in overdue
    assert due.reference in coming and late.reference not in coming
    assert others.reference not in page  # cdo2's case: not mine
    assert [(g["status"], len(g["cases"])) for g in answer.context["by_status"] if g["cases"]] == [
        ("received", 1),
        ("assessment", 1),
    ]
    assert 'id="conduct-link-cases"' in page and 'id="conduct-link-new-case"' in page
    assert 'id="nav-conduct"' in page and "strictly confidential" in page


def test_the_overview_opens_without_cases_for_other_roles_and_the_nav_shows_it(client_as, conduct_people):
    page = client_as(conduct_people["admin"]).get(OVERVIEW).content.decode()
    assert 'id="nav-conduct"' in page and 'id="conduct-my-cases"' not in page
    assert 'id="conduct-link-new-case"' not in page and 'id="conduct-link-cases"' not in page
