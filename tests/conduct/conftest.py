"""The conduct tests' people and a case: `cdo` and `cdo2` are UNMIK's conduct and discipline officers
(peaceops.testing.world); `case_of(user, **fields)` records a case as `user` through the service (so `user` is
assigned to it)."""

import datetime as dt

import pytest

from peaceops.conduct.services import CaseService
from peaceops.testing import world


@pytest.fixture
def conduct_people(people):
    """The everyday people and the two conduct officers."""
    return {**people, **world.people("cdo", "cdo2")}


@pytest.fixture
def case_of(mission):
    def record(user, **fields):
        data = {"summary": "Transactional sex alleged near a team site", "reported_on": dt.date(2026, 11, 3),
                "personnel_category": "military_contingent", "subjects": 1, "nationality": "POL",
                "victims": [{"age_group": "adult", "count": 1}],
                "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}], **fields}
        return CaseService().create(acting_user=user, mission=mission, data=data)

    return record
