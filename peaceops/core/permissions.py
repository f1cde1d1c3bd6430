"""The permission registry: every permission code PeaceOps checks, what it allows, and which roles give it by
default.

Codes name what they allow:
- for a record type, `<app>.<model>.<action>`: `view`, `add`, `change`, `delete`, plus the type's own extras
  (incidents: `view_strictly_confidential`, `change_own_org`, `change_any`, `delete_own_org`, `delete_any`);
- for everything else, `<area>.<what>` (`sharing.release`, `partners.view`, `mission.administer`...).

Each app declares its codes in its own `permissions.py` (found by `registry.discover()`, run on first use) or
in its `AppConfig.ready()`: a record type in one call, e.g.

    registry.register_record_type("sites", "site", roles={"view": ALL_ROLES, "add": REPORTING, ...})

Which role gives which permission is data (`core.RolePermission`, edited by superusers in the admin), and that
table accepts only registered codes. The defaults here seed it when it is empty (`CoreConfig`); a new app's
data migration grants its codes to the existing roles. A record type whose `view` no role holds is visible to
no one but superusers (and, for need-to-know types, to no one at all without an assignment).
"""

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import lazy
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .choices import Role

#: Every role, for permissions every member holds.
ALL_ROLES = frozenset(Role.values)
#: The roles that report (the old REPORTING_ROLES).
REPORTING_ROLES = frozenset({Role.REPORTER, Role.ANALYST, Role.WATCH_OFFICER, Role.MISSION_ADMIN})
#: The mission administrator alone.
ADMINISTRATORS = frozenset({Role.MISSION_ADMIN})

#: The standard actions on a record type, with what each allows.
STANDARD_ACTIONS = {
    "view": _("See %(records)s of the mission (by classification, ownership and releasability)"),
    "add": _("Create %(records)s on behalf of one's organisations"),
    "change": _("Change %(records)s of the mission one can see"),
    "delete": _("Delete %(records)s of the mission one can see"),
}


def _label(action: str, records) -> str:
    return str(STANDARD_ACTIONS[action]) % {"records": str(records)}


#: A standard action's label, filled in the reader's language when it is shown (not once, in English, at start-up).
_standard_label = lazy(_label, str)


@dataclass(frozen=True)
class PermissionCode:
    """One registered permission: its code, what it allows in plain words, the roles that give it by default."""

    code: str
    label: object
    app: str
    default_roles: frozenset[str] = field(default_factory=frozenset)

    def __str__(self) -> str:
        return self.code


def record_code(model, action: str) -> str:
    """The code of `action` on a record type (a model class or instance, or an "app.model" label)."""
    label = model if isinstance(model, str) else f"{model._meta.app_label}.{model._meta.model_name}"
    return f"{label}.{action}"


class PermissionRegistry:
    """The codes every app has declared. `discover()` imports each installed app's `permissions` module once."""

    def __init__(self):
        self._codes: dict[str, PermissionCode] = {}
        self._discovered = False
        self._lock = threading.RLock()

    def register(self, code: str, label, *, app: str, roles: Iterable[str] = ()) -> str:
        """Declare `code` (idempotent: the same code again replaces its label and default roles)."""
        if code.count(".") not in (1, 2) or " " in code or len(code) > 64:
            raise ValueError(f"{code!r}: a permission code is <app>.<model>.<action> or <area>.<what>")
        self._codes[code] = PermissionCode(code=code, label=label, app=app, default_roles=frozenset(roles))
        return code

    def register_record_type(self, app: str, model: str, *, records=None, actions: Mapping | None = None,
                             roles: Mapping[str, Iterable[str]] | None = None,
                             standard: Iterable[str] = tuple(STANDARD_ACTIONS)) -> dict[str, str]:
        """Declare the `standard` actions (by default view, add, change, delete) of the record type
        `app.model`, plus `actions` ({action: label}) of its own; `roles` gives each action's default roles.
        `records` names the records in the labels (default: the model name). Returns {action: code}."""
        records = records or model
        labels = {a: _standard_label(a, records) for a in standard}
        labels.update(actions or {})
        roles = roles or {}
        return {action: self.register(record_code(f"{app}.{model}", action), label, app=app,
                                      roles=roles.get(action, ()))
                for action, label in labels.items()}

    def discover(self) -> None:
        """Import every installed app's `permissions` module, once (`CoreConfig.ready` does it at start-up;
        the first use does it otherwise). A check made while the modules are being imported waits."""
        if self._discovered:
            return
        with self._lock:
            if self._discovered or getattr(self, "_discovering", False):
                return
            self._discovering = True
            try:
                autodiscover_modules("permissions")
                self._discovered = True
            finally:
                self._discovering = False

    def __contains__(self, code) -> bool:
        self.discover()
        return code in self._codes

    def get(self, code: str) -> PermissionCode | None:
        self.discover()
        return self._codes.get(code)

    def all(self) -> list[PermissionCode]:
        """Every registered code, sorted by code."""
        self.discover()
        return [self._codes[c] for c in sorted(self._codes)]

    def codes(self) -> list[str]:
        return [p.code for p in self.all()]

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) pairs, e.g. for the admin's form."""
        return [(p.code, f"{p.code}: {p.label}") for p in self.all()]

    def defaults(self) -> dict[str, frozenset[str]]:
        """Role -> the codes it gives by default."""
        given: dict[str, set[str]] = {role: set() for role in Role.values}
        for p in self.all():
            for role in p.default_roles:
                given.setdefault(role, set()).add(p.code)
        return {role: frozenset(codes) for role, codes in given.items()}


registry = PermissionRegistry()


class Permission:
    """The codes the platform's code names, as constants (the registry holds their labels and defaults).

    The incident codes are here for the callers that name them; the incidents app registers them
    (`peaceops.incidents.permissions`)."""

    INCIDENT_VIEW = "incidents.incident.view"
    INCIDENT_VIEW_STRICTLY_CONFIDENTIAL = "incidents.incident.view_strictly_confidential"
    INCIDENT_REPORT = "incidents.incident.add"
    INCIDENT_EDIT_OWN_ORG = "incidents.incident.change_own_org"
    INCIDENT_DELETE_OWN_ORG = "incidents.incident.delete_own_org"
    INCIDENT_EDIT_ANY = "incidents.incident.change_any"
    INCIDENT_DELETE_ANY = "incidents.incident.delete_any"
    SHARING_RELEASE = "sharing.release"
    PARTNERS_VIEW = "partners.view"
    PARTNERS_READ_WHOLE = "partners.read_whole"
    PARTNERS_VIEW_ANY = "partners.view_any"
    PARTNERS_VIEW_AS_COMPONENT = "partners.view_as_component"
    MISSION_ADMINISTER = "mission.administer"
    MISSION_MANAGE_ROLES = "mission.manage_roles"
    ACCOUNTS_VIEW_SIGN_INS = "accounts.view_sign_ins"
    ACCOUNTS_UNLOCK = "accounts.unlock"


registry.register(Permission.MISSION_ADMINISTER, _("Use the administration pages for the mission's reference data"),
                  app="core", roles=ADMINISTRATORS)
registry.register(Permission.MISSION_MANAGE_ROLES,
                  _("Grant and revoke roles in the mission, and see any member's access"),
                  app="core", roles=ADMINISTRATORS)


class _DefaultRolePermissions(Mapping):
    """Role -> the codes it gives by default, read from the registry when asked (so every app's codes count)."""

    def _data(self):
        return registry.defaults()

    def __getitem__(self, role):
        return self._data()[role]

    def __iter__(self):
        return iter(self._data())

    def __len__(self):
        return len(self._data())


#: The permissions each role gives when the table is seeded: the registry's defaults.
DEFAULT_ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = _DefaultRolePermissions()
