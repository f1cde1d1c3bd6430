"""The seeded world the generic record tests run in: one mission, its owning organisation with a member in
every role, a partner organisation and an unrelated one (both taking part in the mission), and an outsider
mission with an organisation of its own (the partner takes part there too, so copies keep their releases).
Built through the services, as users would; users have no password (tests sign them in with force_login)."""

from dataclasses import dataclass

from peaceops.core.choices import OrganisationType, Role
from peaceops.core.services import enrol_organisation, grant_role


@dataclass
class KitWorld:
    mission: object
    other_mission: object
    owner: object  # the owning organisation
    partner: object  # an organisation records may be released to
    unrelated: object  # an organisation of the mission that nothing is released to
    users: dict  # role name -> user of the owner; "partner", "unrelated", "outsider", "superuser"
    outsiders: object = None  # the organisation of the other mission


def build_kit_world(code: str = "KIT") -> KitWorld:
    from django.contrib.auth import get_user_model

    from peaceops.core.models import Mission, Organisation

    User = get_user_model()  # noqa: N806
    mission = Mission.objects.create(code=code, name=f"Mission {code}")
    other = Mission.objects.create(code=f"{code}X", name=f"Mission {code}X")
    orgs = {c: Organisation.objects.create(code=f"{code}-{c}", name=f"{code} {c}", type=t) for c, t in [
        ("OWN", OrganisationType.UN_COMPONENT), ("PARTNER", OrganisationType.MILITARY_PARTNER),
        ("UNRELATED", OrganisationType.NGO), ("OUT", OrganisationType.UN_COMPONENT)]}

    def user(name, mission_, org, role):
        u = User.objects.create_user(username=f"{code.lower()}-{name}")
        grant_role(user=u, mission=mission_, organisation=org, role=role)
        return u

    users = {role.value: user(role.value, mission, orgs["OWN"], role) for role in Role}
    users["partner"] = user("partner", mission, orgs["PARTNER"], Role.REPORTER)
    users["unrelated"] = user("unrelated", mission, orgs["UNRELATED"], Role.MISSION_ADMIN)
    users["outsider"] = user("outsider", other, orgs["OUT"], Role.MISSION_ADMIN)
    users["superuser"] = User.objects.create_superuser(username=f"{code.lower()}-root", password=None)
    for org in ("PARTNER", "UNRELATED"):
        enrol_organisation(mission=mission, organisation=orgs[org])
    enrol_organisation(mission=other, organisation=orgs["PARTNER"])
    return KitWorld(mission, other, orgs["OWN"], orgs["PARTNER"], orgs["UNRELATED"], users, orgs["OUT"])
