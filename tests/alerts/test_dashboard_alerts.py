"""The dashboard's community alerts section, with numbers checked by hand: four alerts the watch officer may
see (one KFOR keeps to itself and a misconduct allegation nobody assigned them are counted nowhere), by channel, area and week; minutes to acknowledge and to
first response (median, nearest-rank 90th percentile); closed within the close clock; reporters who heard back.

The alerts (priority band high: 30 minutes to acknowledge, 2 hours to first response, 2 days to close), all
received ten days ago at 08:00 UTC but A4, received an hour ago:

    alert  channel  place               acknowledged  first response  closed        reporter's messages
    A1     SMS      Mitrovicë e Veriut  +10 min       +30 min         +1 day        one delivered
    A2     SMS      Mitrovicë e Veriut  +20 min       +60 min         +3 days       one failed, one sent
    A3     web      Prishtinë           +40 min       +200 min        open          (no phone)
    A4     phone    unknown             +90 min       —               open          only the supervisor's SMS
    A5     SMS      unknown             misconduct allegation: need-to-know, counted (by channel, area, week
                                        only) for who receives allegations, nowhere for the watch

- acknowledge: 10, 20, 40, 90 -> median (20 + 40) / 2 = 30, 90th percentile the 4th of 4 (ceil 3.6) = 90;
- first response: 30, 60, 200 -> median 60, 90th percentile the 3rd of 3 = 200;
- closed within the deadline: A1 yes, A2 late, A3 open past its deadline, A4 still within -> 1 of 3;
- heard back: A1 and A2 of A1, A2, A4 (phones) -> 2 of 3."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService
from peaceops.analytics.alert_response import Share, alert_figures, spread
from peaceops.core.choices import Role
from peaceops.messaging.models import Gateway, OutboundMessage
from peaceops.testing import world
from peaceops.web.dashboard.periods import DashboardPeriod

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)
PRISHTINE = (21.2, 42.65)


def received(mission, start, text, *, channel="sms", phone="", position=None, **times):
    data = {"text": text, "channel": channel, "reporter_phone": phone, "received_at": start}
    if position:
        data.update(lon=position[0], lat=position[1], location_precision="exact")
    alert = AlertService().receive(mission, data)
    changes = {name: start + minutes * MINUTE for name, minutes in times.items()}
    return AlertService().step(alert, acting_user=None, system=True, reason="test", priority_band="high",
                               read_at=start, **changes)


def message(mission, alert, recipient, status):
    sent = timezone.now() if status in ("sent", "delivered") else None
    OutboundMessage.objects.create(mission=mission, channel="sms", gateway=Gateway.objects.get(mission=mission),
                                   recipient=recipient, body="PeaceOps", related_type="alerts.alert",
                                   related_id=str(alert.pk), status=status, sent_at=sent,
                                   delivered_at=sent if status == "delivered" else None)


@pytest.fixture
def answered():
    mission = world.mission("UNMIK")
    people = world.people("watch", "viewer", "kfor", "admin")
    people["analyst"] = world.member(mission, world.organisation("UNMIK"), Role.ANALYST, username="unmik-analyst")
    # reads the community alerts and receives misconduct allegations (alerts.alert.conduct: conduct officers)
    people["receiver"] = world.member(mission, world.organisation("UNMIK"), Role.ANALYST, Role.CONDUCT_OFFICER,
                                      username="unmik-conduct")
    world.mitrovica_areas(mission)
    Gateway.objects.create(mission=mission, name="Demo", kind="console")
    today = timezone.now().astimezone(dt.UTC).date()
    start = dt.datetime.combine(today - dt.timedelta(days=10), dt.time(8), dt.UTC)
    a1 = received(mission, start, "A1", phone="+38344000001", position=world.SPOT, acknowledged_at=10,
                  first_response_at=30, closed_at=24 * 60)
    a2 = received(mission, start, "A2", phone="+383 44 000 002", position=world.SPOT, acknowledged_at=20,
                  first_response_at=60, closed_at=3 * 24 * 60)
    received(mission, start, "A3", channel="web", position=PRISHTINE, acknowledged_at=40, first_response_at=200)
    recent = timezone.now() - dt.timedelta(hours=1)
    a4 = received(mission, recent, "A4", channel="phone", phone="+38344000004", acknowledged_at=90)
    a5 = received(mission, start, "A5", phone="+38344000005", acknowledged_at=5, first_response_at=5)
    AlertService().mark_misconduct(a5, acting_user=people["watch"], reason="alleges extortion by personnel")
    hidden = received(mission, start, "kept by KFOR", phone="+38344000009", acknowledged_at=1)
    Alert.objects.filter(pk=hidden.pk).update(owner=world.organisation("KFOR"))
    message(mission, a1, "+38344000001", "delivered")
    message(mission, a2, "+38344000002", "failed")
    message(mission, a2, "+38344000002", "sent")
    message(mission, a4, "+38344999888", "sent")  # the duty supervisor's escalation SMS, not the reporter's
    return {"mission": mission, "people": people, "start": start, "recent": recent}


def monday(moment: dt.datetime) -> dt.date:
    day = moment.astimezone(dt.UTC).date()
    return day - dt.timedelta(days=day.weekday())


def test_the_figures_are_the_ones_counted_by_hand(answered):
    period = DashboardPeriod(timezone.now().astimezone(dt.UTC).date())
    figures = alert_figures(answered["people"]["watch"], answered["mission"], period.weeks, period.end)
    assert figures.total == 4  # A5 left the watch's view when it was marked
    assert figures.by_channel == [("SMS", 2), ("phone call to the hotline", 1), ("public page", 1)]
    assert [(area.name if area else None, n) for area, n in figures.by_admin1] == [("Mitrovicë", 2), (None, 2)]
    assert [(area.name if area else None, n) for area, n in figures.by_admin2] == [
        ("Mitrovicë e Veriut", 2), ("Prishtinë", 1), (None, 1)]
    weekly = dict(figures.week_totals())
    expected = {monday(answered["start"]): 3}
    expected[monday(answered["recent"])] = expected.get(monday(answered["recent"]), 0) + 1
    assert {week: n for week, n in weekly.items() if n} == expected
    assert (figures.acknowledge.count, figures.acknowledge.median, figures.acknowledge.p90) == (4, 30, 90)
    assert (figures.first_response.count, figures.first_response.median, figures.first_response.p90) == (3, 60, 200)
    assert figures.closed_in_time == Share(1, 3)
    assert figures.heard_back == Share(2, 3)

    receiver = alert_figures(answered["people"]["receiver"], answered["mission"], period.weeks, period.end)
    assert receiver.total == 5 and receiver.by_channel[0] == ("SMS", 3)  # A5 counted for who receives it...
    assert receiver.acknowledge == figures.acknowledge and receiver.heard_back == figures.heard_back  # ...untimed


def test_percentiles_by_nearest_rank():
    assert spread([]).median is None
    assert (spread([7]).median, spread([7]).p90) == (7, 7)
    ten = spread(list(range(1, 11)))
    assert (ten.median, ten.p90) == (5.5, 9)


def test_the_watch_reads_the_section_on_the_dashboard_and_a_viewer_does_not_see_it(answered):
    client = Client()
    client.force_login(answered["people"]["watch"])
    body = client.get("/dashboard/").content.decode()
    assert 'id="alerts-section"' in body and 'id="chart-alerts"' in body and 'id="chart-alerts-phone"' in body
    acknowledge = body[body.index('data-measure="acknowledge"'):]
    assert ">30</td>" in acknowledge[:300] and ">90</td>" in acknowledge[:300]
    first = body[body.index('data-measure="first-response"'):]
    assert ">60</td>" in first[:300] and ">200</td>" in first[:300]
    assert "33 % (1 of 3)" in body and "67 % (2 of 3)" in body
    assert "kept by KFOR" not in body

    viewer = Client()
    viewer.force_login(answered["people"]["viewer"])  # may not see community alerts
    page = viewer.get("/dashboard/")
    assert page.status_code == 200 and 'id="alerts-section"' not in page.content.decode()
