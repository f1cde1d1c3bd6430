import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from peaceops.incidents.services import create_incident
from tests.factories import incident_data
from tests.incidents.test_pages import sign_in
pytestmark = pytest.mark.django_db
def test_q(client, mission, people):
    small = create_incident(acting_user=people["watch"], mission=mission, data=incident_data())
    client = sign_in(client, people["watch"])
    url = reverse("incidents:detail", args=[small.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as c:
        client.get(url)
    for q in c.captured_queries: print(q["sql"][:230])
