"""Fixtures for the roles tests: a second mission (MINUSCA) with its own administrator, incidents of UNMIK in
every classification case, and fresh objects of a user (as their next request would load)."""

import pytest
from django.contrib.auth import get_user_model

from peaceops.incidents.services import create_incident
from peaceops.testing import world
from tests.factories import incident_data


@pytest.fixture
def minusca(db, orgs):
    """MINUSCA, its organisation and its administrator (of the test world)."""
    return {"mission": world.mission("MINUSCA"), "org": world.organisation("MINUSCA"),
            "admin": world.person("minusca-admin")}


@pytest.fixture
def records(mission, people):
    """One UNMIK incident per classification and releasability case, reported by UNMIK's watch officer."""
    watch = people["watch"]

    def make(title, **kw):
        return create_incident(acting_user=watch, mission=mission, data=incident_data(title=title, **kw))

    return {
        "public": make("public"),
        "conf_unmik": make("conf unmik only", classification="CONFIDENTIAL"),
        "conf_kfor": make("conf released to KFOR", classification="CONFIDENTIAL", releasable_to=["KFOR"]),
        "strict": make("strictly confidential", classification="STRICTLY_CONFIDENTIAL"),
        "strict_kfor": make("strict released to KFOR", classification="STRICTLY_CONFIDENTIAL",
                            releasable_to=["KFOR"]),
    }


def fresh(user):
    """The user as their next request loads them (no cached access profile)."""
    return get_user_model().objects.get(pk=user.pk)
