"""Releasing an incident to an organisation or a group, and withdrawing it: who sees what afterwards, who may
do it, what the change log and the sharing hook record. Through the service, the API and the Share panel."""

import pytest

from peaceops.core.choices import ChangeAction, OrganisationType, Role
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.incidents.models import Incident, IncidentRelease
from peaceops.sharing import services
from peaceops.sharing.services import SharingError, create_group, release_incident, withdraw_release
from tests.factories import OrganisationFactory, member

from .conftest import API, titles

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(Incident.objects.visible_to(user).values_list("title", flat=True))


@pytest.fixture
def sharing_changes(monkeypatch):
    """Every call of the single sharing hook (where the ledger plugs in)."""
    calls = []
    monkeypatch.setattr(services, "record_sharing_changes", calls.extend)
    return calls


def test_release_to_an_organisation_lets_it_see_the_incident_and_is_logged(confidential, people, orgs,
                                                                           sharing_changes):
    assert "Confidential roadblock" not in visible(people["kfor"])
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]], reason="for patrols")
    assert "Confidential roadblock" in visible(people["kfor"])
    assert "Confidential roadblock" not in visible(people["osce"])
    entry = ChangeLogEntry.objects.filter(object_id=str(confidential.pk)).latest("id")
    assert entry.action == ChangeAction.UPDATE and entry.reason == "for patrols"
    assert entry.before["releasable_to"] == [] and entry.after["releasable_to"] == ["KFOR"]
    assert [(c.action, c.organisation_code) for c in sharing_changes] == [("release", "KFOR")]
    release = IncidentRelease.objects.get(incident=confidential)
    assert release.granted_by == people["watch"] and release.granted_at is not None


def test_release_to_a_group_releases_to_its_members_at_that_moment(confidential, mission, people, orgs,
                                                                     sharing_changes):
    group = create_group(acting_user=people["admin"], mission=mission, name="Mission partners",
                         members=[orgs["KFOR"], orgs["OSCE"], orgs["UNMIK"]])
    release_incident(confidential, acting_user=people["watch"], group=group)
    assert "Confidential roadblock" in visible(people["kfor"]) and "Confidential roadblock" in visible(people["osce"])
    rows = IncidentRelease.objects.filter(incident=confidential).order_by("organisation__code")
    assert [(r.organisation.code, r.via_group) for r in rows] == [("KFOR", "Mission partners"),
                                                                  ("OSCE", "Mission partners")]  # not the owner
    assert sorted(c.organisation_code for c in sharing_changes) == ["KFOR", "OSCE"]
    # A later change of the group does not touch releases already made.
    eulex = OrganisationFactory(code="EULEX", type=OrganisationType.REGIONAL_ORGANISATION)
    eulex_user = member(mission, eulex, Role.VIEWER, username="eulex")
    services.update_group(group, acting_user=people["admin"], members=[orgs["KFOR"], eulex])
    assert "Confidential roadblock" in visible(people["osce"])
    assert "Confidential roadblock" not in visible(eulex_user)


def test_withdraw_hides_the_incident_again(confidential, people, orgs, sharing_changes):
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]])
    withdraw_release(confidential, acting_user=people["reporter"], organisation=orgs["KFOR"])
    assert "Confidential roadblock" not in visible(people["kfor"])
    entry = ChangeLogEntry.objects.filter(object_id=str(confidential.pk)).latest("id")
    assert entry.reason == "release to KFOR withdrawn" and entry.after["releasable_to"] == []
    assert [c.action for c in sharing_changes] == ["release", "withdraw"]
    with pytest.raises(SharingError):
        withdraw_release(confidential, acting_user=people["watch"], organisation=orgs["KFOR"])


@pytest.mark.parametrize("who, allowed", [
    ("watch", True), ("reporter", True), ("admin", True),  # owner-side reporting roles, mission admin
    ("viewer", False), ("sc", False),  # owner-side, but not reporting
    ("kfor", False),  # a reporter of another organisation, even one the incident is released to
])
def test_only_owner_side_reporting_roles_and_the_mission_admin_may_release(confidential, people, orgs, who, allowed):
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]])
    if allowed:
        release_incident(confidential, acting_user=people[who], organisations=[orgs["OSCE"]])
        withdraw_release(confidential, acting_user=people[who], organisation=orgs["OSCE"])
        return
    with pytest.raises(PermissionDenied):
        release_incident(confidential, acting_user=people[who], organisations=[orgs["OSCE"]])
    with pytest.raises(PermissionDenied):
        withdraw_release(confidential, acting_user=people[who], organisation=orgs["KFOR"])
    assert "Confidential roadblock" not in visible(people["osce"])


def test_api_release_and_withdraw(confidential, people, token_client):
    watch, kfor = token_client("watch"), token_client("kfor")
    url = f"{API}/{confidential.pk}/releases"
    assert "Confidential roadblock" not in titles(kfor.get(API))
    answer = watch.post(url, {"organisation": "KFOR", "expires_at": "2099-01-01T00:00:00Z"},
                        content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["releases"][0]["organisation"] == "KFOR"
    assert answer.json()["releases"][0]["expires_at"].startswith("2099-01-01T00:00")
    assert "Confidential roadblock" in titles(kfor.get(API))
    assert kfor.get(f"{API}/{confidential.pk}").status_code == 200
    # KFOR sees the incident but may not re-release it.
    refused = kfor.post(url, {"organisation": "OSCE"}, content_type="application/json")
    assert refused.status_code == 403
    assert watch.delete(f"{url}?organisation=KFOR").status_code == 204
    assert "Confidential roadblock" not in titles(kfor.get(API))
    assert kfor.get(f"{API}/{confidential.pk}").status_code == 404
    assert watch.get(url).json()["releases"] == []


def test_api_answers_clear_errors(confidential, mission, people, orgs, token_client):
    watch = token_client("watch")
    url = f"{API}/{confidential.pk}/releases"
    cases = [({"organisation": "NOPE"}, "organisation"), ({"group": "Nobody"}, "group"),
             ({"organisation": "KFOR", "group": "x"}, "organisation"),
             ({"organisation": "KFOR", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
             ({"organisation": "UNMIK"}, "organisation")]
    for body, field in cases:
        answer = watch.post(url, body, content_type="application/json")
        assert answer.status_code == 422 and answer.json()["field"] == field, (body, answer.content)
    assert token_client("osce").post(url, {"organisation": "OSCE"},
                                     content_type="application/json").status_code == 404  # cannot see it
    create_group(acting_user=people["admin"], mission=mission, name="UN family", members=[orgs["OSCE"]])
    answer = watch.post(url, {"group": "UN family"}, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["releases"][0]["via"] == "UN family"


def test_share_panel_releases_and_withdraws_with_htmx(confidential, people, orgs, client_as):
    watch = client_as(people["watch"])
    page = watch.get(f"/incidents/{confidential.pk}/").content.decode()
    assert 'id="share-form"' in page and "Not released to any other organisation" in page
    panel = watch.post(f"/sharing/incidents/{confidential.pk}/", {"target": f"org:{orgs['KFOR'].pk}",
                                                                  "expires_at": "2099-02-01T10:00"},
                       HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    html = panel.content.decode()
    assert 'data-organisation="KFOR"' in html and "2099-02-01 10:00 UTC" in html
    assert IncidentRelease.objects.get(incident=confidential).expires_at.isoformat() == "2099-02-01T10:00:00+00:00"
    panel = watch.post(f"/sharing/incidents/{confidential.pk}/withdraw/", {"organisation": orgs["KFOR"].pk},
                       HTTP_HX_REQUEST="true")
    assert 'data-organisation="KFOR"' not in panel.content.decode()
    assert not IncidentRelease.objects.filter(incident=confidential).exists()


def test_share_panel_is_read_only_for_those_who_may_not_release(confidential, people, orgs, client_as):
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]])
    kfor = client_as(people["kfor"])
    page = kfor.get(f"/incidents/{confidential.pk}/").content.decode()
    assert 'data-organisation="KFOR"' in page and 'id="share-form"' not in page
    refused = kfor.post(f"/sharing/incidents/{confidential.pk}/", {"target": f"org:{orgs['OSCE'].pk}"})
    assert refused.status_code == 403
    hidden = client_as(people["osce"]).post(f"/sharing/incidents/{confidential.pk}/",
                                            {"target": f"org:{orgs['OSCE'].pk}"})
    assert hidden.status_code == 404
    assert list(IncidentRelease.objects.filter(incident=confidential).values_list("organisation__code", flat=True)) \
        == ["KFOR"]


def test_an_edit_keeps_the_expiry_and_group_of_releases_it_keeps(confidential, people, orgs, mission):
    import datetime as dt

    from django.utils import timezone

    from peaceops.incidents.services import update_incident

    until = timezone.now() + dt.timedelta(days=3)
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"], orgs["OSCE"]],
                     expires_at=until)
    update_incident(confidential, acting_user=people["watch"], changes={"title": "Roadblock (edited)",
                                                                         "releasable_to": ["KFOR"]})
    rows = list(IncidentRelease.objects.filter(incident=confidential))
    assert [(r.organisation.code, r.expires_at) for r in rows] == [("KFOR", until)]


def test_the_tallies_equal_a_recount_after_every_kind_of_sharing_change(clock, confidential, mission, people, orgs):
    import datetime as dt
    import io

    from django.core.management import call_command

    from tests.incidents.test_tallies import assert_tallies_right

    group = create_group(acting_user=people["admin"], mission=mission, name="UN family",
                         members=[orgs["OSCE"], orgs["KFOR"]])
    steps = [
        lambda: release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]]),
        lambda: release_incident(confidential, acting_user=people["watch"], group=group,
                                 expires_at=clock.now + dt.timedelta(hours=1)),  # KFOR's release updated
        lambda: withdraw_release(confidential, acting_user=people["watch"], organisation=orgs["KFOR"]),
        lambda: clock.advance(hours=2),
        lambda: call_command("expire_releases", stdout=io.StringIO()),
    ]
    for step in steps:
        step()
        assert_tallies_right()
    assert not IncidentRelease.objects.filter(incident=confidential).exists()


def test_every_way_of_changing_releases_reports_once_per_organisation(mission, people, orgs, sharing_changes,
                                                                      tmp_path):
    import io

    from django.core.management import call_command

    from peaceops.incidents.services import create_incident, update_incident
    from tests.factories import incident_data

    incident = create_incident(acting_user=people["watch"], mission=mission,
                               data=incident_data(classification="CONFIDENTIAL", releasable_to=["KFOR"]))
    update_incident(incident, acting_user=people["watch"], changes={"releasable_to": ["OSCE"]})
    path = tmp_path / "rows.csv"
    path.write_text("id,title,occurred_start,lon,lat,classification,releasable_to\n"
                    "r-1,Imported,2026-03-03T10:00:00Z,20.8671,42.8914,CONFIDENTIAL,KFOR;OSCE\n")
    call_command("import_incidents", str(path), "--format", "csv", "--user", "watch", "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())
    call_command("import_incidents", str(path), "--format", "csv", "--user", "watch", "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())  # unchanged: nothing to report
    imported = Incident.objects.get(external_id="r-1")
    assert [(c.action, c.organisation_code, c.record_id) for c in sharing_changes] == [
        ("release", "KFOR", str(incident.pk)), ("release", "OSCE", str(incident.pk)),
        ("withdraw", "KFOR", str(incident.pk)),
        ("release", "KFOR", str(imported.pk)), ("release", "OSCE", str(imported.pk))]
