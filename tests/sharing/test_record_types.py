"""Sharing serves every releasable record type, not only incidents: a site is released to a group and withdrawn
through `sharing.services` (release rows, change log, ledger), its expired releases are removed like an incident's,
and whoever may not change a site may not release it."""

import datetime as dt
import json

import pytest

from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.ledger.models import LedgerEntry
from peaceops.sharing.services import (
    SharingError,
    create_group,
    expire_releases,
    release_record,
    withdraw_release,
)
from peaceops.sites.models import Site, SiteRelease
from peaceops.sites.services import SiteService

from .conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(mission, people):
    """A CONFIDENTIAL site of UNMIK, released to no one."""
    return SiteService().create(acting_user=people["admin"], mission=mission, data={
        "name": "Team site Mitrovica", "lon": 20.87, "lat": 42.89, "classification": "CONFIDENTIAL"})


def _sealed() -> list[tuple]:
    payloads = [json.loads(e.payload) for e in LedgerEntry.objects.filter(kind="sharing").order_by("pk")]
    return [(p["object_type"], p["organisation"], p["action"]) for p in payloads]


def _visible_to(user) -> list[str]:
    return list(Site.objects.visible_to(user).values_list("name", flat=True))


def test_a_site_is_released_to_a_group_and_withdrawn(site, mission, people, orgs):
    group = create_group(acting_user=people["admin"], mission=mission, name="Security partners",
                         members=[orgs["KFOR"], orgs["OSCE"]])
    written = release_record(site, acting_user=people["admin"], group=group, reason="joint patrols")
    assert sorted(r.organisation.code for r in written) == ["KFOR", "OSCE"]
    assert {(r.organisation.code, r.via_group) for r in SiteRelease.objects.filter(site=site)} == {
        ("KFOR", "Security partners"), ("OSCE", "Security partners")}
    assert _visible_to(people["kfor"]) == ["Team site Mitrovica"]
    entry = ChangeLogEntry.objects.filter(object_id=str(site.pk), action="update").latest("pk")
    assert entry.after["releasable_to"] == ["KFOR", "OSCE"] and entry.reason == "joint patrols"

    withdraw_release(site, acting_user=people["admin"], organisation=orgs["KFOR"])
    assert _visible_to(people["kfor"]) == [] and _visible_to(people["osce"]) == ["Team site Mitrovica"]
    assert _sealed() == [("sites.site", "KFOR", "release"), ("sites.site", "OSCE", "release"),
                         ("sites.site", "KFOR", "withdraw")]
    with pytest.raises(SharingError) as refused:
        withdraw_release(site, acting_user=people["admin"], organisation=orgs["KFOR"])
    assert refused.value.field == "organisation" and "deployment site" in refused.value.message


def test_an_expired_site_release_is_removed(clock, site, people, orgs):
    release_record(site, acting_user=people["admin"], organisations=[orgs["KFOR"]],
                   expires_at=START + dt.timedelta(hours=2))
    assert _visible_to(people["kfor"]) == ["Team site Mitrovica"]
    clock.advance(hours=3)
    assert _visible_to(people["kfor"]) == []  # hidden from the instant it passes
    assert expire_releases() == 1
    assert not SiteRelease.objects.exists()
    entry = ChangeLogEntry.objects.filter(object_id=str(site.pk)).latest("pk")
    assert entry.reason.startswith("release expired: KFOR") and entry.after["releasable_to"] == []
    assert _sealed()[-1] == ("sites.site", "KFOR", "expire")


def test_who_may_not_change_a_site_may_not_release_it(site, people, orgs):
    with pytest.raises(PermissionDenied):
        release_record(site, acting_user=people["viewer"], organisations=[orgs["KFOR"]])
    assert not SiteRelease.objects.exists()
