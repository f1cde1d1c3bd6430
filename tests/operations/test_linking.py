"""Incidents proposed as related to a patrol, checked against a distance computed here independently (the
haversine distance to each great-circle segment of the track, by hand): incidents just inside and just outside
the distance and the time window, random incidents around the track, decisions kept when proposing again, a
confidential incident of another organisation never shown to who may not see it, and a confirmation that
makes the link the incident's page shows; only the leader (or a mission administrator) decides."""

import datetime as dt
import math
import random

import pytest

from peaceops.core.models import RecordLink
from peaceops.operations import linking
from peaceops.operations.models import IncidentProposal, TrackPoint

from .patrol_world import END, LINE, START, incident, patrol

pytestmark = pytest.mark.django_db
R = 6_371_008.8
D = linking.DISTANCE_M


def _angular(a, b) -> float:
    (lon1, lat1), (lon2, lat2) = map(lambda p: (math.radians(p[0]), math.radians(p[1])), (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * math.asin(min(1.0, math.sqrt(h)))


def _bearing(a, b) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return math.atan2(y, x)


def to_segment(p, a, b) -> float:
    """Metres from p to the great-circle segment a-b (cross-track, or the nearer end beyond the segment)."""
    d13, d12 = _angular(a, p), _angular(a, b)
    if d12 == 0:
        return d13 * R
    delta = _bearing(a, p) - _bearing(a, b)
    if math.cos(delta) <= 0:  # behind a
        return d13 * R
    cross = math.asin(math.sin(d13) * math.sin(delta))
    along = math.acos(max(-1.0, min(1.0, math.cos(d13) / math.cos(cross))))
    if along > d12:
        return _angular(b, p) * R
    return abs(cross) * R


def to_line(p, line) -> float:
    return min(to_segment(p, a, b) for a, b in zip(line, line[1:], strict=False))


def destination(start, bearing_deg, metres):
    """The point `metres` from `start` along `bearing_deg` on the sphere."""
    lon1, lat1, theta, d = math.radians(start[0]), math.radians(start[1]), math.radians(bearing_deg), metres / R
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(theta))
    lon2 = lon1 + math.atan2(math.sin(theta) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2))
    return math.degrees(lon2), math.degrees(lat2)


def _beside(metres, segment=0, side=90):
    a, b = LINE[segment], LINE[segment + 1]
    middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    return destination(middle, math.degrees(_bearing(a, b)) + side, metres)


def _proposed(p) -> dict:
    return {row.incident_id: row for row in IncidentProposal.objects.filter(patrol=p)}


def test_incidents_just_inside_and_outside_the_distance_and_the_window(mission, people):
    watch = people["watch"]
    p = patrol(watch, mission)
    during = START + dt.timedelta(hours=1)
    near, far = _beside(D - 50), _beside(D + 50, segment=1, side=-90)
    assert to_line(near, LINE) < D - 20 and to_line(far, LINE) > D + 20  # the independent check agrees
    beyond_end = destination(LINE[-1], 45, D - 60)  # beyond the last point, measured to it
    assert to_line(beyond_end, LINE) < D
    inside = incident(watch, mission, *near, during, title="near")
    outside = incident(watch, mission, *far, during, title="far")
    at_end = incident(watch, mission, *beyond_end, during, title="beyond the end")
    late_in = incident(watch, mission, *LINE[1], END + dt.timedelta(hours=5, minutes=50), title="late in")
    late_out = incident(watch, mission, *LINE[1], END + dt.timedelta(hours=6, minutes=10), title="late out")
    early_in = incident(watch, mission, *LINE[0], START - dt.timedelta(hours=5, minutes=55), title="early in")
    early_out = incident(watch, mission, *LINE[0], START - dt.timedelta(hours=6, minutes=5), title="early out")
    linking.propose(p)
    found = _proposed(p)
    assert set(found) == {inside.pk, at_end.pk, late_in.pk, early_in.pk}
    assert not {outside.pk, late_out.pk, early_out.pk} & set(found)
    assert found[inside.pk].distance_m == pytest.approx(to_line(near, LINE), abs=2)
    assert found[at_end.pk].distance_m == pytest.approx(to_line(beyond_end, LINE), abs=2)
    assert found[inside.pk].minutes_apart == 0
    assert found[late_in.pk].minutes_apart == pytest.approx(350, abs=0.2)
    assert found[early_in.pk].minutes_apart == pytest.approx(355, abs=0.2)


def test_random_incidents_against_the_independent_distance_along_a_tracked_path(mission, people):
    watch = people["watch"]
    p = patrol(watch, mission)
    rng = random.Random(15)
    track, t = [], START
    lon, lat = 20.85, 42.88
    for _ in range(40):  # a wandering track: its positions, not the planned route, are what count
        lon, lat = lon + rng.uniform(-0.002, 0.006), lat + rng.uniform(-0.002, 0.005)
        track.append(TrackPoint(patrol=p, t=t, lon=lon, lat=lat))
        t += dt.timedelta(minutes=9)
    TrackPoint.objects.bulk_create(track)
    line = [(point.lon, point.lat) for point in track]
    expected, created = {}, {}
    for i in range(120):
        spot = (rng.uniform(20.83, 20.97), rng.uniform(42.87, 42.97))
        made = incident(watch, mission, *spot, START + dt.timedelta(hours=rng.uniform(-1, 8)), title=f"i{i}")
        created[made.pk] = to_line(spot, line)
        if abs(created[made.pk] - D) > 5:
            expected[made.pk] = created[made.pk] <= D
    p.started_at, p.ended_at = START, t  # the window from the run (no need for the run's service here)
    linking.propose(p)
    found = _proposed(p)
    assert sum(expected.values()) > 5 and sum(not v for v in expected.values()) > 5
    for pk, inside in expected.items():
        assert (pk in found) == inside, (pk, created[pk])
    for pk, row in found.items():
        assert row.distance_m == pytest.approx(created[pk], abs=max(2.0, created[pk] * 0.001))


def test_decisions_stay_when_proposing_again_and_stale_proposals_go(client_as, mission, people):
    watch = people["watch"]
    p = patrol(watch, mission, leader=watch.username)
    during = START + dt.timedelta(hours=1)
    a = incident(watch, mission, *_beside(300), during, title="a")
    b = incident(watch, mission, *_beside(600), during, title="b")
    linking.propose(p)
    proposals = _proposed(p)
    linking.reject(proposals[b.pk], acting_user=watch)
    p.path = [[21.5, 43.5], [21.6, 43.6]]  # the route moved far away: a's open proposal goes, b's rejection stays
    p.save(update_fields=["path"])
    linking.propose(p)
    after = _proposed(p)
    assert set(after) == {b.pk} and after[b.pk].status == "rejected"
    assert a.pk not in after


def test_a_confidential_incident_of_another_organisation_is_not_shown_to_who_cannot_see_it(client_as, mission,
                                                                                         people):
    watch, kfor = people["watch"], people["kfor"]
    p = patrol(watch, mission, releasable_to=["KFOR"])
    during = START + dt.timedelta(hours=1)
    theirs = incident(kfor, mission, *_beside(200), during, title="KFOR eyes only", classification="CONFIDENTIAL")
    ours = incident(watch, mission, *_beside(400), during, title="Public roadblock")
    linking.propose(p)
    assert set(_proposed(p)) == {theirs.pk, ours.pk}  # both stored: the reader's view decides what is shown
    page = client_as(watch).get(f"/operations/patrols/{p.pk}/")
    assert b"Public roadblock" in page.content and b"KFOR eyes only" not in page.content
    api = client_as(watch).get(f"/api/v1/patrols/{p.pk}/proposals").json()
    assert [row["title"] for row in api] == ["Public roadblock"]
    hidden = _proposed(p)[theirs.pk]
    answer = client_as(watch).post(f"/operations/patrols/{p.pk}/proposals/{hidden.pk}/", {"decision": "confirm"})
    assert answer.status_code == 404 and _proposed(p)[theirs.pk].status == "proposed"
    kfor_api = client_as(kfor).get(f"/api/v1/patrols/{p.pk}/proposals").json()
    assert {row["title"] for row in kfor_api} == {"KFOR eyes only", "Public roadblock"}


def test_confirming_links_the_incident_and_its_page_shows_the_patrol(client_as, mission, people):
    watch = people["watch"]
    p = patrol(watch, mission, leader=watch.username)
    found = incident(watch, mission, *_beside(500), START + dt.timedelta(hours=2), title="Stone throwing")
    client = client_as(watch)
    assert client.post(f"/api/v1/patrols/{p.pk}/step", '{"to": "under_way"}',
                       content_type="application/json").status_code == 200
    assert client.post(f"/api/v1/patrols/{p.pk}/step", '{"to": "completed"}',
                       content_type="application/json").status_code == 200
    linking.propose(p)  # as the worker does once the completion commits (test_completing_a_patrol_proposes...)
    proposal = IncidentProposal.objects.get(patrol=p, incident=found)
    page = client.get(f"/operations/patrols/{p.pk}/")
    assert b"Stone throwing" in page.content and b'value="confirm"' in page.content
    assert client_as(people["viewer"]).post(f"/operations/patrols/{p.pk}/proposals/{proposal.pk}/",
                                            {"decision": "confirm"}).status_code == 403
    client = client_as(watch)
    assert client.post(f"/operations/patrols/{p.pk}/proposals/{proposal.pk}/",
                       {"decision": "confirm"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.decided_by == watch
    assert RecordLink.objects.filter(from_id=str(p.pk), to_id=str(found.pk), kind="related").exists()
    shown = client.get(f"/incidents/{found.pk}/")
    assert p.name.encode() in shown.content


def test_completing_a_patrol_proposes_its_incidents(client_as, mission, people, django_capture_on_commit_callbacks):
    watch = people["watch"]
    p = patrol(watch, mission)
    from django.utils import timezone

    # the window is the run's own (started and ended now), not the planned one
    found = incident(watch, mission, *_beside(700), timezone.now() - dt.timedelta(hours=1), title="Just before")
    planned_only = incident(watch, mission, *_beside(700), START + dt.timedelta(hours=1), title="When planned")
    client = client_as(watch)
    client.post(f"/api/v1/patrols/{p.pk}/step", '{"to": "under_way"}', content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/patrols/{p.pk}/step", '{"to": "completed"}', content_type="application/json")
    assert IncidentProposal.objects.filter(patrol=p, incident=found, status="proposed").exists()
    assert not IncidentProposal.objects.filter(incident=planned_only).exists()


def test_propose_all_proposes_for_every_patrol_of_the_mission(mission, people):
    watch = people["watch"]
    first, second = patrol(watch, mission), patrol(watch, mission, path=[[21.2, 42.6], [21.21, 42.61]])
    near_first = incident(watch, mission, *_beside(100), START, title="one")
    near_second = incident(watch, mission, 21.205, 42.605, START, title="two")
    counts = linking.propose_all(mission)
    assert counts["patrols"] == 2 and counts["found"] == 2
    assert set(_proposed(first)) == {near_first.pk} and set(_proposed(second)) == {near_second.pk}


def test_the_command_proposes_for_a_mission(mission, people):
    import io

    from django.core.management import call_command

    p = patrol(people["watch"], mission)
    near = incident(people["watch"], mission, *_beside(1500), START, title="near")
    incident(people["watch"], mission, *_beside(1500), START, title="near")
    out = io.StringIO()
    call_command("propose_incidents", "UNMIK", "--distance-m", "1000", stdout=out)
    assert "1 patrols" in out.getvalue() and not _proposed(p)
    call_command("propose_incidents", "UNMIK", stdout=out)
    assert near.pk in _proposed(p) and len(_proposed(p)) == 2


def test_only_the_leader_or_a_mission_administrator_decides(client_as, mission, people):
    """The watch plans the patrol and may run it, but the reporter leads it: the watch's page offers no
    decision and says who decides, and the watch is refused on the page and the API; the leader confirms through
    the API, a mission administrator rejects on the page."""
    watch, leader, admin = people["watch"], people["reporter"], people["admin"]
    p = patrol(watch, mission, leader=leader.username)
    during = START + dt.timedelta(hours=1)
    first = incident(watch, mission, *_beside(300), during, title="Stone throwing")
    second = incident(watch, mission, *_beside(700), during, title="Burning tyres")
    linking.propose(p)
    proposals = _proposed(p)
    one, two = proposals[first.pk], proposals[second.pk]

    page = client_as(watch).get(f"/operations/patrols/{p.pk}/")
    assert b"Stone throwing" in page.content and b'value="confirm"' not in page.content
    assert f"{leader}, the patrol's leader, or a mission administrator confirms".encode() in page.content
    assert client_as(watch).post(f"/operations/patrols/{p.pk}/proposals/{one.pk}/",
                                 {"decision": "confirm"}).status_code == 403
    api = client_as(watch).post(f"/api/v1/patrols/{p.pk}/proposals/{one.pk}", {"decision": "confirm"},
                                content_type="application/json")
    assert api.status_code == 403
    assert _proposed(p)[first.pk].status == "proposed"
    assert not RecordLink.objects.filter(from_id=str(p.pk), to_id=str(first.pk)).exists()

    assert b'value="confirm"' in client_as(leader).get(f"/operations/patrols/{p.pk}/").content
    api = client_as(leader).post(f"/api/v1/patrols/{p.pk}/proposals/{one.pk}", {"decision": "confirm"},
                                 content_type="application/json")
    assert api.status_code == 200 and api.json()["status"] == "confirmed"
    assert RecordLink.objects.filter(from_id=str(p.pk), to_id=str(first.pk), kind="related").exists()

    assert client_as(admin).post(f"/operations/patrols/{p.pk}/proposals/{two.pk}/",
                                 {"decision": "reject"}).status_code == 302
    decided = _proposed(p)
    assert (decided[first.pk].decided_by, decided[second.pk].status, decided[second.pk].decided_by) == (
        leader, "rejected", admin)


def test_a_patrol_without_a_leader_is_decided_by_a_mission_administrator(client_as, mission, people):
    watch, admin = people["watch"], people["admin"]
    p = patrol(watch, mission)
    found = incident(watch, mission, *_beside(300), START + dt.timedelta(hours=1), title="Stone throwing")
    linking.propose(p)
    proposal = _proposed(p)[found.pk]
    page = client_as(watch).get(f"/operations/patrols/{p.pk}/")
    assert b"The patrol has no leader: a mission administrator confirms or rejects them." in page.content
    with pytest.raises(linking.PermissionDenied):
        linking.confirm(proposal, acting_user=watch)
    assert linking.confirm(proposal, acting_user=admin).status == "confirmed"
