"""The paths an administrator, a superuser or an operator could read need-to-know records by, each closed:
the Django admin (no need-to-know model registered; the change log leaves out entries about need-to-know
records; the message logs leave out an allegation's messages), a superuser's history of a record they do not see
(404 as for none), assigning and breaking glass (a role, never superuser status alone), the operator's partner
feed export (no need-to-know row), and break-glass telling those assigned (the kit page's promise)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.utils import timezone

from peaceops.alerts.models import Alert, AlertSettings
from peaceops.alerts.services import AlertService
from peaceops.core import assignments
from peaceops.core.admin import ChangeLogEntryAdmin
from peaceops.core.choices import Classification, Role
from peaceops.core.kit.history import history_of
from peaceops.core.kit.releasable import releasable
from peaceops.core.models import BreakGlassAccess, ChangeLogEntry, RecordAssignment, RolePermission
from peaceops.core.services import PermissionDenied
from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.models import Gateway, InboundMessage, OutboundMessage
from peaceops.notices.models import Notification
from peaceops.partners.feed import feed_page
from peaceops.testing import world
from peaceops.web.admin_models import ScopedInboundMessageAdmin, ScopedOutboundMessageAdmin
from peaceops.web.admin_site import mission_admin_site
from tests.recordtypes.models import ConductCase

pytestmark = pytest.mark.django_db
NOWHERE = "00000000-0000-0000-0000-000000000000"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    unmik = world.organisation("UNMIK")
    world.organisation("KFOR")
    people = world.people("watch", "admin", "kfor", "cdo", "cdo2")
    people["root"] = get_user_model().objects.create_superuser("root", password="x")
    for action in ("view", "assign", "break_glass"):
        RolePermission.objects.create(
            role=Role.CONDUCT_OFFICER, permission=f"testrecords.conductcase.{action}"
        )
    AlertSettings.objects.update_or_create(mission=mission, defaults={"owner": unmik})
    now = timezone.now()
    case = ConductCase.objects.create(
        mission=mission,
        owner=unmik,
        classification=Classification.CONFIDENTIAL,
        title="Case of the missing fuel",
        created_at=now,
        updated_at=now,
    )
    assignments.assign(case, user=people["cdo"], acting_user=people["cdo"], reason="recorded it", system=True)
    return mission, people, case


def marked_alert(mission, **fields):
    """An alert released to KFOR and marked as a misconduct allegation (nobody assigned)."""
    alert = AlertService().receive(
        mission, {"text": "A soldier took money at the checkpoint", "releasable_to": ["KFOR"], **fields}
    )
    return AlertService().step(
        alert, acting_user=None, system=True, reason="misconduct allegation: test", misconduct=True
    )


def test_no_need_to_know_model_nor_assignment_is_registered_in_either_admin():
    need_to_know = {m for m in apps.get_models() if getattr(m, "need_to_know", False)}
    conduct = set(apps.get_app_config("conduct").get_models())
    for site in (mission_admin_site, admin.site):
        registered = set(site._registry)
        assert not registered & (need_to_know | conduct | {RecordAssignment, BreakGlassAccess}), site.name
    assert ChangeLogEntry not in mission_admin_site._registry  # the served admin shows no change log at all


def test_the_admin_change_log_shows_a_superuser_nothing_of_a_case_or_an_allegation(kosovo):
    mission, people, case = kosovo
    alert = marked_alert(mission)
    ordinary = AlertService().receive(mission, {"text": "Roadblock on the main road"})
    assignments.break_glass(ConductCase, case.pk, acting_user=people["cdo2"], reason="threat to life")
    request = RequestFactory().get("/admin/core/changelogentry/")
    request.user = people["root"]
    shown = ChangeLogEntryAdmin(ChangeLogEntry, admin.site).get_queryset(request)
    assert (
        ChangeLogEntry.objects.filter(
            object_type__in=["core.recordassignment", "core.breakglassaccess"]
        ).count()
        == 2
    )
    assert not shown.filter(object_type__in=["core.recordassignment", "core.breakglassaccess"]).exists()
    assert not shown.filter(object_type="alerts.alert", object_id=str(alert.pk)).exists()
    assert shown.filter(object_type="alerts.alert", object_id=str(ordinary.pk)).exists()  # the rest stays
    assert not any("took money" in str(entry.after) for entry in shown)


def test_the_message_logs_leave_out_an_allegations_messages(kosovo):
    mission, people, _case = kosovo
    gateway = Gateway.objects.create(
        mission=mission, name="file gateway", kind=GatewayKind.FILE, sender="+38344000000"
    )
    messages = []
    for text in ("A soldier took money at the checkpoint", "Roadblock on the main road"):
        messages.append(
            InboundMessage.objects.create(
                mission=mission,
                gateway=gateway,
                gateway_message_id=text[:5],
                sender="+38344111222",
                text=text,
                received_at=timezone.now(),
                raw={},
            )
        )
    alert = marked_alert(mission)
    Alert._base_manager.filter(pk=alert.pk).update(inbound_message=messages[0])
    for about in (alert, AlertService().receive(mission, {"text": "Roadblock"})):
        OutboundMessage.objects.create(
            mission=mission,
            channel="sms",
            recipient="+38344111222",
            body="Thank you",
            related_type="alerts.alert",
            related_id=str(about.pk),
        )
    request = RequestFactory().get("/admin/")
    request.user = people["admin"]
    inbound = ScopedInboundMessageAdmin(InboundMessage, mission_admin_site).get_queryset(request)
    assert list(inbound.values_list("text", flat=True)) == ["Roadblock on the main road"]
    outbound = ScopedOutboundMessageAdmin(OutboundMessage, mission_admin_site).get_queryset(request)
    assert outbound.count() == 1 and outbound.get().related_id != str(alert.pk)


def test_a_superusers_history_of_a_record_they_do_not_see_answers_as_for_none(kosovo):
    mission, people, case = kosovo
    alert = marked_alert(mission)
    assert history_of(ConductCase, case.pk, people["root"]) is None
    assert history_of(Alert, alert.pk, people["root"]) is None
    client = signed_in(people["root"])
    assert client.get(f"/api/v1/alerts/{alert.pk}/history").status_code == 404
    assert client.get(f"/api/v1/alerts/{NOWHERE}/history").status_code == 404
    assert client.get(f"/testrecords/cases/{case.pk}/history/").status_code == 404
    # a deleted ordinary alert's history stays the superusers' (the audit of deletions)
    ordinary = AlertService().receive(mission, {"text": "Roadblock on the main road"})
    AlertService().delete(ordinary, acting_user=people["root"], reason="duplicate")
    assert history_of(Alert, ordinary.pk, people["root"])


def test_a_superuser_may_neither_break_glass_nor_assign_without_the_role(kosovo):
    _mission, people, case = kosovo
    with pytest.raises(PermissionDenied):
        assignments.break_glass(ConductCase, case.pk, acting_user=people["root"], reason="I am root")
    with pytest.raises(PermissionDenied):
        assignments.assign(case, user=people["root"], acting_user=people["root"], reason="I am root")
    answer = signed_in(people["root"]).post(
        "/testrecords/cases/break-glass/", {"record": str(case.pk), "reason": "I am root"}
    )
    assert answer.status_code == 404
    assert (
        not BreakGlassAccess.objects.exists()
        and not RecordAssignment.objects.filter(user=people["root"]).exists()
    )


def test_the_operators_feed_export_carries_no_allegation(kosovo):
    mission, _people, _case = kosovo
    alert = marked_alert(mission, classification=Classification.PUBLIC)
    ordinary = AlertService().receive(
        mission, {"text": "Roadblock on the main road", "releasable_to": ["KFOR"]}
    )
    page = feed_page(world.organisation("KFOR"), mission, record_type=releasable("alerts"))
    ids = {item["id"] for item in page["records"] if item["op"] == "upsert"}
    assert str(ordinary.pk) in ids and str(alert.pk) not in ids


def test_breaking_glass_on_the_page_tells_those_assigned_with_a_link(kosovo):
    _mission, people, case = kosovo
    answer = signed_in(people["cdo2"]).post(
        "/testrecords/cases/break-glass/", {"record": str(case.pk), "reason": "threat to life"}
    )
    assert answer.status_code == 302
    note = Notification.objects.get(user=people["cdo"])
    assert note.text == "cdo2 opened Case of the missing fuel by break-glass: threat to life"
    assert note.url == f"/testrecords/cases/{case.pk}/" and note.related_id == str(case.pk)
    reader = signed_in(people["cdo"])
    bell = reader.get("/notifications/")
    assert bell.status_code == 200, bell.status_code
    assert "threat to life" in bell.content.decode(), bell.content.decode()[-3000:]
    opened = reader.get(f"/notifications/{note.pk}/")
    assert opened.status_code == 302 and opened["Location"] == note.url
    assert "Case of the missing fuel" in reader.get(note.url).content.decode()
    # not the breaker, not the admin (other tests of the module's world may have told them of other things)
    assert not Notification.objects.filter(related_id=str(case.pk)).exclude(user=people["cdo"]).exists()
