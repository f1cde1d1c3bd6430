"""Pages issue a fixed number of SQL queries whatever the number of incidents."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peaceops.testing.world import create, make_areas, random_seeds

pytestmark = pytest.mark.django_db

#: The dashboard: session, user, memberships, missions, whether a release is about to expire (the tallies may
#: answer only when none is), tallies, this month, names, the ledger head... and the header's bell (unread
#: notifications: one indexed count) and the women in uniform section (the UN contributions by mission and year:
#: one grouped query; for who may read units, this year's shares per personnel category: the units' strengths,
#: their visibility and the mission's targets, three more).
MAX_QUERIES = 19
AS_OF = dt.date(2026, 3, 15)
PAGES = [f"/dashboard/?as_of={AS_OF}&day=2026-03-10", "/dashboard/sitrep.docx?day=2026-03-10",
         "/accounts/password/"]


def _counts(client) -> list[int]:
    counts = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    return counts


def test_query_counts_do_not_grow_with_incidents(client_as, people, mission, django_assert_max_num_queries):
    make_areas(mission)
    client = client_as(people["kfor"])
    # Every incident falls on the report day and in the charts' window, so every list is as long as it gets.
    seeds = random_seeds(100, dt.date(2026, 3, 10), dt.date(2026, 3, 11))
    create(seeds[:10], mission, people)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(PAGES[0])
    small = _counts(client)
    create(seeds[10:], mission, people)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(PAGES[0])
    large = _counts(client)
    assert large == small
    assert max(large) <= MAX_QUERIES
