"""The tests-only conduct cases (tests/recordtypes' ConductCase: the kit's need-to-know pages under
/testrecords/cases/ and its break-glass and assignments API) under the kit's need-to-know tests
(peaceops.testing.need_to_know): what a new need-to-know record type gets without code of its own."""

from django.utils import timezone

from peaceops.core import assignments
from peaceops.core.choices import Classification, Role
from peaceops.core.models import RolePermission
from peaceops.testing.need_to_know import NeedToKnowSpec, NeedToKnowTests
from tests.recordtypes.models import ConductCase


def grant_conduct_officers(mission):
    for action in ("view", "assign", "break_glass"):
        RolePermission.objects.get_or_create(
            role=Role.CONDUCT_OFFICER, permission=f"testrecords.conductcase.{action}"
        )


def record_case(user, mission, owner):
    from peaceops.testing import world

    now = timezone.now()
    case = ConductCase.objects.create(
        mission=mission,
        owner=world.organisation("UNMIK"),
        title="Case of the fuel",
        classification=Classification.CONFIDENTIAL,
        created_at=now,
        updated_at=now,
    )
    assignments.assign(case, user=user, acting_user=user, reason="recorded it", system=True)
    return case


class TestTheKitsConductCasesAreNeedToKnow(NeedToKnowTests):
    spec = NeedToKnowSpec(
        model=ConductCase,
        create=record_case,
        need_to_know_api="/api/v1/testrecords/cases",
        namespace="testrecords",
        prepare=grant_conduct_officers,
    )
