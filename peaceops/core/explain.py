"""Access explained: what a user may see and do in each mission, and why, in plain words.

`record_access(user, record)` answers for one record whether the user may see, edit and delete it and names
the rule that decides: seeing is `VisibilityRule.judge` (the one visibility rule, `core.visibility`), put in
words here; editing and deleting follow `AccessProfile.may` (tests hold them to the same answers). `mission_access(user, mission)` lists a user's
organisations, roles and the permissions each role gives in a mission.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import visibility as rule_steps
from .access import access_profile, current_memberships
from .choices import Role
from .models import Mission, Organisation, RolePermission
from .permissions import record_code, registry
from .visibility import RecordFacts, VisibilityRule, is_marked


@dataclass(frozen=True)
class Verdict:
    """Yes or no, and the rule that decides it."""

    allowed: bool
    rule: str


@dataclass(frozen=True)
class RecordAccess:
    """What one user may do with one record."""

    see: Verdict
    edit: Verdict
    delete: Verdict


@dataclass
class HeldPermission:
    """A permission of the catalogue and the user's roles that give it (none: not held)."""

    code: str
    label: str
    roles: list[str] = field(default_factory=list)


@dataclass
class MissionAccessExplained:
    """A user's standing in one mission: memberships, roles, and each permission with where it comes from."""

    mission: Mission
    organisations: list[Organisation]
    memberships: list  # Membership rows in force, with organisation
    role_permissions: dict[str, list[str]]  # role -> codes it gives
    permissions: list[HeldPermission]

    @property
    def codes(self) -> set[str]:
        return {p.code for p in self.permissions if p.roles}

    def sources(self, code: str) -> list[str]:
        return next((p.roles for p in self.permissions if p.code == code), [])


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def role_permissions(roles) -> dict[str, list[str]]:
    """Role -> the permission codes the RolePermission table gives it (one query)."""
    given: dict[str, list[str]] = {role: [] for role in roles}
    for role, code in RolePermission.objects.filter(role__in=list(roles)).values_list("role", "permission"):
        given[role].append(code)
    return given


def mission_access(user, mission: Mission) -> MissionAccessExplained:
    """The user's organisations and roles in `mission` and the permissions they give, with their sources."""
    memberships = list(
        current_memberships(user).filter(mission=mission).select_related("organisation")
        .order_by("organisation__code", "role")
    )
    roles = sorted({m.role for m in memberships})
    given = role_permissions(roles)
    permissions = [
        HeldPermission(code=p.code, label=str(p.label), roles=[r for r in roles if p.code in given[r]])
        for p in registry.all()
    ]
    organisations = sorted({m.organisation for m in memberships}, key=lambda o: o.code)
    return MissionAccessExplained(mission=mission, organisations=organisations, memberships=memberships,
                                  role_permissions=given, permissions=permissions)


def _codes(organisations) -> str:
    return ", ".join(sorted(o.code for o in organisations)) or _("none")


def _from_roles(explained: MissionAccessExplained, code: str) -> str:
    roles = explained.sources(code)
    if len(roles) == 1:
        return _("%(code)s, from role %(roles)s") % {"code": code, "roles": roles[0]}
    return _("%(code)s, from roles %(roles)s") % {"code": code, "roles": ", ".join(roles)}


def record_access(user, record) -> RecordAccess:
    """May `user` see, edit and delete `record`, and which rule decides each answer."""
    profile = access_profile(user)
    mission = record.mission
    rule = VisibilityRule(type(record))
    decision = rule.judge(user, RecordFacts.of(record))
    if rule.need_to_know or (rule.marked_field and is_marked(record)):
        see = _need_to_know(user, record, decision) if rule.need_to_know else _marked(user, record, decision)
        if not see.allowed:
            return RecordAccess(see, _unseen("edit"), _unseen("delete"))
        if profile.superuser:
            rule_text = _("a superuser may edit and delete every record they can see")
            return RecordAccess(see, Verdict(True, rule_text), Verdict(True, rule_text))
        access = profile.in_mission(mission.pk)
        if access is None:
            return RecordAccess(see, _not_member(user, mission), _not_member(user, mission))
        explained = mission_access(user, mission)
        return RecordAccess(see, _change(record, access, explained, see, "change"),
                            _change(record, access, explained, see, "delete"))
    if profile.superuser:
        rule_text = _("a superuser may see, edit and delete every record of every mission")
        return RecordAccess(Verdict(True, rule_text), Verdict(True, rule_text), Verdict(True, rule_text))
    access = profile.in_mission(mission.pk)
    if access is None:
        verdict = _not_member(user, mission)
        return RecordAccess(verdict, verdict, verdict)
    explained = mission_access(user, mission)
    see = _see(record, access, explained, rule, decision)
    return RecordAccess(see, _change(record, access, explained, see, "change"),
                        _change(record, access, explained, see, "delete"))


def _not_member(user, mission) -> Verdict:
    return Verdict(False, _("%(user)s holds no role in mission %(mission)s (or their roles there have ended)") % {
        "user": user.username, "mission": mission.code})


def _unseen(verb: str) -> Verdict:
    return Verdict(False, _("they cannot see it, so they cannot open it to edit") if verb == "edit"
                   else _("they cannot see it, so they cannot open it to delete"))


def _need_to_know(user, record, decision) -> Verdict:
    kind = record._meta.verbose_name
    if decision.reason == rule_steps.ASSIGNED:
        return Verdict(True, _("%(kind)s records are need-to-know; %(user)s is assigned to this one") % {
            "kind": kind, "user": user.username})
    if decision.reason == rule_steps.BROKEN_INTO:
        return Verdict(True, _("%(kind)s records are need-to-know; %(user)s holds a break-glass access to this "
                               "one, recorded in the ledger") % {"kind": kind, "user": user.username})
    return Verdict(False, _("%(kind)s records are need-to-know: only those assigned to one see it, whatever "
                            "their role, and %(user)s is not assigned to this one") % {
        "kind": kind, "user": user.username})


def _marked(user, record, decision) -> Verdict:
    """Seeing one need-to-know row of a record type whose other rows follow the sharing rule."""
    kind = record._meta.verbose_name
    if decision.reason == rule_steps.ASSIGNED:
        return Verdict(True, _("this %(kind)s is marked need-to-know; %(user)s is assigned to it") % {
            "kind": kind, "user": user.username})
    if decision.reason == rule_steps.BROKEN_INTO:
        return Verdict(True, _("this %(kind)s is marked need-to-know; %(user)s holds a break-glass access to it, "
                               "recorded in the ledger") % {"kind": kind, "user": user.username})
    return Verdict(False, _("this %(kind)s is marked need-to-know: only those assigned to it see it, whatever "
                            "their role, and %(user)s is not assigned to it") % {"kind": kind, "user": user.username})


def _see(record, access, explained, rule, decision) -> Verdict:
    code = record.mission.code
    roles = ", ".join(sorted(access.roles))
    if decision.reason == rule_steps.NO_VIEW:
        return Verdict(False, _("none of their roles in %(mission)s (%(roles)s) gives %(code)s") % {
            "mission": code, "roles": roles, "code": rule.view_code})
    if decision.reason == rule_steps.PUBLIC:
        return Verdict(True, _("PUBLIC records of %(mission)s are seen by every member with %(code)s") % {
            "mission": code, "code": _from_roles(explained, rule.view_code)})
    label = record.get_classification_display().upper()
    if decision.reason == rule_steps.NEEDS_STRICT:
        return Verdict(False, _("%(level)s records need %(code)s, which none of their roles in %(mission)s "
                                "(%(roles)s) gives") % {
            "level": label, "code": rule.strict_code, "mission": code, "roles": roles})
    theirs = explained.organisations
    if decision.reason == rule_steps.OWNED:
        return Verdict(True, _("%(level)s, owned by %(owner)s, one of their organisations in %(mission)s") % {
            "level": label, "owner": record.owner.code, "mission": code})
    released = [o for o in record.released_organisations() if o.pk != record.owner_id]
    if decision.reason == rule_steps.RELEASED:
        shared = [o for o in released if o.pk in decision.organisations]
        text = (_("%(level)s, released to %(orgs)s, one of their organisations in %(mission)s") if len(shared) == 1
                else _("%(level)s, released to %(orgs)s, their organisations in %(mission)s"))
        return Verdict(True, text % {"level": label, "orgs": _codes(shared), "mission": code})
    return Verdict(False, _("%(level)s, owned by %(owner)s and released to %(released)s; none of these is one of "
                            "their organisations in %(mission)s (%(theirs)s)") % {
        "level": label, "owner": record.owner.code, "mission": code, "theirs": _codes(theirs),
        "released": _codes(released) if released else _("no other organisation")})


def _change(record, access, explained, see: Verdict, action: str) -> Verdict:
    """Whether they may change (edit) or delete a record they see: `<type>.<action>` or `_any` on any record of
    the mission, `_own_org` on those of their organisations."""
    verb = "edit" if action == "change" else "delete"
    if not see.allowed:
        return _unseen(verb)
    plain_code, any_code = record_code(record, action), record_code(record, f"{action}_any")
    own_code = record_code(record, f"{action}_own_org")
    held_any = next((c for c in (any_code, plain_code) if access.has(c)), None)
    if held_any:
        text = (_("they may edit any record of %(mission)s: %(code)s") if verb == "edit"
                else _("they may delete any record of %(mission)s: %(code)s"))
        return Verdict(True, text % {"mission": record.mission.code, "code": _from_roles(explained, held_any)})
    owner = record.owner.code
    if record.owner_id not in access.organisation_ids:
        return Verdict(False, _("it is owned by %(owner)s, not one of their organisations, and none of their "
                                "roles gives %(code)s") % {"owner": owner, "code": any_code})
    if access.has(own_code):
        return Verdict(True, _("it is owned by %(owner)s, one of their organisations, and they hold %(code)s") % {
            "owner": owner, "code": _from_roles(explained, own_code)})
    return Verdict(False, _("it is owned by %(owner)s, one of their organisations, but none of their roles gives "
                            "%(code)s") % {"owner": owner, "code": own_code})
