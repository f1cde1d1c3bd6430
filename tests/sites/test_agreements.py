"""Sharing agreements apply to sites too: a site created through the sites API by an organisation with an
agreement is released to the partner at once (with the agreement's expiry and name), the partner sees it, and
the release is in the site's creation entry and the ledger."""

import datetime as dt
import json

import pytest
from django.test import Client

from peaceops.core.models import ChangeLogEntry
from peaceops.ledger.models import LedgerEntry
from peaceops.sharing.services import create_agreement
from peaceops.sites.models import Site

pytestmark = pytest.mark.django_db
API = "/api/v1/sites"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def agreement(mission, people, orgs):
    """UNMIK releases its CONFIDENTIAL records to KFOR for 30 days."""
    return create_agreement(acting_user=people["admin"], mission=mission, owner=orgs["UNMIK"], partner=orgs["KFOR"],
                            classifications=["CONFIDENTIAL"], default_expiry_days=30)


def create_site(people, name, classification):
    answer = signed_in(people["admin"]).post(API, json.dumps(
        {"mission": "UNMIK", "name": name, "lon": 20.87, "lat": 42.89, "classification": classification}),
        content_type="application/json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_a_site_falling_under_an_agreement_is_released_to_the_partner(agreement, people):
    before = dt.datetime.now(dt.UTC)
    site = create_site(people, "Team site Mitrovica", "CONFIDENTIAL")
    create_site(people, "Team site Peja", "STRICTLY_CONFIDENTIAL")  # not a classification the agreement names
    kfor = signed_in(people["kfor"])
    assert [item["name"] for item in kfor.get(API).json()["items"]] == ["Team site Mitrovica"]
    assert kfor.get(f"{API}/{site['id']}").status_code == 200
    releases = signed_in(people["admin"]).get(f"{API}/{site['id']}/releases").json()
    assert [(r["organisation"], r["via_group"], r["granted_by"]) for r in releases] == [
        ("KFOR", f"agreement {agreement.pk}", "admin")]
    expires = dt.datetime.fromisoformat(releases[0]["expires_at"])
    assert dt.timedelta(days=30) <= expires - before <= dt.timedelta(days=30, minutes=5)
    created = ChangeLogEntry.objects.get(object_id=site["id"], action="create")
    assert created.after["releasable_to"] == ["KFOR"]  # the creation entry shows the agreement's release
    sealed = [json.loads(e.payload) for e in LedgerEntry.objects.filter(kind="sharing")]
    assert [(p["object_type"], p["object_id"], p["organisation"], p["reason"]) for p in sealed] == [
        ("sites.site", site["id"], "KFOR", f"sharing agreement {agreement.pk}")]


def test_without_an_agreement_the_partner_sees_no_confidential_site(people, orgs):
    create_site(people, "Team site Mitrovica", "CONFIDENTIAL")
    assert signed_in(people["kfor"]).get(API).json()["items"] == []
    assert not Site.release_model().objects.exists()


def test_a_deactivated_agreement_releases_nothing(agreement, people):
    from peaceops.sharing.services import set_agreement_active

    set_agreement_active(agreement, acting_user=people["admin"], active=False)
    create_site(people, "Team site Mitrovica", "CONFIDENTIAL")
    assert signed_in(people["kfor"]).get(API).json()["items"] == []
