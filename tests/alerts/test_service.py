"""The alert service as the intake and the watch use it: reference codes, anonymous positions coarsened before
storage, the workflow's permission and change log."""

import pytest

from peaceops.alerts.choices import AlertStatus
from peaceops.alerts.models import Alert
from peaceops.alerts.services import REFERENCE_LETTERS, AlertService, coarsen, normal_reference
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.testing import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    people = world.people("watch", "viewer")
    return mission, people


def test_an_alert_received_gets_a_reference_code_a_watch_officer_can_read_over_the_phone(kosovo):
    mission, _people = kosovo
    alert = AlertService().receive(mission, {"text": "Shooting near the school", "channel": "web"})
    letters = alert.reference.replace("-", "")
    assert len(alert.reference) == 7 and alert.reference[3] == "-" and set(letters) <= set(REFERENCE_LETTERS)
    assert normal_reference(letters.lower()) == alert.reference
    assert alert.owner.code == "UNMIK" and alert.classification == "CONFIDENTIAL" and alert.lon is None


def test_an_anonymous_report_stores_only_the_coarsened_position_and_no_name(kosovo):
    mission, _people = kosovo
    exact = (20.86543, 42.88921)
    alert = AlertService().receive(mission, {"text": "Armed men at the bridge", "anonymous": True,
                                             "lon": exact[0], "lat": exact[1], "reporter_name": "Arben",
                                             "reporter_phone": "+383 44 123 456"})
    stored = Alert.objects.get(pk=alert.pk)
    assert (stored.lon, stored.lat) != exact and stored.coarsened_m == 2000
    assert (stored.lon, stored.lat) == coarsen(20.8660, 42.8890, 2000)  # a point 100 m away: the same answer
    assert stored.reporter_name == "" and stored.reporter_phone == ""
    snapshots = ChangeLogEntry.objects.filter(object_id=str(alert.pk)).values_list("after", flat=True)
    assert all(str(exact[0]) not in str(s) and "123 456" not in str(s) for s in snapshots)


def test_the_watch_claims_and_dismisses_and_a_viewer_may_not(kosovo):
    mission, people = kosovo
    alert = AlertService().receive(mission, {"text": "Roadblock on the main road", "channel": "sms"})
    with pytest.raises(PermissionDenied):
        AlertService().claim(alert, acting_user=people["viewer"])
    claimed = AlertService().claim(alert, acting_user=people["watch"])
    assert claimed.status == AlertStatus.CLAIMED and claimed.claimed_by == people["watch"]
    assert claimed.acknowledged_at is not None
    dismissed = AlertService().dismiss(claimed, acting_user=people["watch"], why="duplicate")
    assert dismissed.status == AlertStatus.DISMISSED and dismissed.closed_at is not None
    reasons = list(ChangeLogEntry.objects.filter(object_id=str(alert.pk)).values_list("reason", flat=True))
    assert "claimed" in reasons and "dismissed: duplicate" in reasons


def test_alerts_nobody_signed_in_raised_belong_to_the_missions_un_organisation_not_the_first_by_name(kosovo):
    mission, _people = kosovo
    world.people("kfor")  # KFOR takes part in UNMIK too, and comes first by code
    alert = AlertService().receive(mission, {"text": "Smoke over the village"})
    assert alert.owner.code == "UNMIK"
