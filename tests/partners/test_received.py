"""`received_by(organisation, mission)`: exactly what an organisation receives, by the rule visible_to uses."""

from peaceops.incidents.models import Incident
from peaceops.partners.received import received_by

from .conftest import KFOR_RECEIVES, OSCE_RECEIVES


def _ids(shared, keys):
    return {shared[k].pk for k in keys}


def test_kfor_receives_public_its_own_and_what_is_released_to_it(shared, mission, orgs):
    assert set(received_by(orgs["KFOR"], mission).values_list("pk", flat=True)) == _ids(shared, KFOR_RECEIVES)


def test_osce_receives_public_and_what_is_released_to_it(shared, mission, orgs):
    assert set(received_by(orgs["OSCE"], mission).values_list("pk", flat=True)) == _ids(shared, OSCE_RECEIVES)


def test_a_member_sees_what_the_organisation_receives_at_their_level(shared, people, kfor_sc):
    """visible_to and received_by share the condition: a KFOR reader without the need-to-know role sees the
    same less the strictly confidential, one with it sees exactly the same."""
    plain = set(Incident.objects.visible_to(people["kfor"]).values_list("pk", flat=True))
    assert plain == _ids(shared, KFOR_RECEIVES - {"sc_kfor"})
    assert set(Incident.objects.visible_to(kfor_sc).values_list("pk", flat=True)) == _ids(shared, KFOR_RECEIVES)
