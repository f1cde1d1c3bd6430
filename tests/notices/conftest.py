"""The notices' test world: UNMIK with its watch officer (who writes alert rules), a KFOR reporter, the mission
administrator (who records deployment sites) and an SMS gateway the outbox can queue for."""

import pytest
from django.test import Client

from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.models import Gateway
from peaceops.sites.services import SiteService
from peaceops.testing import world

NUMBER = "+38344123456"


@pytest.fixture
def unmik(db, tmp_path, settings):
    settings.PEACEOPS_MESSAGING_FILE = tmp_path / "outbox.jsonl"
    mission = world.mission("UNMIK")
    Gateway.objects.create(mission=mission, name="file gateway", kind=GatewayKind.FILE, secret="s", sender="+1000000")
    watch = world.person("watch")
    watch.email = "watch@unmik.example"
    watch.save(update_fields=["email"])
    return {"mission": mission, "watch": watch, "kfor": world.person("kfor"), "admin": world.person("admin"),
            "viewer": world.person("viewer")}


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def new_site(unmik, django_capture_on_commit_callbacks):
    """Record a deployment site as the mission administrator does, the transaction committed (the rules are
    matched by the worker's task once it commits; tasks run at once in tests)."""

    def create(name="Team site Zubin Potok", classification="PUBLIC", **fields):
        data = {"name": name, "site_type": "team_site", "lon": 20.69, "lat": 42.91, "location_name": name,
                "classification": classification, **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return SiteService().create(acting_user=unmik["admin"], mission=unmik["mission"], data=data)

    return create
