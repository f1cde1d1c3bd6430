"""Partner test fixtures: incidents UNMIK shares (or not) with KFOR and OSCE, signed-in clients, and a
feed-signing key of the test's own."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from peaceops.incidents.inputs import ActorData, SourceData
from peaceops.incidents.services import create_incident
from peaceops.testing import world
from tests.factories import incident_data

#: Words that must never reach a reader who does not own the incident (unless its sources are released).
SECRET_SOURCE = "Informant Arben K. via liaison"
WITNESS = "Witness Drita H."
VICTIM = "Victim Besnik M."
#: The source, witness and victim of KFOR's own report.
KFOR_NAMED = ("KFOR patrol log 88", "KFOR witness Lulzim", "KFOR victim Agim")


@pytest.fixture(autouse=True)
def feed_key(settings, tmp_path):
    """Each test signs with a fresh key in its own directory (never the installation's var/)."""
    settings.PEACEOPS_FEED_SIGNING_KEY = tmp_path / "keys" / "feed-signing-key.pem"
    return settings.PEACEOPS_FEED_SIGNING_KEY


def _report(person, mission, title, day, classification="PUBLIC", releasable_to=(),
            named=(SECRET_SOURCE, WITNESS, VICTIM), **extra):
    source, witness, victim = named
    data = incident_data(
        title=title, occurred_start=dt.datetime(2026, 3, day, 12, tzinfo=dt.UTC), classification=classification,
        releasable_to=list(releasable_to),
        sources=[SourceData(type="community", reliability="B", credibility="2", reference=source)],
        actors=[ActorData(name="Unknown youths", role="perpetrator"),
                ActorData(name=witness, role="witness", type="civilians"),
                ActorData(name=victim, role="victim", type="civilians")],
        **extra,
    )
    return create_incident(acting_user=person, mission=mission, data=data)


@pytest.fixture
def shared(mission, orgs, people):
    """Incidents by title: what UNMIK (and KFOR) reported, with who receives what."""
    watch = people["watch"]
    return {
        "released": _report(watch, mission, "Confidential released to KFOR", 1, "CONFIDENTIAL", ["KFOR"]),
        "public": _report(watch, mission, "Public roadblock", 2, category_path="mission/freedom-of-movement"),
        "unmik_only": _report(watch, mission, "Confidential UNMIK only", 3, "CONFIDENTIAL"),
        "osce_only": _report(watch, mission, "Confidential released to OSCE", 4, "CONFIDENTIAL", ["OSCE"]),
        "sc_kfor": _report(people["admin"], mission, "Strictly confidential released to KFOR", 5,
                           "STRICTLY_CONFIDENTIAL", ["KFOR"]),
        "sc_unmik": _report(people["admin"], mission, "Strictly confidential UNMIK only", 6,
                            "STRICTLY_CONFIDENTIAL"),
        "kfor_own": _report(people["kfor"], mission, "KFOR own patrol report", 7, "CONFIDENTIAL",
                            named=KFOR_NAMED),
    }


#: What KFOR receives and OSCE receives, by fixture key.
KFOR_RECEIVES = {"released", "public", "sc_kfor", "kfor_own"}
#: What a KFOR member without need-to-know gets of it.
KFOR_RECEIVES_UNCLEARED = KFOR_RECEIVES - {"sc_kfor"}
OSCE_RECEIVES = {"public", "osce_only"}


@pytest.fixture
def kfor_sc(mission, orgs):
    """A KFOR liaison officer with the need-to-know role: reads everything KFOR receives."""
    return world.person("kfor_sc")


@pytest.fixture
def signed_in():
    """`signed_in(user)` -> a new test client with a session of `user`."""

    def sign_in(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def token_client():
    """`token_client(user)` -> a test client sending a bearer token made by `peaceops create-token`, with the
    scopes of a partner's machine: the feed, and incidents (to set release scopes)."""

    def make(user):
        out = io.StringIO()
        call_command("create_token", user.username, "--scope", "incidents:read,incidents:write,partners:feed",
                     stdout=out, stderr=io.StringIO())
        return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})

    return make


@pytest.fixture
def kfor_cleared(mission, orgs):
    """A KFOR liaison cleared for STRICTLY CONFIDENTIAL (need-to-know), who pulls KFOR's whole feed."""
    return world.person("kfor-liaison")


@pytest.fixture
def public_key_file(tmp_path):
    """The mission's feed-signing public key, written the way an operator hands it to a partner."""
    path = tmp_path / "unmik-feed.pub.pem"
    call_command("feed_key", "-o", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return path
