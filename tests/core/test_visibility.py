"""visible_to(): who sees which incident, by classification, ownership and releasability."""

import pytest

from peaceops.core.services import PermissionDenied
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from tests.factories import MissionFactory, incident_data


@pytest.fixture
def records(mission, people):
    """One incident per classification/releasability case, reported by UNMIK's watch officer."""
    watch = people["watch"]
    make = lambda title, **kw: create_incident(  # noqa: E731
        acting_user=watch, mission=mission, data=incident_data(title=title, **kw)
    )
    return {
        "public": make("public"),
        "conf_unmik": make("conf unmik only", classification="CONFIDENTIAL"),
        "conf_kfor": make("conf released to KFOR", classification="CONFIDENTIAL", releasable_to=["KFOR"]),
        "strict": make("strictly confidential", classification="STRICTLY_CONFIDENTIAL"),
    }


def titles(user):
    return set(Incident.objects.visible_to(user).values_list("title", flat=True))


def test_same_organisation_sees_confidential_but_not_strictly_confidential(records, people):
    assert titles(people["viewer"]) == {"public", "conf unmik only", "conf released to KFOR"}


def test_strictly_confidential_needs_the_explicit_role(records, people):
    assert "strictly confidential" in titles(people["sc"])
    assert "strictly confidential" in titles(people["admin"])


def test_partner_sees_public_and_what_is_released_to_it(records, people):
    assert titles(people["kfor"]) == {"public", "conf released to KFOR"}
    assert titles(people["osce"]) == {"public"}


def test_user_of_another_mission_sees_nothing(records, orgs):
    from tests.factories import member

    other = MissionFactory(code="MINUSCA")
    outsider = member(other, orgs["UNMIK"])
    assert titles(outsider) == set()


def test_anonymous_sees_nothing(records):
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser()) == set()


def test_viewer_cannot_report(mission, people):
    with pytest.raises(PermissionDenied):
        create_incident(acting_user=people["viewer"], mission=mission, data=incident_data())
