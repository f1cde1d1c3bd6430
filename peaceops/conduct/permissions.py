"""Conduct and discipline's permission codes, registered with the core registry (found by `registry.discover()`).

Cases are need-to-know: no permission reads one; only an assignment or a break-glass access does
(`core.assignments`). The codes say who may do what with the cases they read, and who may start the ways in:
- `conduct.case.add`, `.change`, `.assign`, `.break_glass`, `.receive` (is assigned every allegation that comes
  in by referral, anonymous report or community alert), `.supervise` (is told, and assigned, when a case's
  deadline passes), `.view_identities` (reads the names of the people in the cases they read, each read
  recorded): conduct and discipline officers, never the mission administrators by default;
- `conduct.case.refer`: any member (a partner, an NGO, a watch officer) may refer an allegation, and reads
  nothing of it afterwards;
- `conduct.statistics.view`: the aggregates, with small cells suppressed (analysts, administrators, conduct
  staff); `conduct.settings.change`: deadlines and the suppression threshold;
- the prevention records (risk assessments, training completion, prevention measures) follow the sharing rule:
  members read them, conduct officers and administrators keep them.
"""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, ALL_ROLES, registry

CONDUCT = frozenset({Role.CONDUCT_OFFICER})
SC = {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN, Role.CONDUCT_OFFICER}

CASE_CODES = registry.register_record_type(
    "conduct",
    "case",
    records=_("conduct cases"),
    actions={
        "assign": _("Assign conduct staff to the conduct cases one reads"),
        "break_glass": _("Open a conduct case in an emergency, with a reason (logged, and its owner told)"),
        "receive": _(
            "Be assigned every misconduct allegation referred, reported anonymously or raised "
            "through community alerts"
        ),
        "supervise": _("Be told, and assigned, when a conduct case's deadline passes"),
        "view_identities": _(
            "Read the names and contacts of the people in the conduct cases one reads (each read recorded)"
        ),
        "refer": _("Refer a misconduct allegation to conduct and discipline (without reading it afterwards)"),
    },
    roles={
        "view": CONDUCT,
        "add": CONDUCT,
        "change": CONDUCT,
        "delete": frozenset(),
        "assign": CONDUCT,
        "break_glass": CONDUCT,
        "receive": CONDUCT,
        "supervise": CONDUCT,
        "view_identities": CONDUCT,
        "refer": ALL_ROLES,
    },
)
STATISTICS_VIEW = registry.register(
    "conduct.statistics.view",
    _("See conduct statistics (aggregates, with small counts suppressed)"),
    app="conduct",
    roles={Role.ANALYST, Role.MISSION_ADMIN, Role.CONDUCT_OFFICER},
)
SETTINGS_CHANGE = registry.register(
    "conduct.settings.change",
    _("Set conduct deadlines and the statistics' suppression threshold"),
    app="conduct",
    roles=ADMINISTRATORS | CONDUCT,
)


def _prevention(model: str, records, strictly) -> dict:
    return registry.register_record_type(
        "conduct",
        model,
        records=records,
        actions={"view_strictly_confidential": strictly},
        roles={
            "view": ALL_ROLES,
            "view_strictly_confidential": SC,
            "add": ADMINISTRATORS | CONDUCT,
            "change": ADMINISTRATORS | CONDUCT,
            "delete": ADMINISTRATORS | CONDUCT,
        },
    )


RISK_CODES = _prevention(
    "riskassessment",
    _("SEA risk assessments"),
    _("Also see STRICTLY CONFIDENTIAL SEA risk assessments owned by or released to one's organisations"),
)
TRAINING_CODES = _prevention(
    "trainingcompletion",
    _("SEA training completions"),
    _("Also see STRICTLY CONFIDENTIAL SEA training completions owned by or released to one's organisations"),
)
MEASURE_CODES = _prevention(
    "preventionmeasure",
    _("prevention measures"),
    _("Also see STRICTLY CONFIDENTIAL prevention measures owned by or released to one's organisations"),
)
