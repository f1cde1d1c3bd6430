"""Conduct cases under the kit's need-to-know tests (peaceops.testing.need_to_know): no one unassigned (mission
administrator, superuser, analyst, viewer, KFOR) sees a case, its count or a search hit; the creator and those
assigned read it; break-glass needs the permission and a reason, is sealed in the ledger and tells the case owner
(the lead officer) and the assignees.

The routes are parameters: `API`, `NAMESPACE` and `SEARCH` name the cases' API, pages and search key (the cases
pages and API are built beside this test; where a route is not there yet, its paths are not asked)."""

import datetime as dt

from peaceops.conduct.models import Case
from peaceops.conduct.services import CaseService
from peaceops.testing.need_to_know import NeedToKnowSpec, NeedToKnowTests

API = "/api/v1/conduct/cases"
NAMESPACE = "cases"
SEARCH = "conduct-cases"


def record_case(user, mission, owner):
    data = {
        "summary": "Transactional sex alleged near a team site",
        "reported_on": dt.date(2026, 11, 3),
        "personnel_category": "military_contingent",
        "subjects": 1,
        "nationality": "POL",
        "victims": [{"age_group": "adult", "count": 1}],
        "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}],
        "lead_officer": owner,
    }
    return CaseService().create(acting_user=user, mission=mission, data=data)


class TestConductCasesAreNeedToKnow(NeedToKnowTests):
    spec = NeedToKnowSpec(
        model=Case,
        create=record_case,
        creator="cdo",
        officer="cdo2",
        owner="cdo-lead",
        api=API,
        namespace=NAMESPACE,
        search_key=SEARCH,
    )
