"""A batch of cases created at once (an import's) assigns its creator to each in bulk (`assign_many`): each
assignment has its change-log entry, the ledger covers every entry and its chain verifies, and each case reads
back to its creator only."""

import datetime as dt

import pytest

from peaceops.conduct.models import Case
from peaceops.conduct.services import CaseService
from peaceops.core.models import ChangeLogEntry, RecordAssignment
from peaceops.ledger.chain import chain_of
from peaceops.ledger.models import LedgerEntry
from peaceops.ledger.verify import verify_chain

pytestmark = pytest.mark.django_db


def row(i: int) -> dict:
    return {
        "summary": f"Allegation {i}",
        "reported_on": dt.date(2026, 11, 3),
        "personnel_category": "formed_police",
        "subjects": 1,
        "nationality": "POL",
        "victims": [{"age_group": "adult", "count": i + 1}],
        "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}],
    }


def test_a_batch_of_cases_assigns_its_creator_to_each_with_its_entry_sealed(mission, conduct_people):
    cdo, cdo2 = conduct_people["cdo"], conduct_people["cdo2"]
    created = CaseService().create_many([row(i) for i in range(5)], acting_user=cdo, mission=mission).created

    ids = {str(c.pk) for c in created}
    assigned = RecordAssignment.objects.filter(record_type="conduct.case", record_id__in=ids)
    assert {(a.user, a.reason) for a in assigned} == {(cdo, "created the record")}
    assert assigned.count() == 5
    entries = ChangeLogEntry.objects.filter(object_type="core.recordassignment")
    assert sorted(e.after["record_id"] for e in entries) == sorted(ids)
    assert {e.mission_id for e in entries} == {mission.pk}
    assert ChangeLogEntry.objects.filter(object_type="conduct.case", object_id__in=ids).count() == 5
    covered = max(LedgerEntry.objects.values_list("last_change_id", flat=True))
    assert covered == max(ChangeLogEntry.objects.values_list("pk", flat=True))
    result = verify_chain(chain_of(mission.pk))
    assert result.broken is None and result.changes == ChangeLogEntry.objects.filter(mission=mission).count()
    assert set(Case.objects.visible_to(cdo).values_list("pk", flat=True)) == {c.pk for c in created}
    assert not Case.objects.visible_to(cdo2).exists()
