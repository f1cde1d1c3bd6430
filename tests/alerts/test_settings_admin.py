"""A mission's alert settings in the mission administrators' admin: their own missions only, every change in
the change log, and the new coarsening applied to the next anonymous alert."""

import pytest
from django.test import Client

from peaceops.alerts.models import AlertSettings
from peaceops.alerts.services import AlertService, settings_for
from peaceops.core.models import ChangeLogEntry
from peaceops.testing import world

pytestmark = pytest.mark.django_db


def test_a_mission_administrator_sets_the_coarsening_of_anonymous_positions(db):
    unmik, minusca = world.mission("UNMIK"), world.mission("MINUSCA")
    admin = world.person("admin")
    ours, theirs = settings_for(unmik), settings_for(minusca)
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/alerts/alertsettings/").content.decode()
    assert f"/admin/alerts/alertsettings/{ours.pk}/change/" in listing
    assert f"/admin/alerts/alertsettings/{theirs.pk}/change/" not in listing
    answer = client.post(f"/admin/alerts/alertsettings/{ours.pk}/change/", {
        "mission": unmik.pk, "owner": "", "anonymous_coarsening_m": "500", "public_reports_per_hour": "10",
        "supervisor_email": "duty@unmik.example", "supervisor_phone": ""})
    assert answer.status_code == 302, answer.content.decode()[:1500]
    assert AlertSettings.objects.get(pk=ours.pk).anonymous_coarsening_m == 500
    assert ChangeLogEntry.objects.filter(object_id=str(ours.pk), reason="admin").exists()
    alert = AlertService().receive(unmik, {"text": "Armed men", "anonymous": True, "lon": 20.86, "lat": 42.89})
    assert alert.coarsened_m == 500
    assert client.post(f"/admin/alerts/alertsettings/{theirs.pk}/change/", {
        "mission": minusca.pk, "anonymous_coarsening_m": "10", "public_reports_per_hour": "10"}).status_code in (
        403, 404)
    assert AlertSettings.objects.get(pk=theirs.pk).anonymous_coarsening_m == 2000
