"""A category the reporter chose on the public form counts as one read from the words: the alert suggests its
incident category (the verify form comes with it) and its severity ranks the alert, even when the words name
neither."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from peaceops.alerts.choices import Severity
from peaceops.alerts.intake import read_one
from peaceops.alerts.models import Alert
from peaceops.alerts.services import AlertService

pytestmark = pytest.mark.django_db

ATTACK = "acled/violence-against-civilians/attack"


def test_a_category_chosen_on_the_public_form_suggests_the_incident_category_and_severity(
        mission, people, django_capture_on_commit_callbacks):
    visitor = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.10")
    form = visitor.get("/report/?lang=en").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    with django_capture_on_commit_callbacks(execute=True):  # the worker woken when the report is stored
        sent = visitor.post("/report/", {"csrfmiddlewaretoken": token, "lang": "en", "action": "send",
                                         "text": "Please come to the upper village, it is bad here",
                                         "category": "shooting"})
    assert sent.status_code == 303
    alert = Alert.objects.get()  # read at once: tasks run where they are queued (tests/conftest.py)
    assert alert.read_at and alert.category == "shooting"
    assert alert.incident_category == ATTACK and alert.severity == Severity.HIGH
    watch = Client()
    watch.force_login(people["watch"])
    verify = watch.get(reverse("triage:verify", args=[alert.pk])).content.decode()
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', verify[verify.index('name="category"'):])
    assert chosen and chosen.group(1) == ATTACK


def test_worse_words_than_the_category_chosen_win(mission, people):
    alert = AlertService().receive(mission, {"text": "Shooting, two people killed in the market", "channel": "web",
                                             "category": "roadblock"})
    read = read_one(alert)
    assert read.category == "roadblock" and read.incident_category == "mission/freedom-of-movement"
    assert read.severity == Severity.CRITICAL
