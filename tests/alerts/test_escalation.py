"""Escalation of response clocks, with time moved forward (the sweep's `now`), never slept: nothing before a
clock runs out, one escalation after it (the duty supervisor told in the app, by e-mail and by SMS), none again
on the next sweep; acknowledging stops the acknowledge clock; a misconduct allegation is never escalated; every
mission starts with the default clocks, which its administrator edits."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from peaceops.alerts import escalation
from peaceops.alerts.clocks import DEFAULT_MINUTES
from peaceops.alerts.models import AlertEscalation, ResponseClock
from peaceops.alerts.services import AlertService, settings_for
from peaceops.core.models import RolePermission
from peaceops.messaging.models import Gateway, OutboundMessage
from peaceops.notices.models import Notification
from peaceops.testing import world
from peaceops.worker import schedule

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    people = world.people("watch", "admin", "viewer", "minusca-admin")
    chosen = settings_for(mission)
    chosen.supervisor_email, chosen.supervisor_phone = "duty@unmik.example.org", "+38344999888"
    chosen.save()
    Gateway.objects.create(mission=mission, name="Demo", kind="console")
    return mission, people


def critical_alert(mission, received_at, **data):
    alert = AlertService().receive(mission, {"text": "Shooting at the bridge, people hurt", "channel": "sms",
                                             "reporter_phone": "+38344123456", "received_at": received_at, **data})
    return AlertService().step(alert, acting_user=None, system=True, reason="read", read_at=received_at,
                               priority=90, priority_band="critical")


def told(alert):
    notices = list(Notification.objects.filter(related_id=str(alert.pk)).values_list("user__username", "text"))
    messages = list(OutboundMessage.objects.filter(related_id=str(alert.pk)).values_list("channel", "recipient"))
    return notices, messages


def test_every_mission_starts_with_the_default_clocks():
    fresh = world.mission("MINURSO")
    clocks = {c.band: (c.acknowledge_minutes, c.respond_minutes, c.close_minutes)
              for c in ResponseClock.objects.filter(mission=fresh)}
    assert clocks == {"critical": (15, 60, 1440), "high": (30, 120, 2880), "medium": (60, 480, 4320),
                      "low": (240, 1440, 10080)} == {str(k): v for k, v in DEFAULT_MINUTES.items()}


def test_a_critical_alert_is_escalated_once_when_its_acknowledge_clock_runs_out(kosovo):
    mission, people = kosovo
    start = timezone.now()
    alert = critical_alert(mission, start)

    assert escalation.sweep(now=start + 14 * MINUTE) == []  # 15 minutes to acknowledge
    assert told(alert) == ([], [])

    escalated = escalation.sweep(now=start + 16 * MINUTE)
    assert [(e.alert_id, e.clock, e.due_at) for e in escalated] == [(alert.pk, "acknowledge", start + 15 * MINUTE)]
    notices, messages = told(alert)
    assert [user for user, _text in notices] == ["admin"]  # mission administrators supervise; not the watch
    assert alert.reference in notices[0][1] and "not acknowledged" in notices[0][1]
    assert sorted(messages) == [("email", "duty@unmik.example.org"), ("sms", "+38344999888")]
    email = OutboundMessage.objects.get(related_id=str(alert.pk), channel="email")
    assert alert.reference in email.subject and "Shooting" not in email.body  # the alert's words stay inside

    assert escalation.sweep(now=start + 17 * MINUTE) == []  # the next sweep: nothing again
    assert len(told(alert)[0]) == 1 and len(told(alert)[1]) == 2

    later = escalation.sweep(now=start + 61 * MINUTE)  # an hour without a response: that clock too, once
    assert [e.clock for e in later] == ["respond"]
    assert escalation.sweep(now=start + 62 * MINUTE) == []
    assert AlertEscalation.objects.filter(alert=alert).count() == 2


def test_acknowledging_stops_the_acknowledge_clock_but_not_the_response_clock(kosovo):
    mission, people = kosovo
    start = timezone.now()
    alert = critical_alert(mission, start)
    AlertService().claim(alert, acting_user=people["watch"])

    assert escalation.sweep(now=start + 20 * MINUTE) == []
    assert [e.clock for e in escalation.sweep(now=start + 61 * MINUTE)] == ["respond"]

    other = critical_alert(mission, start)
    AlertService().task(other, acting_user=people["watch"], kind="patrol", unit="Patrol 3")  # acknowledges too
    assert [e.alert_id for e in escalation.sweep(now=start + 2 * 60 * MINUTE)] == []
    AlertService().close(other, acting_user=people["watch"])
    assert escalation.sweep(now=start + 2 * 24 * 60 * MINUTE) == [
        e for e in AlertEscalation.objects.filter(alert=alert, clock="close")]  # only the first alert's close


def test_a_misconduct_allegation_is_never_escalated(kosovo):
    mission, people = kosovo
    start = timezone.now()
    alert = critical_alert(mission, start, text="A UN patrol member asked for money at the checkpoint")
    AlertService().mark_misconduct(alert, acting_user=people["watch"], reason="alleges a patrol member")

    assert escalation.sweep(now=start + 30 * 24 * 60 * MINUTE) == []
    assert told(alert) == ([], [])


def test_the_clock_of_the_alerts_band_and_mission_counts(kosovo):
    mission, people = kosovo
    start = timezone.now()
    low = AlertService().receive(mission, {"text": "Road closed by a fallen tree", "received_at": start})
    ResponseClock.objects.filter(mission=mission, band="low").update(acknowledge_minutes=30)
    assert escalation.sweep(now=start + 29 * MINUTE) == []
    assert [(e.alert_id, e.clock) for e in escalation.sweep(now=start + 31 * MINUTE)] == [(low.pk, "acknowledge")]


def test_clocks_running_out_in_the_same_sweep_make_one_email_and_one_sms(kosovo):
    mission, people = kosovo
    start = timezone.now()
    alerts = [critical_alert(mission, start + n * dt.timedelta(seconds=1)) for n in range(5)]
    assert len(escalation.sweep(now=start + 16 * MINUTE)) == 5
    assert Notification.objects.filter(user=people["admin"], kind="alert-escalation").count() == 5
    messages = OutboundMessage.objects.filter(mission=mission)
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "sms"]
    email, sms = messages.get(channel="email"), messages.get(channel="sms")
    assert email.subject == "Community alerts past their response clock: 5"
    assert all(alert.reference in email.body for alert in alerts)
    assert [a.reference in sms.body for a in alerts] == [True, True, True, False, False]
    assert sms.body.endswith("And 2 more.")


def test_a_supervisor_who_may_not_see_the_alert_is_not_told_of_it(kosovo):
    mission, people = kosovo
    RolePermission.objects.create(role="viewer", permission="alerts.alert.supervise")  # viewers see no alerts
    RolePermission.objects.create(role="watch_officer", permission="alerts.alert.supervise")
    start = timezone.now()
    alert = critical_alert(mission, start)
    escalation.sweep(now=start + 16 * MINUTE)
    assert sorted(user for user, _text in told(alert)[0]) == ["admin", "watch"]


def test_without_a_gateway_the_supervisor_is_still_told_in_the_app_and_by_email(kosovo):
    mission, people = kosovo
    Gateway.objects.filter(mission=mission).update(active=False)
    start = timezone.now()
    alert = critical_alert(mission, start)
    assert len(escalation.sweep(now=start + 16 * MINUTE)) == 1
    notices, messages = told(alert)
    assert [user for user, _text in notices] == ["admin"] and messages == [("email", "duty@unmik.example.org")]


def test_the_sweep_runs_every_minute_on_the_worker():
    entry = next(p for p in schedule.registered() if p.name == "alerts.escalate")
    assert entry.every == MINUTE and entry.task.module_path.endswith("escalate_alerts_task")


def test_a_mission_administrator_edits_the_clocks_of_their_mission_only(kosovo):
    mission, people = kosovo
    other = world.mission("MINUSCA")
    client = Client()
    client.force_login(people["admin"])
    mine = ResponseClock.objects.get(mission=mission, band="critical")
    page = client.get("/admin/alerts/responseclock/")
    assert page.status_code == 200
    assert f"/admin/alerts/responseclock/{mine.pk}/change/" in page.content.decode()
    theirs = ResponseClock.objects.get(mission=other, band="critical")
    assert f"/admin/alerts/responseclock/{theirs.pk}/change/" not in page.content.decode()
    answer = client.post(f"/admin/alerts/responseclock/{mine.pk}/change/", {
        "mission": mission.pk, "band": "critical", "acknowledge_minutes": 10, "respond_minutes": 45,
        "close_minutes": 720})
    assert answer.status_code == 302
    mine.refresh_from_db()
    assert (mine.acknowledge_minutes, mine.respond_minutes, mine.close_minutes) == (10, 45, 720)
