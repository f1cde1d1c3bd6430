"""The one seeded test world: a mission, its owning organisation with a member in every role, a partner
organisation (a reporter), an organisation of the mission nothing is released to (a mission administrator of
its own, or of another role, or none), and another mission with an organisation and an administrator of its own (or
another role); the partner takes part in both missions (so copies keep their releases) unless told not to. Every mission has the default incident
categories. Built through the services, as users would; users have no password (tests sign them in with
force_login), the superuser seeds.

The generic record tests build it as "KIT" (peaceops.testing.records); the security tests build it as UNMIK,
KFOR, OSCE and MINUSCA and seed records of every classification and release into it (tests/security/world.py);
the API tests build it the same way and seed 200 random incidents into it (tests/api/world.py).
"""

from dataclasses import dataclass, field

from peaceops.core.choices import OrganisationType, Role
from peaceops.core.services import enrol_organisation, grant_role


@dataclass
class KitWorld:
    mission: object
    other_mission: object
    owner: object  # the owning organisation
    partner: object  # an organisation records may be released to
    unrelated: object  # an organisation of the mission that nothing is released to
    users: dict  # role value -> user of the owner; "partner", "unrelated", "outsider", "superuser"
    outsiders: object = None  # the organisation of the other mission
    orgs: dict = field(default_factory=dict)  # code -> organisation


def build_kit_world(code: str = "KIT", *, other: str | None = None, orgs: dict[str, str] | None = None,
                    usernames: dict[str, str] | None = None, unrelated_role: Role | None = Role.MISSION_ADMIN,
                    outsider_role: Role = Role.MISSION_ADMIN, partner_in_other: bool = True) -> KitWorld:
    """The world under mission `code` (and `other`, default `<code>X`); `orgs` names the organisations by part
    ("owner", "partner", "unrelated", "outsiders"; default `<code>-OWN`...), `usernames` the users by key
    (default `<code>-<key>` in lower case)."""
    from django.contrib.auth import get_user_model

    from peaceops.core.models import Mission, Organisation
    from peaceops.incidents.taxonomy import install_default_taxonomy

    User = get_user_model()  # noqa: N806
    missions = [Mission.objects.create(code=c, name=f"Mission {c}") for c in (code, other or f"{code}X")]
    for mission in missions:
        install_default_taxonomy(mission)
    codes = {"owner": f"{code}-OWN", "partner": f"{code}-PARTNER", "unrelated": f"{code}-UNRELATED",
             "outsiders": f"{code}-OUT", **(orgs or {})}
    types = {"owner": OrganisationType.UN_COMPONENT, "partner": OrganisationType.MILITARY_PARTNER,
             "unrelated": OrganisationType.REGIONAL_ORGANISATION, "outsiders": OrganisationType.UN_COMPONENT}
    org = {part: Organisation.objects.create(code=codes[part], name=f"Organisation {codes[part]}", type=types[part])
           for part in codes}
    names = {**(usernames or {})}

    def user(key, mission, organisation, role):
        u = User.objects.create_user(username=names.get(key, f"{code.lower()}-{key}"))
        grant_role(user=u, mission=mission, organisation=organisation, role=role)
        return u

    users = {role.value: user(role.value, missions[0], org["owner"], role) for role in Role}
    users["partner"] = user("partner", missions[0], org["partner"], Role.REPORTER)
    if unrelated_role:
        users["unrelated"] = user("unrelated", missions[0], org["unrelated"], unrelated_role)
    else:
        enrol_organisation(mission=missions[0], organisation=org["unrelated"])
    users["outsider"] = user("outsider", missions[1], org["outsiders"], outsider_role)
    users["superuser"] = User.objects.create_superuser(username=names.get("superuser", f"{code.lower()}-root"),
                                                       password=None)
    enrol_organisation(mission=missions[0], organisation=org["partner"])
    if partner_in_other:
        enrol_organisation(mission=missions[1], organisation=org["partner"])
    return KitWorld(*missions, org["owner"], org["partner"], org["unrelated"], users, org["outsiders"],
                    {o.code: o for o in org.values()})
