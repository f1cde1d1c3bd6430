"""Weekly trends count a confidential record only for those it is released to (moved out of test_trends.py,
whose tests share seeded incidents recorded once for their module)."""

import datetime as dt

import pytest

from peaceops.incidents.services import create_incident
from tests.analytics.test_trends import AS_OF
from tests.factories import incident_data


@pytest.mark.django_db
def test_confidential_records_count_only_where_released(mission, people, client_as):
    when = dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC)
    for released in ([], [], ["KFOR"]):
        create_incident(acting_user=people["watch"], mission=mission,
                        data=incident_data(title="confidential", occurred_start=when, classification="CONFIDENTIAL",
                                           releasable_to=released))
    params = {"by": "category", "as_of": AS_OF}
    assert client_as(people["kfor"]).get("/api/v1/analytics/trends", params).json()["total"] == 1
    assert client_as(people["osce"]).get("/api/v1/analytics/trends", params).json()["total"] == 0
    assert client_as(people["viewer"]).get("/api/v1/analytics/trends", params).json()["total"] == 3
