"""The world every benchmark writes into: a mission with Kosovo boundaries, an owner organisation, a user."""

from dataclasses import dataclass

from common import ROOT


@dataclass
class World:
    mission: object
    ged_mission: object
    owner: object
    kfor: object


def make_world() -> World:
    """Create (idempotently) mission BENCH with Kosovo boundaries, GEDBENCH for GED files, UNMIK and KFOR."""
    from peaceops.core.choices import OrganisationType
    from peaceops.core.services import create_mission, create_organisation
    from peaceops.geo.loaders import load_boundaries

    mission = create_mission(code="BENCH", name="Benchmark mission")
    ged_mission = create_mission(code="GEDBENCH", name="Benchmark GED mission")
    owner = create_organisation(code="UNMIK", name="UNMIK", type=OrganisationType.UN_COMPONENT)
    kfor = create_organisation(code="KFOR", name="KFOR", type=OrganisationType.MILITARY_PARTNER)
    boundaries = ROOT / "peaceops" / "demo" / "data" / "boundaries"
    for level in (0, 1, 2):
        path = next(boundaries.glob(f"cgaz_XKX_ADM{level}.geojson*"))
        load_boundaries(path, mission=mission, level=level)
    take_part(mission, owner, kfor)
    return World(mission=mission, ged_mission=ged_mission, owner=owner, kfor=kfor)


def take_part(mission, *organisations) -> None:
    """Make the organisations take part in the mission (the synthetic rows release to KFOR, which an import
    refuses for an organisation outside the mission)."""
    from peaceops.core.services import enrol_organisation

    for organisation in organisations:
        enrol_organisation(mission=mission, organisation=organisation)


def watch_officer_client(world: World):
    """A Django test client signed in as the benchmark mission's watch officer (created once)."""
    from django.test import Client

    from peaceops.core.choices import Role
    from peaceops.core.services import create_user, grant_role

    watch = create_user(username="bench-watch", password=None)
    grant_role(user=watch, mission=world.mission, organisation=world.owner, role=Role.WATCH_OFFICER)
    client = Client()
    client.force_login(watch)
    return client
