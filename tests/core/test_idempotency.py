"""Idempotent writes (peaceops.core.kit.idempotency): a report sent again with its key (a phone's queue retrying
after a lost answer, a double tap, two tabs) makes one incident and answers with it; two simultaneous sendings
race on the key's unique constraint and the loser answers with the winner's record."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.test import Client

from peaceops.core.kit import idempotency
from peaceops.core.models import SubmissionKey
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from tests.factories import incident_data
from tests.incidents.test_pages_forms import report

CREATE = "/incidents/new/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_a_report_sent_again_answers_as_the_first_did(people):
    watch = signed_in(people["watch"])
    form = report(submission_key=str(uuid.uuid4()))
    first = watch.post(CREATE, form)
    again = watch.post(CREATE, form, follow=True)
    incident = Incident.objects.get()
    assert first["Location"] == f"/incidents/{incident.pk}/"
    assert again.redirect_chain == [(f"/incidents/{incident.pk}/", 302)]
    assert "Already received" in again.content.decode()
    # Another user sending the same key makes their own report: keys are per user.
    assert signed_in(people["reporter"]).post(CREATE, form).status_code == 302
    assert Incident.objects.count() == 2


@pytest.mark.django_db
def test_a_report_with_errors_spends_no_key(people):
    watch = signed_in(people["watch"])
    key = str(uuid.uuid4())
    assert watch.post(CREATE, report(lat="95", submission_key=key)).status_code == 200
    assert watch.post(CREATE, report(submission_key=key)).status_code == 302
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_an_edit_sent_again_is_not_applied_twice(people, mission):
    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(title="Roadblock"))
    watch = signed_in(people["watch"])
    key = str(uuid.uuid4())
    edit = report(title="Roadblock lifted", reason="Patrol saw it lifted", submission_key=key)
    assert watch.post(f"/incidents/{incident.pk}/edit/", edit).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Roadblock lifted"
    # Meanwhile a colleague changes the title; the edit's lost answer makes the phone send it again.
    signed_in(people["watch"]).post(f"/incidents/{incident.pk}/edit/",
                                    report(title="Roadblock back", reason="Seen again"))
    again = watch.post(f"/incidents/{incident.pk}/edit/", edit, follow=True)
    assert "Already received" in again.content.decode()
    incident.refresh_from_db()
    assert incident.title == "Roadblock back"


@pytest.mark.django_db
def test_the_loser_of_a_race_answers_with_the_winners_record(people, mission, monkeypatch):
    """The key was not there when this request looked, but another request wrote it (and its incident) before this
    one committed: the unique constraint refuses this one's key, its incident is rolled back with it."""
    user, key = people["watch"], str(uuid.uuid4())
    winner = create_incident(acting_user=user, mission=mission, data=incident_data(title="First"))
    SubmissionKey.objects.create(user=user, key=key, record_type="incidents.incident", record_id=str(winner.pk))
    looked = []
    real_received = idempotency.received

    def too_early(*args):  # the first look happens before the winner committed
        looked.append(args)
        return None if len(looked) == 1 else real_received(*args)

    monkeypatch.setattr(idempotency, "received", too_early)
    result = idempotency.once(user, key, Incident, lambda: create_incident(
        acting_user=user, mission=mission, data=incident_data(title="Second")))
    assert result == idempotency.Submitted(record_id=str(winner.pk), repeat=True)
    assert list(Incident.objects.values_list("title", flat=True)) == ["First"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_reports_with_one_key_make_one_incident(people):
    form = report(submission_key=str(uuid.uuid4()))
    start = threading.Barrier(2)
    answers = []

    def send():
        try:
            client = signed_in(people["watch"])
            start.wait()
            answers.append(client.post(CREATE, form)["Location"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    incident = Incident.objects.get()
    assert answers == [f"/incidents/{incident.pk}/"] * 2
