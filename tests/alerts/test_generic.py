"""Community alerts and focal points through the kit's generic record tests (peaceops/testing/records.py): role
matrix, confidentiality on every read path (API, pages, export, partner feed, COP layer), change log and
ledger, bad input, idempotent writes, the CSV round trip, and personal data (the reporter's name and phone, a
focal point's phone) masked for every reader without `messaging.view_phone_numbers`."""

import datetime as dt

from peaceops.alerts.services import AlertService, FocalPointService
from peaceops.core.choices import Role
from peaceops.core.models import RolePermission
from peaceops.core.services import grant_role
from peaceops.testing.records import RecordSpec, RecordTypeTests

PHONE = "+38344123456"
ALERT = {"text": "Shooting near the school in Zubin Potok, people are hiding", "channel": "phone", "language": "en",
         "lon": 20.69, "lat": 42.91, "location_name": "Zubin Potok", "category": "shooting", "severity": 3,
         "reporter_name": "Drita Krasniqi", "reporter_phone": PHONE,
         "received_at": dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)}
FOCAL_POINT = {"name": "Agim Berisha", "phone": "+38349555111", "village": "Banje", "languages": "sq, sr-latn",
               "trust": 3}


def partner_watch(world) -> None:
    """Alerts are the watch's: the partner organisation's user they are released to is a watch officer there."""
    grant_role(user=world.users["partner"], mission=world.mission, organisation=world.partner,
               role=Role.WATCH_OFFICER)


def analysts_read_focal_points(world) -> None:
    """Every role that reads focal points by default may also see phone numbers: in this world analysts read
    them too (weighing sources), without the phone numbers, so the masking has a reader to be checked on."""
    partner_watch(world)
    RolePermission.objects.get_or_create(role=Role.ANALYST, permission="alerts.focalpoint.view")


class TestAlerts(RecordTypeTests):
    spec = RecordSpec(
        service=AlertService(), api="/api/v1/alerts", namespace="alerts", valid=ALERT, change={"category": "roadblock"},
        label="text", source_id=None, prepare=partner_watch, feed="/api/v1/partners/{org}/feed/alerts?mission={mission}",
        personal={"reporter_name": "Drita Krasniqi", "reporter_phone": PHONE},
        bad=[({"lat": 95}, "lat"), ({"channel": "pigeon"}, "channel"), ({"text": ""}, "text"),
             ({"category": "weather"}, "category"), ({"severity": 9}, "severity")])


class TestFocalPoints(RecordTypeTests):
    spec = RecordSpec(
        service=FocalPointService(), api="/api/v1/focal-points", namespace="focal_points", valid=FOCAL_POINT,
        change={"trust": 1}, source_id=None, prepare=analysts_read_focal_points, personal={"phone": "+38349555111"},
        form={k: v for k, v in FOCAL_POINT.items()},
        bad=[({"languages": "klingon"}, "languages"), ({"trust": 7}, "trust"), ({"name": ""}, "name")])
