"""The demo's people: one login per role, and the service account that writes the demo data.

The passwords are for the demo only: they are printed on the console and written in the documentation.
Never run the demo on an installation that holds real data.
"""

from dataclasses import dataclass

from peaceops.core.choices import Role
from peaceops.core.models import Mission, Organisation
from peaceops.core.services import create_user, grant_role

#: The password of every demo login (demo only; printed by `peaceops demo`).
DEMO_PASSWORD = "peaceops-demo"

#: The service account that writes the demo data. It has no usable password: nobody logs in as it.
LOADER_USERNAME = "demo-loader"


@dataclass(frozen=True)
class DemoLogin:
    """A demo user: who they are, in which mission, for which organisation, with which role (and the roles
    they hold `also`, e.g. a conduct officer who is a viewer of the mission's other records too)."""

    username: str
    mission: str
    organisation: str
    role: Role
    job: str
    password: str = DEMO_PASSWORD
    also: tuple[Role, ...] = ()

    @property
    def roles(self) -> tuple[Role, ...]:
        return (self.role, *self.also)


UNMIK_LOGINS = [
    DemoLogin("unmik.viewer", "UNMIK", "UNMIK", Role.VIEWER, "Programme officer (read only)"),
    DemoLogin("unmik.reporter", "UNMIK", "UNMIK", Role.REPORTER, "Field officer, Mitrovica"),
    DemoLogin("unmik.analyst", "UNMIK", "UNMIK", Role.ANALYST, "JMAC analyst"),
    DemoLogin("unmik.watch", "UNMIK", "UNMIK", Role.WATCH_OFFICER, "JOC watch officer"),
    DemoLogin("unmik.admin", "UNMIK", "UNMIK", Role.MISSION_ADMIN, "Mission administrator"),
    DemoLogin("unmik.sc", "UNMIK", "UNMIK", Role.STRICTLY_CONFIDENTIAL_READER, "Need-to-know reader"),
    DemoLogin("unmik.conduct", "UNMIK", "UNMIK", Role.CONDUCT_OFFICER, "Conduct and discipline officer",
              also=(Role.VIEWER,)),
    DemoLogin("unmik.conduct2", "UNMIK", "UNMIK", Role.CONDUCT_OFFICER, "Chief of conduct and discipline",
              also=(Role.VIEWER,)),
    DemoLogin("kfor.reporter", "UNMIK", "KFOR", Role.REPORTER, "KFOR liaison officer"),
    DemoLogin("osce.viewer", "UNMIK", "OSCE", Role.VIEWER, "OSCE partner liaison"),
]

MINUSCA_LOGINS = [
    DemoLogin("minusca.viewer", "MINUSCA", "MINUSCA", Role.VIEWER, "Programme officer (read only)"),
    DemoLogin("minusca.analyst", "MINUSCA", "MINUSCA", Role.ANALYST, "JMAC analyst"),
    DemoLogin("minusca.watch", "MINUSCA", "MINUSCA", Role.WATCH_OFFICER, "JOC watch officer"),
    DemoLogin("minusca.admin", "MINUSCA", "MINUSCA", Role.MISSION_ADMIN, "Mission administrator"),
    DemoLogin("ocha.viewer", "MINUSCA", "OCHA", Role.VIEWER, "OCHA humanitarian affairs officer"),
]


def ensure_logins(
    logins: list[DemoLogin],
    *,
    missions: dict[str, Mission],
    organisations: dict[str, Organisation],
    acting_user=None,
) -> list[DemoLogin]:
    """Create the demo users and their roles where missing (an existing user keeps its password)."""
    for login in logins:
        user = create_user(
            username=login.username,
            password=login.password,
            acting_user=acting_user,
            first_name=login.job[:150],
        )
        for role in login.roles:
            grant_role(
                user=user,
                mission=missions[login.mission],
                organisation=organisations[login.organisation],
                role=role,
                acting_user=acting_user,
            )
    return logins


def loader_account():
    """The service account that writes the demo data (created once; it has no usable password)."""
    return create_user(
        username=LOADER_USERNAME, password=None, first_name="Demo data loader (service account)"
    )


def ensure_loader(mission: Mission, organisation: Organisation, *, reports_for: list[Organisation] = ()):
    """The service account, mission administrator for `organisation` in `mission`, and reporter for each
    organisation in `reports_for` (an import writes on behalf of one owning organisation at a time)."""
    loader = loader_account()
    grant_role(
        user=loader, mission=mission, organisation=organisation, role=Role.MISSION_ADMIN, acting_user=loader
    )
    for other in reports_for:
        grant_role(user=loader, mission=mission, organisation=other, role=Role.REPORTER, acting_user=loader)
    return loader
