"""A release with an expiry: before it the partner sees the incident on every read path, from the instant it
passes on none of them, even before `peaceops expire-releases` removes it; the tallies never count it wrongly."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from peaceops.core.models import ChangeLogEntry
from peaceops.incidents.models import IncidentRelease
from peaceops.incidents.tally import TallySource, grouped
from peaceops.sharing.services import release_incident
from peaceops.web.cop.feed import IncidentFeed, latest_entry_id
from tests.incidents.test_tallies import assert_tallies_right

from .conftest import API, START, titles

pytestmark = pytest.mark.django_db
TITLE = "Confidential roadblock"


def kfor_view(kfor_user, client, incident) -> dict:
    """What KFOR notices on each read path."""
    aggregate = client.get(f"{API}/aggregate", {"by": "month", "mission": "UNMIK"})
    assert aggregate.status_code == 200, aggregate.content
    out = io.StringIO()
    call_command("export_incidents", "--user", "kfor", "--no-progress", "-o", "-", stdout=out, stderr=io.StringIO())
    return {
        "list": TITLE in titles(client.get(API)),
        "detail": client.get(f"{API}/{incident.pk}").status_code == 200,
        "aggregate": aggregate.json()["total"]["count"],
        "export": TITLE in out.getvalue(),
        "page": client.get(f"/incidents/{incident.pk}/").status_code == 200,
    }


def test_an_expired_release_hides_the_incident_everywhere_at_once(clock, confidential, people, orgs, token_client,
                                                                  client_as):
    api, page = token_client("kfor"), client_as(people["kfor"])
    feed = IncidentFeed(people["kfor"], confidential.mission_id, latest_entry_id())
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=START + dt.timedelta(days=1))
    assert [m.data["id"] for m in feed.poll() if m.data] == [str(confidential.pk)]  # arrives on the COP

    def seen():
        view = kfor_view(people["kfor"], api, confidential)
        view["page"] = page.get(f"/incidents/{confidential.pk}/").status_code == 200
        return view

    everywhere = {"list": True, "detail": True, "aggregate": 1, "export": True, "page": True}
    nowhere = {"list": False, "detail": False, "aggregate": 0, "export": False, "page": False}

    def tallies():
        """What the tallies answer KFOR now (a fresh user object, as each request has)."""
        return grouped(TallySource(User.objects.get(username="kfor"), {"mission": "UNMIK"}), "month", None)

    assert seen() == everywhere
    assert tallies() is not None  # whole-mission aggregates come from the tallies

    clock.advance(hours=23, minutes=56)
    assert seen() == everywhere
    assert tallies() is None  # expiring within the margin: counted from the incident rows already
    clock.advance(minutes=3)
    assert seen() == everywhere
    clock.advance(minutes=1)  # the expiry instant itself: no longer visible
    assert seen() == nowhere
    assert tallies() is None  # the tallies still hold the release: not asked
    assert_tallies_right()
    unmik_export = io.StringIO()
    call_command("export_incidents", "--user", "watch", "--no-progress", "-o", "-", stdout=unmik_export,
                 stderr=io.StringIO())
    assert "KFOR" not in unmik_export.getvalue()  # an export (to import back) never revives an expired release

    out = io.StringIO()
    call_command("expire_releases", stdout=out)
    assert out.getvalue().strip() == "1 expired release(s) removed"
    assert not IncidentRelease.objects.filter(incident=confidential).exists()
    entry = ChangeLogEntry.objects.filter(object_id=str(confidential.pk)).latest("id")
    assert entry.actor_name == "system" and entry.reason.startswith("release expired: KFOR until 2026-05-02 08:00")
    assert entry.before["releasable_to"] == ["KFOR"] and entry.after["releasable_to"] == []
    assert_tallies_right()
    answered = tallies()  # the tallies answer again, and count nothing for KFOR
    assert answered is not None and sum(row["count"] for row in answered) == 0
    assert seen() == nowhere
    removal = [m.data for m in feed.poll() if m.data]
    assert removal == [{"action": "delete", "id": str(confidential.pk)}]  # leaves KFOR's COP
    call_command("expire_releases", stdout=io.StringIO())  # idempotent
    assert ChangeLogEntry.objects.filter(object_id=str(confidential.pk)).latest("id").pk == entry.pk


def test_only_the_expired_release_stops_counting(clock, confidential, people, orgs, token_client, client_as):
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=START + dt.timedelta(hours=1))
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["OSCE"]])
    clock.advance(hours=2)
    assert TITLE not in titles(token_client("kfor").get(API))
    osce = token_client("osce")
    assert TITLE in titles(osce.get(API))
    assert osce.get(f"{API}/aggregate", {"by": "month", "mission": "UNMIK"}).json()["total"]["count"] == 1
    assert osce.get(f"{API}/{confidential.pk}/releases").json()["releases"][0]["organisation"] == "OSCE"
    # The expired release is gone from what OSCE reads about the incident, before expire-releases runs.
    detail = osce.get(f"{API}/{confidential.pk}").json()
    assert detail["releasable_to"] == ["OSCE"]
    assert detail["releasability"] == "CONFIDENTIAL - releasable to UNMIK, OSCE"
    page = client_as(people["osce"]).get(f"/incidents/{confidential.pk}/").content.decode()
    assert 'id="releasability">CONFIDENTIAL - releasable to UNMIK, OSCE</p>' in page  # history keeps the past


def test_releasing_again_without_an_expiry_makes_the_release_permanent(clock, confidential, people, orgs,
                                                                       token_client):
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=START + dt.timedelta(hours=1))
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]])
    clock.advance(days=30)
    assert TITLE in titles(token_client("kfor").get(API))
    assert call_command("expire_releases", stdout=io.StringIO()) is None
    assert IncidentRelease.objects.filter(incident=confidential, expires_at__isnull=True).count() == 1


def test_dashboard_tallies_are_counted_from_the_incidents_while_a_release_expires(clock, confidential, people, orgs,
                                                                                  areas, client_as):
    from peaceops.incidents import tally

    def kfor_rows(columns, monthly=False):
        source = TallySource(User.objects.get(username="kfor"),
                             {"since": "2026-01-01", "until": "2026-06-01"}, mission_ids=(confidential.mission_id,))
        return sorted(tally.rows(source, columns, monthly=monthly), key=repr)

    # The same incident released without end (the tallies answer), then with an end an hour away (they may not).
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]])
    from_tallies = kfor_rows(("day", "category_id")), kfor_rows(("admin2_id",), monthly=True)
    assert sum(r["count"] for r in from_tallies[0]) == 1
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=START + dt.timedelta(hours=1))
    assert (kfor_rows(("day", "category_id")), kfor_rows(("admin2_id",), monthly=True)) == from_tallies
    dashboard = client_as(people["kfor"])
    assert dashboard.get("/dashboard/").status_code == 200
    clock.advance(hours=1)
    assert kfor_rows(("day", "category_id")) == [] and kfor_rows(("admin2_id",), monthly=True) == []
    assert dashboard.get("/dashboard/").status_code == 200


def test_only_a_release_expiring_in_the_asked_missions_keeps_the_tallies_away(clock, confidential, people, orgs,
                                                                             monkeypatch):
    """The check is per mission: an expiring release of UNMIK's incident says nothing about another mission,
    and with more expiring releases than it looks at one by one it takes the safe answer (not the tallies)."""
    from peaceops.incidents import tally
    from tests.factories import MissionFactory

    other = MissionFactory(code="MINUSCA", name="MINUSCA")
    release_incident(confidential, acting_user=people["watch"], organisations=[orgs["KFOR"]],
                     expires_at=START + dt.timedelta(minutes=2))
    soon = START + tally.EXPIRY_MARGIN
    assert tally._expiring_in([confidential.mission_id], soon) is True
    assert tally._expiring_in([other.pk], soon) is False
    assert tally._expiring_in([confidential.mission_id], START) is False  # not yet expired at that moment
    monkeypatch.setattr(tally, "_EXPIRING_CHECKED", 0)  # more expiring releases than it checks one by one
    assert tally._expiring_in([other.pk], soon) is True
