"""The incident tallies kept by database triggers always equal a fresh count of the incidents, whatever wrote them:
services (create, update of time, place, category, classification, releasability and casualties, delete) and the
batch import."""

import datetime as dt
from collections import Counter, defaultdict

import pytest

from peaceops.core.choices import Classification, OrganisationType, Role
from peaceops.core.services import enrol_organisation
from peaceops.geo.h3cells import parent_of
from peaceops.incidents.inputs import CasualtyData
from peaceops.incidents.models import CellMonthTally, DayTally, Incident, IncidentExtent
from peaceops.incidents.services import create_incident, delete_incident, import_batch, update_incident
from peaceops.incidents.tally_models import TALLY_CELL_RESOLUTION
from tests.factories import MissionFactory, OrganisationFactory, incident_data, member

pytestmark = pytest.mark.django_db(transaction=False)
SUMS = ("fatalities_low", "fatalities_best", "fatalities_high", "injured_best")


def expected_tallies():
    """Both tallies recomputed in Python from the incident rows and their releasability lists."""
    day, month = defaultdict(Counter), defaultdict(Counter)
    # Only the columns the tallies use: tests/sharing/test_migration.py calls this with the schema migrated back.
    columns = ("mission", "classification", "owner", "h3_cell", "occurred_start", "category", "admin1", "admin2", *SUMS)
    for incident in Incident.objects.only(*columns).prefetch_related("releasable_to"):
        public = incident.classification == Classification.PUBLIC
        released = sorted(o.pk for o in incident.releasable_to.all())
        key = "" if public or not released else "," + ",".join(map(str, released)) + ","
        visibility = (incident.mission_id, incident.classification, 0 if public else incident.owner_id, key)
        cell = parent_of(incident.h3_cell, TALLY_CELL_RESOLUTION) if incident.h3_cell else 0
        start = incident.occurred_start.astimezone(dt.UTC)
        for table, k in ((day, (start.strftime("%Y-%m-%d"), incident.category_id or 0, *visibility)),
                         (month, (start.strftime("%Y-%m"), cell, incident.admin1_id or 0, incident.admin2_id or 0,
                                  *visibility))):
            table[k]["count"] += 1
            for name in SUMS:
                table[k][name] += getattr(incident, name)
    return _plain(day), _plain(month)


def _plain(table) -> dict:
    return {k: dict(v) for k, v in table.items() if v["count"]}


def stored_tallies():
    fields = ("count", *SUMS)
    day = {(t.day, t.category_id, t.mission_id, t.classification, t.owner_id, t.release_key):
           {f: getattr(t, f) for f in fields} for t in DayTally.objects.filter(count__gt=0)}
    month = {(t.month, t.cell, t.admin1_id, t.admin2_id, t.mission_id, t.classification, t.owner_id, t.release_key):
             {f: getattr(t, f) for f in fields} for t in CellMonthTally.objects.filter(count__gt=0)}
    assert not DayTally.objects.filter(count__lt=0).exists()
    return day, month


def assert_tallies_right():
    expected_day, expected_month = expected_tallies()
    day, month = stored_tallies()
    for table in (expected_day, day, expected_month, month):  # rows at zero are kept but count nothing
        for k in [k for k, v in table.items() if not any(v.values())]:
            del table[k]
    assert day == expected_day
    assert month == expected_month


@pytest.fixture
def setting(db):
    mission = MissionFactory(code="UNMIK")
    unmik = OrganisationFactory(code="UNMIK", type=OrganisationType.UN_COMPONENT)
    kfor = OrganisationFactory(code="KFOR", type=OrganisationType.MILITARY_PARTNER)
    osce = OrganisationFactory(code="OSCE", type=OrganisationType.REGIONAL_ORGANISATION)
    for partner in (kfor, osce):  # they take part in the mission: its records are released to them
        enrol_organisation(mission=mission, organisation=partner)
    watch = member(mission, unmik, Role.WATCH_OFFICER, Role.MISSION_ADMIN)
    return mission, watch, kfor


def test_every_service_mutation_keeps_the_tallies_equal_to_a_fresh_count(setting):
    mission, watch, kfor = setting
    one = create_incident(acting_user=watch, mission=mission, data=incident_data(
        casualties=[CasualtyData(group="civilians", killed_low=1, killed_best=2, killed_high=3)]))
    two = create_incident(acting_user=watch, mission=mission, data=incident_data(
        title="Confidential", classification=Classification.CONFIDENTIAL, releasable_to=["KFOR"]))
    create_incident(acting_user=watch, mission=mission, data=incident_data(title="Other day", lon=21.1, lat=42.6,
                    occurred_start=dt.datetime(2026, 4, 30, 23, 59, tzinfo=dt.UTC), category_path=""))
    assert_tallies_right()
    update_incident(one, acting_user=watch, changes={"occurred_start": dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC)})
    assert_tallies_right()
    update_incident(one, acting_user=watch, changes={"lon": 20.2, "lat": 42.3, "category_path": "mission/crime"})
    assert_tallies_right()
    update_incident(one, acting_user=watch, changes={"classification": Classification.CONFIDENTIAL})
    assert_tallies_right()
    update_incident(two, acting_user=watch, changes={"releasable_to": ["KFOR", "OSCE"]})
    assert_tallies_right()
    update_incident(two, acting_user=watch, changes={"releasable_to": []})
    assert_tallies_right()
    update_incident(two, acting_user=watch, changes={"casualties": [CasualtyData(group="civilians", injured_low=4, injured_best=4, injured_high=5)]})
    assert_tallies_right()
    delete_incident(one, acting_user=watch)
    delete_incident(two, acting_user=watch)
    assert_tallies_right()
    assert sum(t.count for t in DayTally.objects.all()) == Incident.objects.count() == 1


def test_a_batch_import_and_its_reimport_keep_the_tallies_right(setting):
    mission, watch, kfor = setting
    rows = [incident_data(title=f"Row {n}", external_id=f"x-{n}", lon=20.5 + n / 100, lat=42.5,
                          occurred_start=dt.datetime(2026, 1 + n % 6, 1 + n, tzinfo=dt.UTC),
                          classification=Classification.CONFIDENTIAL if n % 3 == 0 else Classification.PUBLIC,
                          releasable_to=["KFOR"] if n % 2 else [])
            for n in range(20)]
    import_batch(rows, acting_user=watch, mission=mission, owner=watch_org(mission))
    assert_tallies_right()
    moved = [incident_data(**{**row.__dict__, "lon": row.lon + 0.3, "releasable_to": []}) for row in rows[:10]]
    import_batch(moved + rows[10:], acting_user=watch, mission=mission, owner=watch_org(mission))
    assert_tallies_right()
    extent = IncidentExtent.objects.get(mission_id=mission.pk)
    assert extent.min_lon <= 20.5 and extent.max_lon >= 20.5 + 19 / 100 + 0.0  # holds every incident


def watch_org(mission):
    from peaceops.core.models import Organisation

    return Organisation.objects.get(code="UNMIK")


def test_a_batch_that_fails_midway_leaves_tallies_and_triggers_as_they_were(setting, monkeypatch):
    from peaceops.incidents import batch
    from peaceops.incidents.models import TallyPause

    mission, watch, kfor = setting
    create_incident(acting_user=watch, mission=mission, data=incident_data())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(batch, "write_children", broken)
    with pytest.raises(RuntimeError):
        import_batch([incident_data(title="Lost", external_id="lost-1")], acting_user=watch, mission=mission,
                     owner=watch_org(mission))
    assert not TallyPause.objects.exists()  # the pause went with the rolled-back batch
    monkeypatch.undo()
    create_incident(acting_user=watch, mission=mission, data=incident_data(title="After"))  # triggers run again
    assert_tallies_right()
    assert sum(t.count for t in DayTally.objects.all()) == 2


def test_recount_tallies_puts_right_what_was_written_around_the_triggers(setting):
    import io

    from django.core.management import call_command

    mission, watch, kfor = setting
    create_incident(acting_user=watch, mission=mission, data=incident_data())
    create_incident(acting_user=watch, mission=mission, data=incident_data(title="Second", lon=21.0))
    out = io.StringIO()
    call_command("recount_tallies", stdout=out)
    assert "Recounted the tallies of 2 incidents" in out.getvalue() and "they were right" in out.getvalue()
    DayTally.objects.update(count=7)  # as if someone had written around the triggers
    out = io.StringIO()
    call_command("recount_tallies", stdout=out)
    assert "differed and are now right" in out.getvalue()
    assert_tallies_right()
