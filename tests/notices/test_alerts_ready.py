"""A record type ready only after its worker's reading (alerts: priority and place are known then) is matched
when its app says so: `alerts.hooks.alert_read` -> `notices.rules.on_record_read`, not on creation. The
alerts' own FilterSet is registered elsewhere; this test registers a small one of its own."""

import django_filters
import pytest

from peaceops.alerts.intake import read_one
from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService, settings_for
from peaceops.core.kit import filtering
from peaceops.notices.models import Notification, Subscription
from peaceops.testing import world


class AlertWords(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains")

    class Meta:
        model = Alert
        fields = ["q"]


@pytest.fixture
def alerts_filterable(monkeypatch):
    monkeypatch.setitem(filtering._REGISTRY, "alerts.alert", filtering.Filterable(Alert, AlertWords,
                                                                                  on_create=False))


def test_an_alert_fires_a_rule_once_read_and_only_for_who_may_see_it(unmik, alerts_filterable,
                                                                      django_capture_on_commit_callbacks):
    mission = unmik["mission"]
    intake = settings_for(mission)
    intake.owner = world.organisation("UNMIK")  # UNMIK owns the alerts its intake receives
    intake.save(update_fields=["owner"])
    for user in (unmik["watch"], unmik["kfor"]):
        Subscription.objects.create(user=user, mission=mission, record_type="alerts.alert",
                                    conditions={"q": "school"})
    with django_capture_on_commit_callbacks(execute=False):
        alert = AlertService().receive(mission, {"text": "Shooting near the school", "channel": "web"})
        other = AlertService().receive(mission, {"text": "Cattle stolen", "channel": "web"})
    assert not Notification.objects.exists()  # not before its reading
    read_one(alert)
    read_one(other)
    [told] = Notification.objects.all()
    assert told.user == unmik["watch"] and told.related_id == str(alert.pk)  # KFOR may not see UNMIK's alert
    read_one(alert)
    assert Notification.objects.count() == 1


def test_a_rule_on_an_area_and_a_band_with_the_alerts_own_filters(unmik, django_capture_on_commit_callbacks):
    """The issue's conditions (category, area, priority, keywords, channel) are the alerts' FilterSet: a rule
    on North Mitrovica's alerts of band medium or above fires for one there, not for one elsewhere nor a low one."""
    mission = unmik["mission"]
    areas = world.mitrovica_areas(mission)
    north = areas["north"]
    intake = settings_for(mission)
    intake.owner = world.organisation("UNMIK")
    intake.save(update_fields=["owner"])
    Subscription.objects.create(user=unmik["watch"], mission=mission, record_type="alerts.alert",
                                conditions={"area": str(north.pk), "priority_band": ["critical", "high", "medium"],
                                            "channel": ["web"]})
    inside, elsewhere = world.SPOT, (21.2, 42.65)
    with django_capture_on_commit_callbacks(execute=False):
        there = AlertService().receive(mission, {"text": "Armed men, people wounded", "channel": "web",
                                                 "lon": inside[0], "lat": inside[1]})
        away = AlertService().receive(mission, {"text": "Armed men, people wounded", "channel": "web",
                                                "lon": elsewhere[0], "lat": elsewhere[1]})
        calm = AlertService().receive(mission, {"text": "A meeting tomorrow", "channel": "web",
                                                "lon": inside[0], "lat": inside[1]})
    for alert in (there, away, calm):
        read_one(Alert.objects.get(pk=alert.pk))
    assert Alert.objects.get(pk=there.pk).admin2_id == north.pk
    assert Alert.objects.get(pk=there.pk).priority_band != "low" and Alert.objects.get(pk=calm.pk).priority_band == "low"
    assert list(Notification.objects.values_list("related_id", flat=True)) == [str(there.pk)]
