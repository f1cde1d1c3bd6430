"""Contingents and units in the one search: found by source id (first) and name, only by who may see them;
their national caveats and notes (withheld from partners) are never searched."""

from peaceops.core.kit.search import EXACT_ID, TITLE, search
from peaceops.force.services import ContingentService, UnitService


def test_a_reader_finds_only_the_contingents_and_units_visible_to_them(mission, people):
    admin = people["admin"]
    shared = ContingentService().create(acting_user=admin, mission=mission, data={
        "name": "Polish contingent", "country": "POL", "source_id": "POL-MIL", "classification": "CONFIDENTIAL",
        "releasable_to": ["KFOR"], "national_caveats": "No crowd control in Zvečan"})
    unit = UnitService().create(acting_user=admin, mission=mission, data={
        "name": "Polish infantry company", "contingent": "POL-MIL", "classification": "CONFIDENTIAL"})
    found = {hit.record.pk: hit.rank for hit in search(people["viewer"], "polish").hits}
    assert found == {shared.pk: TITLE, unit.pk: TITLE}
    assert {hit.record.pk for hit in search(people["kfor"], "polish").hits} == {shared.pk}
    assert search(people["osce"], "polish").count == 0
    assert [(h.record.pk, h.rank) for h in search(people["viewer"], "pol-mil").hits] == [(shared.pk, EXACT_ID)]
    assert search(people["viewer"], "crowd control").count == 0  # caveats are withheld: not searched
