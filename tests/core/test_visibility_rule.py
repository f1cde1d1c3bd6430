"""The one visibility rule agrees with itself in every form, on random worlds (hypothesis).

A world: two missions, three organisations, a few users with memberships (some ended, some users superusers),
and a few incidents of each classification, owned by one organisation and released to others (releases
without expiry, expiring later, or already expired). For every user and incident the forms must give the same
answer: the row filter (`visible_to`), the tally rows (as counts per mission), the snapshot check on the
incident's change-log snapshot, "Access explained", and the analytics form (a reader whose sight covers a
forecast builder's sees every incident the builder saw).
"""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceops.core.choices import Classification, OrganisationType, Role
from peaceops.core.explain import record_access
from peaceops.core.models import Membership, Mission, Organisation
from peaceops.core.visibility import VisibilityRule
from peaceops.incidents.models import Incident, IncidentRelease
from peaceops.incidents.services import incident_snapshot
from peaceops.incidents.tally import EXPIRY_MARGIN, TallySource, rows
from peaceops.incidents.tally_models import DayTally
from peaceops.testing.sweeps import examples
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MISSIONS, ORGANISATIONS = 2, 3
ROLES = [Role.VIEWER, Role.REPORTER, Role.STRICTLY_CONFIDENTIAL_READER, Role.WATCH_OFFICER, Role.MISSION_ADMIN]
EXPIRY = ["none", "later", "expired"]

membership = st.tuples(st.integers(0, MISSIONS - 1), st.integers(0, ORGANISATIONS - 1), st.sampled_from(ROLES),
                       st.booleans())  # the last: an ended temporary role
user = st.tuples(st.lists(membership, max_size=3), st.integers(0, 9))  # 0: a superuser
record = st.tuples(st.integers(0, MISSIONS - 1), st.integers(0, ORGANISATIONS - 1),
                   st.sampled_from(Classification.values),
                   st.dictionaries(st.integers(0, ORGANISATIONS - 1), st.sampled_from(EXPIRY), max_size=2))
world = st.tuples(st.lists(user, min_size=1, max_size=4), st.lists(record, min_size=1, max_size=6))


def build(users, records):
    """The world in the database (inside the caller's savepoint): missions, organisations, users, incidents."""
    now = timezone.now()
    missions = [Mission.objects.create(code=f"M{i}", name=f"M{i}") for i in range(MISSIONS)]
    orgs = [Organisation.objects.create(code=f"O{i}", name=f"O{i}", type=OrganisationType.UN_COMPONENT)
            for i in range(ORGANISATIONS)]
    people = []
    for n, (memberships, chance) in enumerate(users):
        person = UserFactory(username=f"u{n}", is_superuser=chance == 0)
        for m, o, role, ended in memberships:
            Membership.objects.get_or_create(user=person, mission=missions[m], organisation=orgs[o], role=role,
                                             defaults={"ends_at": now - dt.timedelta(days=1) if ended else None})
        people.append(person)
    incidents = []
    for n, (m, owner, level, releases) in enumerate(records):
        start = dt.datetime(2026, 1, 1 + n, tzinfo=dt.UTC)
        incident = Incident.objects.create(
            mission=missions[m], owner=orgs[owner], classification=level, title=f"i{n}", occurred_start=start,
            occurred_end=start, reported_at=start, lon=21.0, lat=42.6, created_at=now, updated_at=now)
        for o, expiry in releases.items():
            ends = {"none": None, "later": now + dt.timedelta(days=3), "expired": now - dt.timedelta(hours=1)}
            IncidentRelease.objects.create(incident=incident, organisation=orgs[o], expires_at=ends[expiry])
        incidents.append(incident)
    return missions, people, incidents


def expiring(now) -> bool:
    return IncidentRelease.objects.filter(expires_at__lte=now + EXPIRY_MARGIN).exists()


def check(missions, people, incidents):
    rule = VisibilityRule(Incident)
    now = timezone.now()
    seen = {}
    for person in people:
        visible = set(Incident.objects.visible_to(person).values_list("pk", flat=True))
        seen[person.pk] = visible
        per_mission = Counter(i.mission_id for i in incidents if i.pk in visible)
        # Tally rows, through the public path (which declines to tallies while a release is expiring) ...
        for mission in missions:
            counted = rows(TallySource(person, mission_ids=(mission.pk,)), ("mission_id",)) or []
            assert sum(r["count"] for r in counted) == per_mission[mission.pk]
        # ... and the tally form itself, where the tallies answer.
        condition, _ = rule.tally_filter(person)
        if not expiring(now):
            total = 0 if condition is None else (
                DayTally.objects.filter(condition).aggregate(n=Sum("count"))["n"] or 0)
            assert total == len(visible)
        for incident in incidents:
            allowed = incident.pk in visible
            reader = rule.reader(person, incident.mission_id)
            assert reader.may_read(incident_snapshot(incident), now) is allowed, "snapshot"
            assert record_access(person, incident).see.allowed is allowed, "explain"
    # The analytics form: a reader whose sight covers a builder's sees all the builder saw, in that mission.
    for builder in people:
        for reader in people:
            for mission in missions:
                if rule.covers(rule.sight_summary(builder, mission.pk), reader, mission.pk):
                    builder_saw = {i.pk for i in incidents if i.mission_id == mission.pk} & seen[builder.pk]
                    assert builder_saw <= seen[reader.pk]


@settings(max_examples=examples(30), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world_=world)
def test_every_form_of_the_rule_agrees(db, world_):
    users, records = world_
    with transaction.atomic():
        missions, people, incidents = build(users, records)
        incidents = list(Incident.objects.select_related("mission", "owner").filter(
            pk__in=[i.pk for i in incidents]).order_by("title"))
        check(missions, people, incidents)
        transaction.set_rollback(True)
