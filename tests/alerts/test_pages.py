"""The alert pages as the watch uses them: the list, an alert's page (the message first, the reading, status and
priority with its reasons), staff recording a phone call, the focal points' pages; the COP layer, the search and
the HXL export."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from peaceops.alerts.intake import read_one
from peaceops.alerts.models import Alert, FocalPoint
from peaceops.alerts.services import AlertService
from peaceops.testing import world

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def watch(unmik):
    return world.person("watch")


def test_the_list_shows_what_the_watch_scans_for(watch, unmik):
    alert = read_one(AlertService().receive(unmik, {"text": "Pucnjava u Zubinom Potoku", "channel": "sms",
                                                    "language": "sr-latn"}))
    page = signed_in(watch).get(reverse("alerts:list")).content.decode()
    assert alert.reference in page and reverse("alerts:detail", args=[alert.pk]) in page
    assert "Zubin Potok" in page and "SMS" in page and f'data-band="{alert.priority_band}"' in page


def test_an_alerts_page_shows_the_message_reading_status_and_why_it_ranks(watch, unmik):
    alert = read_one(AlertService().receive(unmik, {"text": "Shooting near the school in Zubin Potok, two wounded",
                                                    "channel": "web"}))
    AlertService().claim(alert, acting_user=watch)
    page = signed_in(watch).get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert page.index('id="alert-text"') < page.index('id="record-fields"')  # the message comes first
    assert "Shooting near the school in Zubin Potok, two wounded" in page
    assert 'id="alert-place">Zubin Potok' in page and 'id="alert-category">shooting' in page
    assert 'id="alert-claimed-by">watch<' in page and "acknowledged" in page.lower()
    assert 'data-factor="severity"' in page and 'data-factor="age"' in page
    assert 'name="viewport"' in page  # the phone layout of the base page


def test_staff_record_a_phone_call(watch, unmik):
    client = signed_in(watch)
    form = client.get(reverse("alerts:create")).content.decode()
    assert 'value="phone"' in form and 'value="staff"' in form and 'value="sms"' not in form
    answer = client.post(reverse("alerts:create"), {
        "text": "Caller says a house is burning in Banje", "channel": "phone", "language": "en",
        "reporter_name": "Agim", "reporter_phone": "+38349111222", "severity": "3", "location_precision": "exact",
        "classification": "CONFIDENTIAL"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    alert = Alert.objects.get(text__startswith="Caller says")
    assert alert.channel == "phone" and alert.reporter_phone == "+38349111222" and alert.received_at
    assert answer["Location"] == reverse("alerts:detail", args=[alert.pk])
    refused = client.post(reverse("alerts:create"), {"text": "An SMS typed in", "channel": "sms", "language": "en",
                                                     "severity": "0", "classification": "CONFIDENTIAL"})
    assert refused.status_code == 422 and not Alert.objects.filter(text="An SMS typed in").exists()


def test_focal_points_pages(unmik):
    admin = world.person("admin")
    client = signed_in(admin)
    answer = client.post(reverse("focal_points:create"), {
        "name": "Agim Berisha", "phone": "+383 49 555 111", "village": "Banje", "languages": "sq, sr-latn",
        "trust": "3", "active": "on", "classification": "CONFIDENTIAL"})
    assert answer.status_code == 302
    point = FocalPoint.objects.get(name="Agim Berisha")
    assert point.phone == "+38349555111"
    assert reverse("focal_points:detail", args=[point.pk]) == f"/alerts/focal-points/{point.pk}/"
    listing = client.get(reverse("focal_points:list")).content.decode()
    assert "Agim Berisha" in listing and "+38349555111" in listing
    assert signed_in(world.person("viewer")).get(reverse("focal_points:detail", args=[point.pk])).status_code == 404


def test_the_cop_layer_draws_alerts_with_a_position_by_priority_band(watch, unmik):
    placed = AlertService().receive(unmik, {"text": "Roadblock", "lon": 20.86, "lat": 42.89})
    AlertService().step(placed, acting_user=None, system=True, priority=80, priority_band="critical")
    AlertService().receive(unmik, {"text": "Somewhere, shooting"})  # no position: not on the map
    client = signed_in(watch)
    client.get(reverse("alerts:list"))  # the current mission
    features = client.get(reverse("cop-layer", args=["alerts"])).json()["features"]
    assert [f["id"] for f in features] == [str(placed.pk)]
    assert features[0]["properties"]["colour"] == "#b91c1c" and features[0]["properties"]["band"] == "critical"
    assert signed_in(world.person("viewer")).get(reverse("cop-layer", args=["alerts"])).json()["features"] == []


def test_the_search_finds_an_alert_by_its_reference(watch, unmik):
    alert = AlertService().receive(unmik, {"text": "Armed men near the church"})
    found = signed_in(watch).get("/api/v1/search", {"q": alert.reference.lower()}).json()
    assert found["items"][0]["id"] == str(alert.pk), found


def test_the_hxl_export_reads_back_with_its_hashtags_and_no_personal_data(watch, unmik, tmp_path):
    alert = read_one(AlertService().receive(unmik, {
        "text": "Shooting in Zubin Potok", "channel": "web", "lon": 20.69, "lat": 42.91, "reporter_name": "Drita Krasniqi",
        "reporter_phone": "+38344123456", "received_at": dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)}))
    path = tmp_path / "alerts.hxl.csv"
    call_command("export_records", "alerts.alert", "--format", "hxl", "--user", "watch", "--mission", "UNMIK",
                 "--output", str(path), stdout=io.StringIO())
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[1] == ["#event+id", "#date+reported", "#adm1+name", "#adm2+name", "#geo+lat", "#geo+lon",
                       "#event+type", "#status", "#priority", "#meta+channel"]
    tagged = [dict(zip(rows[1], row, strict=True)) for row in rows[2:]]
    assert len(tagged) == 1 and tagged[0]["#event+id"] == alert.reference
    assert tagged[0]["#date+reported"] == "2026-03-01 10:00:00"  # UTC, the form HXL tools read unambiguously
    assert tagged[0]["#adm2+name"] and tagged[0]["#event+type"] == "shooting"
    assert float(tagged[0]["#geo+lat"]) == 42.91 and tagged[0]["#meta+channel"] == "web"
    text = path.read_text(encoding="utf-8")
    assert "Krasniqi" not in text and "44123456" not in text
