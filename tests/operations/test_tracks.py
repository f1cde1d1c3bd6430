"""A patrol's positions and track: batches sent through the API (out of order, sent twice, refused whole when
one position is bad), the track's summary and presence kept as they arrive, messy GPX and GeoJSON files
(tests/fixtures/tracks/) uploaded through the API and the patrol's page, checked against an independent haversine
computation made here."""

import datetime as dt
import json
import math
from pathlib import Path

import gpxpy
import pytest
from django.urls import reverse

from peaceops.core.models import ChangeLogEntry
from peaceops.operations.models import CellPresence, PatrolTrack, TrackPoint
from peaceops.operations.services import PatrolService
from peaceops.testing import world

FILES = Path(__file__).parents[1] / "fixtures" / "tracks"
START = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)


def haversine(a, b) -> float:
    """Great-circle metres between (lon, lat) points, written here apart from the code under test."""
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def length(points) -> float:
    return sum(haversine(points[i], points[i + 1]) for i in range(len(points) - 1))


@pytest.fixture
def patrol(db):
    admin = world.person("admin")
    return PatrolService().create(acting_user=admin, mission=world.mission("UNMIK"), owner=world.organisation("UNMIK"),
                                  data={"name": "Foot patrol Mitrovica", "planned_start": START.isoformat(),
                                        "planned_end": (START + dt.timedelta(hours=4)).isoformat()})


@pytest.fixture
def admin_client(client, patrol):
    client.force_login(world.person("admin"))
    return client


def walk(n, start=START, step=30, lon0=20.865, lat0=42.89):
    return [{"t": (start + dt.timedelta(seconds=step * i)).isoformat(), "lon": lon0 + 0.0008 * i,
             "lat": lat0 + 0.0006 * i, "accuracy_m": 5} for i in range(n)]


def send(client, patrol, positions):
    return client.post(f"/api/v1/patrols/{patrol.pk}/positions", json.dumps({"positions": positions}),
                       content_type="application/json")


def test_batches_in_and_out_of_order_give_the_same_track(admin_client, patrol):
    points = walk(60)
    for chunk in (points[20:40], points[40:], points[:20]):  # the first part arrives last (late sync)
        assert send(admin_client, patrol, chunk).status_code == 200
    track = PatrolTrack.objects.get(patrol=patrol)
    expected = length([(p["lon"], p["lat"]) for p in points])
    assert track.points == 60 == TrackPoint.objects.filter(patrol=patrol).count()
    assert track.length_m == pytest.approx(expected, rel=1e-6)
    assert track.first_at == START and track.last_at == START + dt.timedelta(seconds=30 * 59)
    seconds = sum(CellPresence.objects.filter(patrol=patrol).values_list("seconds", flat=True))
    assert seconds == pytest.approx(59 * 30)  # each 30-s step of ~100 m is presence
    # in order, the same figures arrive incrementally
    other = PatrolService().create(acting_user=world.person("admin"), mission=patrol.mission, owner=patrol.owner,
                                   data={"name": "Twin", "planned_start": START.isoformat(),
                                         "planned_end": (START + dt.timedelta(hours=4)).isoformat()})
    for chunk in (points[:20], points[20:40], points[40:]):
        send(admin_client, other, chunk)
    twin = PatrolTrack.objects.get(patrol=other)
    assert (twin.points, twin.first_at, twin.last_at) == (60, track.first_at, track.last_at)
    assert twin.length_m == pytest.approx(track.length_m) and twin.bbox == pytest.approx(track.bbox)
    presence = lambda p: dict(CellPresence.objects.filter(patrol=p).values_list("cell", "seconds"))  # noqa: E731
    assert presence(other) == pytest.approx(presence(patrol))


def test_a_batch_sent_again_is_stored_once(admin_client, patrol):
    points = walk(10)
    first = send(admin_client, patrol, points).json()
    again = send(admin_client, patrol, points + points[:2]).json()
    assert (first["stored"], first["duplicates"], first["points"]) == (10, 0, 10)
    assert (again["stored"], again["duplicates"], again["points"]) == (0, 12, 10)
    assert TrackPoint.objects.filter(patrol=patrol).count() == 10


@pytest.mark.parametrize(("bad", "field"), [({"lat": 95}, "positions.3.lat"), ({"t": None}, "positions.3.t"),
                                            ({"t": "1970-01-01T00:00:00Z"}, "positions.3.t"),
                                            ({"lon": "east"}, "positions.3.lon")])
def test_a_bad_position_refuses_the_whole_batch(admin_client, patrol, bad, field):
    points = walk(5)
    points[3].update(bad)
    answer = send(admin_client, patrol, points)
    assert answer.status_code == 422 and answer.json()["field"] == field
    assert not TrackPoint.objects.filter(patrol=patrol).exists()


def test_a_large_batch_overlapping_the_stored_one_counts_each_position_once(admin_client, patrol):
    """Batches longer than one INSERT statement holds (1,000 rows): what is new and what is a duplicate is
    counted over all of them, out of order too."""
    points = walk(4000, step=1)
    first = send(admin_client, patrol, points[1000:3500]).json()
    late = send(admin_client, patrol, points[:1500] + points[3400:] + points[:10]).json()
    assert (first["stored"], first["duplicates"], first["points"]) == (2500, 0, 2500)
    assert (late["stored"], late["duplicates"], late["points"]) == (1000 + 500, 500 + 100 + 10, 4000)
    stored = list(TrackPoint.objects.filter(patrol=patrol).order_by("t").values_list("t", "lon"))
    assert [t for t, _ in stored] == [START + dt.timedelta(seconds=i) for i in range(4000)]
    assert stored[-1][1] == pytest.approx(points[-1]["lon"])


@pytest.mark.parametrize(("positions", "field"), [([{"t": START.isoformat(), "lon": 20, "lat": 42}, 7], "positions.1"),
                                                  ({"t": START.isoformat()}, "positions")])
def test_positions_not_a_list_of_objects_are_refused_naming_the_place(admin_client, patrol, positions, field):
    answer = send(admin_client, patrol, positions)
    assert answer.status_code == 422 and answer.json()["field"] == field
    assert not TrackPoint.objects.filter(patrol=patrol).exists()


def test_the_change_log_has_the_track_start_not_each_batch(admin_client, patrol):
    before = ChangeLogEntry.objects.filter(object_id=str(patrol.pk)).count()
    for chunk in (walk(5), walk(5, start=START + dt.timedelta(minutes=5))):
        send(admin_client, patrol, chunk)
    assert ChangeLogEntry.objects.filter(object_id=str(patrol.pk)).count() == before + 1


def test_positions_outside_the_patrol_times_are_kept_and_said(admin_client, patrol):
    late = send(admin_client, patrol, walk(3, start=START + dt.timedelta(days=2))).json()
    assert late["stored"] == 3 and late["outside_patrol_times"] == 3 and late["notes"]


def test_readers_read_and_cannot_send(client, patrol):
    client.force_login(world.person("admin"))
    send(client, patrol, walk(30))
    client.force_login(world.person("viewer"))
    page = client.get(f"/api/v1/patrols/{patrol.pk}/positions", {"limit": 20}).json()
    assert len(page["items"]) == 20 and page["items"][0]["t"] == START.isoformat()
    rest = client.get(f"/api/v1/patrols/{patrol.pk}/positions", {"after": page["next_after"]}).json()
    assert len(rest["items"]) == 10 and rest["next_after"] is None
    track = client.get(f"/api/v1/patrols/{patrol.pk}/track").json()
    assert track["geometry"]["type"] == "LineString" and track["properties"]["points"] == 30
    assert len(track["geometry"]["coordinates"]) == 2  # a straight walk simplifies to its two ends
    assert send(client, patrol, walk(2, start=START + dt.timedelta(hours=1))).status_code == 403
    client.force_login(world.person("minusca-admin"))
    assert client.get(f"/api/v1/patrols/{patrol.pk}/track").status_code == 404


def upload(client, patrol, name, **extra):
    with open(FILES / name, "rb") as handle:
        return client.post(f"/api/v1/patrols/{patrol.pk}/track", {"file": handle, **extra})


def gpx_points(name):
    gpx = gpxpy.parse((FILES / name).read_text())
    return [(p.longitude, p.latitude, p.time) for t in gpx.tracks for s in t.segments for p in s.points]


def test_garmin_file_is_stored_once_whatever_the_uploads(admin_client, patrol):
    first = upload(admin_client, patrol, "garmin.gpx")
    assert first.status_code == 200, first.content
    again = upload(admin_client, patrol, "garmin.gpx").json()
    points = gpx_points("garmin.gpx")
    track = PatrolTrack.objects.get(patrol=patrol)
    assert first.json()["stored"] == 20 and again["stored"] == 0 and again["duplicates"] == 20
    assert track.points == 20 and track.length_m == pytest.approx(length([p[:2] for p in points]), rel=1e-6)
    entries = ChangeLogEntry.objects.filter(object_id=str(patrol.pk), reason__contains="garmin.gpx")
    assert entries.count() == 2  # each upload is in the patrol's history


def test_osmand_duplicate_point_and_local_times(admin_client, patrol):
    answer = upload(admin_client, patrol, "osmand.gpx").json()
    assert answer["read"] == 16 and answer["stored"] == 15 and answer["duplicates"] == 1
    assert PatrolTrack.objects.get(patrol=patrol).first_at == dt.datetime(2026, 3, 1, 21, 5, tzinfo=dt.UTC)


def test_two_segments_the_gap_is_length_but_not_presence(admin_client, patrol):
    answer = upload(admin_client, patrol, "two_segments.gpx").json()
    points = gpx_points("two_segments.gpx")
    track = PatrolTrack.objects.get(patrol=patrol)
    assert answer["stored"] == 20
    assert track.length_m == pytest.approx(length([p[:2] for p in points]), rel=1e-6)
    seconds = sum(CellPresence.objects.filter(patrol=patrol).values_list("seconds", flat=True))
    assert seconds == pytest.approx(2 * 9 * 30)  # two segments of nine 30-s steps; the 36-min gap counts nothing


def test_a_jump_is_dropped_and_missing_times_interpolated(admin_client, patrol):
    answer = upload(admin_client, patrol, "jump.gpx").json()
    points = gpx_points("jump.gpx")
    kept = [p for p in points if abs(p[0] - 20.865) < 0.1]  # the jump is 0.615° east
    assert answer["read"] == 21 and answer["outliers_dropped"] == 1 and answer["times_interpolated"] == 2
    assert answer["stored"] == 20
    track = PatrolTrack.objects.get(patrol=patrol)
    assert track.length_m == pytest.approx(length([p[:2] for p in kept]), rel=1e-6)
    fifth = TrackPoint.objects.filter(patrol=patrol).order_by("t")[4]
    assert fifth.t == dt.datetime(2026, 3, 1, 22, 2, tzinfo=dt.UTC)  # between 22:01:30 and 22:03:00


def test_a_file_without_times_is_spread_over_the_patrol(admin_client, patrol):
    answer = upload(admin_client, patrol, "no_times.gpx").json()
    track = PatrolTrack.objects.get(patrol=patrol)
    assert answer["times_spread"] and answer["stored"] == 12
    assert (track.first_at, track.last_at) == (patrol.planned_start, patrol.planned_end)


def test_route_only_file_is_refused(admin_client, patrol):
    answer = upload(admin_client, patrol, "route_only.gpx")
    assert answer.status_code == 422 and "route" in answer.json()["detail"]
    assert not TrackPoint.objects.filter(patrol=patrol).exists()


@pytest.mark.parametrize(("name", "count"), [("points.geojson", 8), ("line.geojson", 6)])
def test_geojson_files(admin_client, patrol, name, count):
    answer = upload(admin_client, patrol, name).json()
    assert answer["stored"] == count and PatrolTrack.objects.get(patrol=patrol).points == count


def test_upload_replace(admin_client, patrol):
    upload(admin_client, patrol, "garmin.gpx")
    answer = upload(admin_client, patrol, "points.geojson", replace="true").json()
    assert answer["points"] == 8 and TrackPoint.objects.filter(patrol=patrol).count() == 8


def test_the_patrol_page_uploads_a_track_and_shows_it(admin_client, patrol):
    url = reverse("patrols:track_upload", args=[patrol.pk])
    with open(FILES / "route_only.gpx", "rb") as handle:
        refused = admin_client.post(url, {"file": handle})
    assert refused.status_code == 422 and 'id="track-file-error"' in refused.content.decode()
    with open(FILES / "garmin.gpx", "rb") as handle:
        stored = admin_client.post(url, {"file": handle}, follow=True)
    page = stored.content.decode()
    assert 'id="track-points">20<' in page and "Track file stored: 20 new positions" in page
    assert 'id="track-upload"' in page


def test_a_viewer_sees_the_track_card_without_the_form(client, patrol):
    client.force_login(world.person("viewer"))
    page = client.get(reverse("patrols:detail", args=[patrol.pk])).content.decode()
    assert 'id="track-none"' in page and 'id="track-upload"' not in page
    with open(FILES / "garmin.gpx", "rb") as handle:
        assert client.post(reverse("patrols:track_upload", args=[patrol.pk]), {"file": handle}).status_code == 403
