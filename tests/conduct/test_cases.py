"""Conduct cases through the service: the creator reads what they recorded and no one else does, whatever their
role (mission administrator, superuser, analyst, partner), until assigned; references are numbered per year."""

import pytest
from django.contrib.auth import get_user_model

from peaceops.conduct.models import Case
from peaceops.core import assignments
from peaceops.core.services import PermissionDenied

pytestmark = pytest.mark.django_db


def test_the_creator_reads_the_case_and_nobody_else_does(conduct_people, case_of):
    case = case_of(conduct_people["cdo"])
    assert case.reference == "UNMIK-CDT-2026-0001"
    assert list(Case.objects.visible_to(conduct_people["cdo"])) == [case]
    superuser = get_user_model().objects.create_superuser("root", password="x")
    for reader in (conduct_people["admin"], conduct_people["viewer"], conduct_people["kfor"], conduct_people["cdo2"],
                   superuser):
        assert not Case.objects.visible_to(reader).exists(), reader.username
    assignments.assign(case, user=conduct_people["cdo2"], acting_user=conduct_people["cdo"], reason="investigator")
    assert Case.objects.visible_to(conduct_people["cdo2"]).get() == case


def test_only_conduct_officers_record_cases(conduct_people, case_of):
    with pytest.raises(PermissionDenied):
        case_of(conduct_people["admin"])
    assert not Case._base_manager.exists()


def test_references_are_numbered_in_the_year_of_the_report(conduct_people, case_of):
    first = case_of(conduct_people["cdo"])
    second = case_of(conduct_people["cdo2"])
    assert (first.reference, second.reference) == ("UNMIK-CDT-2026-0001", "UNMIK-CDT-2026-0002")
