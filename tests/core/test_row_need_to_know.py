"""Row-level need-to-know (`need_to_know_field`): an alert marked as a misconduct allegation vanishes for the
watch officer, the analyst, a partner it is released to and the mission administrator unless assigned — from the
list and its count, the access explanation, the history (versions written before the mark included) and the
misconduct queue — and appears for the user assigned to it; the other alerts follow the sharing rule as before."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from peaceops.alerts.models import Alert, AlertSettings
from peaceops.alerts.services import AlertService
from peaceops.core.assignments import assign, break_glass
from peaceops.core.choices import Role
from peaceops.core.explain import record_access
from peaceops.core.kit.history import history_of
from peaceops.core.kit.layers import MapLayer
from peaceops.core.kit.search import Searchable
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.core.visibility import RecordFacts, VisibilityRule
from peaceops.interop import records as interop_records
from peaceops.testing import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    unmik, kfor = world.organisation("UNMIK"), world.organisation("KFOR")
    people = world.people("watch", "admin")
    people["analyst"] = world.member(mission, unmik, Role.ANALYST, username="analyst")
    people["partner"] = world.member(mission, kfor, Role.WATCH_OFFICER, username="kfor-watch")
    people["conduct"] = world.member(mission, unmik, Role.VIEWER, username="conduct-officer")
    people["root"] = type(people["watch"]).objects.create_superuser("root", password="x")
    AlertSettings.objects.update_or_create(mission=mission, defaults={"owner": unmik})  # UNMIK's alerts
    return mission, people


def _alerts(mission):
    service = AlertService()
    marked = service.receive(mission, {"text": "A soldier took money at the checkpoint", "releasable_to": ["KFOR"]})
    ordinary = service.receive(mission, {"text": "Roadblock on the main road", "releasable_to": ["KFOR"]})
    return marked, ordinary


def _mark(alert, people):
    """The mark alone (no one assigned): a system step, as the service's own `step` writes it."""
    return AlertService().step(alert, acting_user=None, system=True, reason="misconduct allegation: test",
                               misconduct=True)


OTHERS = ("watch", "analyst", "partner", "admin", "root")


def test_a_marked_alert_is_read_only_by_the_user_assigned_to_it(kosovo):
    mission, people = kosovo
    marked, ordinary = _alerts(mission)
    for name in ("watch", "analyst", "partner", "admin"):
        assert set(Alert.objects.visible_to(people[name])) == {marked, ordinary}, name
    _mark(marked, people)
    for name in OTHERS:
        seen = Alert.objects.visible_to(people[name])
        assert list(seen) == [ordinary] and seen.count() == 1, name
        assert not seen.filter(pk=marked.pk).exists(), name
    assert not Alert.objects.visible_to(people["conduct"]).exists()  # a viewer reads no alerts at all

    assign(marked, user=people["conduct"], acting_user=None, reason="receives allegations", system=True)
    assert list(Alert.objects.visible_to(people["conduct"])) == [marked]  # only the marked one: it is theirs
    for name in OTHERS:
        assert list(Alert.objects.visible_to(people[name])) == [ordinary], name


def test_the_rule_judges_and_explains_a_marked_alert_as_need_to_know(kosovo):
    mission, people = kosovo
    marked, _ordinary = _alerts(mission)
    marked = _mark(marked, people)
    rule = VisibilityRule(Alert)
    for name in OTHERS:
        assert not rule.judge(people[name], RecordFacts.of(marked)).allowed, name
        verdict = record_access(people[name], marked).see
        assert not verdict.allowed and "need-to-know" in verdict.rule, name
    assign(marked, user=people["admin"], acting_user=None, reason="receives allegations", system=True)
    assert rule.judge(people["admin"], RecordFacts.of(marked)).reason == "assigned"
    assert record_access(people["admin"], marked).see.allowed
    # the same alert unmarked: the sharing rule again (the partner reads it by its release)
    assert rule.judge(people["partner"], RecordFacts.of(_alerts(mission)[1])).reason == "released"


def test_versions_written_before_the_mark_are_hidden_from_who_may_not_read_the_alert_now(kosovo):
    mission, people = kosovo
    marked, _ordinary = _alerts(mission)
    AlertService().claim(marked, acting_user=people["watch"])  # a version the watch read at the time
    before = history_of(Alert, marked.pk, people["watch"], record=marked)
    assert before and not any(c.after_hidden for c in before)
    marked = _mark(marked, people)

    # A superuser, not assigned: no history at all, as for an alert that does not exist.
    assert history_of(Alert, marked.pk, people["root"]) is None

    assign(marked, user=people["conduct"], acting_user=None, reason="receives allegations", system=True)
    theirs = history_of(Alert, marked.pk, people["conduct"], record=marked)
    assert [c.after_hidden for c in theirs] == [False] * len(theirs) and theirs[0].entry.after["text"]


def test_break_glass_opens_a_marked_alert_only_to_who_may_break_glass(kosovo):
    mission, people = kosovo
    marked, _ordinary = _alerts(mission)
    _mark(marked, people)
    with pytest.raises(PermissionDenied):  # no role gives alerts.alert.break_glass
        break_glass(Alert, marked.pk, acting_user=people["admin"], reason="an emergency")
    assert not Alert.objects.visible_to(people["admin"]).filter(pk=marked.pk).exists()


def test_marking_misconduct_assigns_those_who_receive_allegations_and_the_officer_loses_sight(kosovo):
    mission, people = kosovo
    marked, ordinary = _alerts(mission)
    receiver = world.member(mission, world.organisation("UNMIK"), Role.CONDUCT_OFFICER, username="cdo-receiver")
    AlertService().mark_misconduct(marked, acting_user=people["watch"], reason="names a soldier")
    assert list(Alert.objects.visible_to(people["watch"])) == [ordinary]
    # conduct officers hold alerts.alert.conduct (default grants): assigned, and read it; the administrator not
    assert list(Alert.objects.visible_to(receiver)) == [marked]
    assert list(Alert.objects.visible_to(people["admin"])) == [ordinary]
    assert list(Alert.objects.visible_to(people["partner"])) == [ordinary]
    assert list(Alert.objects.visible_to(people["analyst"])) == [ordinary]


def test_a_marked_alert_is_not_drawn_found_or_exported_but_for_who_is_assigned(kosovo, monkeypatch):
    """The kit's map layer, search and export of a record type, on alerts (as their registrations will make
    them: `MapLayer`, `Searchable`, `export-records`): the marked alert is in none of them for the others."""
    mission, people = kosovo
    marked = AlertService().receive(mission, {"text": "A soldier beat my brother at the bridge", "lon": 20.87,
                                              "lat": 42.89, "releasable_to": ["KFOR"]})
    ordinary = AlertService().receive(mission, {"text": "Shots at the bridge", "lon": 20.86, "lat": 42.88,
                                                "releasable_to": ["KFOR"]})
    _mark(marked, people)
    assign(marked, user=people["conduct"], acting_user=None, reason="receives allegations", system=True)
    layer = MapLayer(key="alerts", label="Alerts", model=Alert, colour="#c00", properties=lambda a: {})
    finder = Searchable(key="alerts", label="Alerts", model=Alert, titles=("text",), ids=("reference",),
                        url=lambda a: "/")
    monkeypatch.setitem(interop_records._SERVICES, "alerts.alert", AlertService())

    def exported(user):
        out = io.StringIO()
        call_command("export_records", "alerts.alert", user=user.username, mission="UNMIK", stdout=out)
        return out.getvalue()

    for name in OTHERS:
        user = people[name]
        assert [f["id"] for f in layer.features(user, mission.pk)] == [str(ordinary.pk)], name
        assert list(finder.ranked(user, "bridge", mission)) == [ordinary], name
        assert not finder.ranked(user, marked.reference).exists(), name
        text = exported(user)
        assert "Shots at the bridge" in text and "beat my brother" not in text, name
    conduct = people["conduct"]
    assert [f["id"] for f in layer.features(conduct, mission.pk)] == [str(marked.pk)]
    assert list(finder.ranked(conduct, marked.reference)) == [marked]
    assert "beat my brother" in exported(conduct)


def test_the_row_filter_the_judge_and_the_version_reader_agree_on_marked_and_unmarked_alerts(kosovo):
    mission, people = kosovo
    service, alerts = AlertService(), []
    for classification in ("PUBLIC", "CONFIDENTIAL", "STRICTLY_CONFIDENTIAL"):
        for released in ([], ["KFOR"]):
            for marked in (False, True):
                alert = service.receive(mission, {"text": f"{classification} {released} {marked}",
                                                  "classification": classification, "releasable_to": released})
                alerts.append(_mark(alert, people) if marked else alert)
    for alert in alerts[1::4]:  # some of the marked ones, and assignments on unmarked ones (which change nothing)
        assign(alert, user=people["conduct"], acting_user=None, reason="receives allegations", system=True)
        assign(alerts[alerts.index(alert) - 1], user=people["watch"], acting_user=None, reason="x", system=True)
    rule, now = VisibilityRule(Alert), timezone.now()
    for name, user in people.items():
        rows = set(Alert.objects.visible_to(user).values_list("pk", flat=True))
        reader = rule.reader(user, mission.pk)
        for alert in alerts:
            latest = ChangeLogEntry.objects.filter(object_id=str(alert.pk)).latest("id").after
            answers = (alert.pk in rows, rule.judge(user, RecordFacts.of(alert)).allowed, reader.may_read(latest, now))
            assert len(set(answers)) == 1, (name, alert.text, answers)
            if alert.misconduct:
                assert answers[0] == (name in ("conduct",) and alert in alerts[1::4]), (name, alert.text)
