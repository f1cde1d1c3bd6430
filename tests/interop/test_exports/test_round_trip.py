"""Export, then import into another mission with the importer: the same incidents come back."""

import pytest

from peaceops.core.choices import Role
from peaceops.core.services import enrol_organisation
from peaceops.incidents.importing import import_incidents
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.models import Incident
from peaceops.incidents.services import create_incident
from peaceops.partners.services import set_release_scope
from tests.factories import MissionFactory, incident_data, member

from .seeds import SEEDS, day, run_export


@pytest.fixture
def other_mission(orgs):
    """Another installation's mission, with an UNMIK reporter who imports the file."""
    mission = MissionFactory(code="UNMIK-B", name="The receiving installation")
    for org in orgs.values():  # the same organisations take part there (the file's releases name them)
        enrol_organisation(mission=mission, organisation=org)
    return mission, member(mission, orgs["UNMIK"], Role.REPORTER, username="importer")


def content(incident: Incident) -> dict:
    """What a user would compare between two copies of an incident."""
    return {
        "title": incident.title,
        "description": incident.description,
        "times": (incident.occurred_start, incident.occurred_end, incident.reported_at, incident.time_precision),
        "place": (incident.lon, incident.lat, incident.location_precision, incident.location_name),
        "category": incident.category.path if incident.category else None,
        "status": incident.status,
        "classification": incident.classification,
        "releasable_to": sorted(o.code for o in incident.releasable_to.all()),
        "totals": (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high,
                   incident.injured_low, incident.injured_best, incident.injured_high),
        "casualties": sorted(
            (c.group, c.killed_low, c.killed_best, c.killed_high, c.injured_low, c.injured_best, c.injured_high)
            for c in incident.casualties.all()),
        "actors": sorted((a.actor.name, a.role, a.actor.type) for a in incident.actor_links.all()),
        "sources": sorted((s.type, s.reliability, s.credibility, s.reference) for s in incident.sources.all()),
    }


def test_csv_round_trip_into_another_mission(seeded, other_mission, tmp_path):
    target, importer = other_mission
    path = tmp_path / "unmik.csv"
    run_export("--format", "csv", "--user", "admin", "-o", str(path))
    report = import_incidents(path, format="csv", mission=target, acting_user=importer)
    assert (report.rejected, report.created) == (0, 8), report.rejects  # all but KFOR's own report
    for title, original in seeded.items():
        if title == "KFOR own confidential patrol report":
            continue
        copy = Incident.objects.get(mission=target, external_id=original.external_id or str(original.pk))
        assert content(copy) == content(original), title
    again = import_incidents(path, format="csv", mission=target, acting_user=importer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)  # idempotent by id


def test_geojson_round_trip_into_another_mission(seeded, other_mission, tmp_path, orgs, people):
    target, importer = other_mission
    path = tmp_path / "unmik.geojson.gz"
    # UNMIK releases this incident's sources to KFOR, so KFOR's export carries it whole (see tests/partners).
    set_release_scope(seeded["Public stone-throwing at the bridge"], orgs["KFOR"], include_sources=True,
                      acting_user=people["watch"])
    run_export("--format", "geojson", "--user", "kfor", "-o", str(path))
    report = import_incidents(path, format="geojson", mission=target, acting_user=importer)
    assert report.rejected == 0, report.rejects
    visible = [s.title for s in SEEDS if s.title in {i.title for i in Incident.objects.filter(mission=target)}]
    assert len(visible) == report.created == 5
    original = seeded["Public stone-throwing at the bridge"]
    assert content(Incident.objects.get(mission=target, external_id="JOC-2026-0017")) == content(original)


@pytest.fixture
def ged_events(mission, people):
    """Two events as UCDP records them: one-sided violence and a state-based clash (through the services)."""
    watch = people["watch"]
    one_sided = incident_data(
        title="Troops shot 20 dead in Bangui", occurred_start=day(2, 0), occurred_end=day(2, 0),
        time_precision="day", lon=18.583333, lat=4.366667, location_name="Bangui city",
        location_precision="exact", category_path="organised-violence/one-sided", status="verified",
        casualties=[CasualtyData(group="civilians", killed_low=20, killed_best=20, killed_high=20)],
        actors=[ActorData(name="Government of Central African Republic", role="perpetrator", type="state_forces"),
                ActorData(name="Civilians", role="victim", type="civilians")],
        sources=[SourceData(type="dataset", reliability="B", credibility="2", reference="Reuters News,1991-08-28")],
        ucdp_id="22782")
    clash = incident_data(
        title="Clash near Bria", occurred_start=day(10, 0), occurred_end=day(16, 0), time_precision="week",
        lon=21.98, lat=6.53, location_name="Bria town", location_precision="admin2",
        category_path="organised-violence/state-based", status="verified",
        casualties=[CasualtyData(group="other", killed_low=2, killed_best=2, killed_high=2),
                    CasualtyData(group="security_forces", killed_low=3, killed_best=3, killed_high=3)],
        actors=[ActorData(name="Government of Central African Republic", role="perpetrator", type="state_forces"),
                ActorData(name="FPRC", role="target", type="rebel_group")],
        sources=[SourceData(type="dataset", reliability="B", credibility="2", reference="AFP 2017-05-12")],
        fatalities_low=4, fatalities_best=5, fatalities_high=9, ucdp_id="150001")
    return [create_incident(acting_user=watch, mission=mission, data=d) for d in (one_sided, clash)]


def ged_content(incident: Incident) -> dict:
    """What UCDP GED records of an event (it has no description, releasability or injured)."""
    full = content(incident)
    keep = ("title", "category", "status", "totals", "casualties", "actors", "sources")
    return {"ucdp_id": incident.ucdp_id, "times": full["times"][:2] + full["times"][3:],
            "place": full["place"], **{k: full[k] for k in keep}}


def test_ucdp_ged_round_trip_gives_the_same_events(ged_events, other_mission, tmp_path):
    target, importer = other_mission
    path = tmp_path / "events.csv"
    run_export("--format", "ucdp-ged", "--user", "watch", "--category", "organised-violence", "-o", str(path))
    report = import_incidents(path, format="ucdp-ged", mission=target, acting_user=importer)
    assert (report.rejected, report.created) == (0, 2), report.rejects
    for original in ged_events:
        copy = Incident.objects.get(mission=target, ucdp_id=original.ucdp_id)
        assert ged_content(copy) == ged_content(original)
