"""The alerts' permission codes, registered with the core registry (found by `registry.discover()`).

Alerts are raw, unverified words from outside the mission, often with a reporter's name and phone: the watch
(watch officers, analysts, administrators) reads them; reporters record the alerts they take by phone; the watch
triages (claims, verifies, dismisses, tasks responses). Focal points are people: administrators and the watch.
`alerts.alert.conduct` is the need-to-know queue of misconduct allegations: conduct and discipline officers by
default (never the mission administrators: an allegation is need-to-know); assignment still decides which
allegation each reads, and a conduct officer opens a conduct case from it (`conduct.intake`).

`alerts.alert.supervise` is the duty supervisor's: told in the app when an alert's response clock runs out
(`escalation`). By default mission administrators only: escalation tells someone above the watch that the watch
is late, and the watch officers are the ones whose clock ran out: telling each of them would be the same
people told again, and noise. A mission whose duty supervisor is a senior watch officer names them by e-mail
and phone in its alert settings (the escalation's e-mail and SMS), or a superuser gives the permission to the
watch officers' role (docs/operators/alert-clocks.md)."""

from django.utils.translation import gettext_lazy as _

from peaceops.core.choices import Role
from peaceops.core.permissions import ADMINISTRATORS, registry

WATCH = frozenset({Role.WATCH_OFFICER, Role.ANALYST, Role.MISSION_ADMIN})
TRIAGE = frozenset({Role.WATCH_OFFICER, Role.MISSION_ADMIN})

ALERT_CODES = registry.register_record_type(
    "alerts", "alert", records=_("community alerts"),
    actions={"view_strictly_confidential": _("Also see STRICTLY CONFIDENTIAL community alerts owned by or "
                                             "released to one's organisations"),
             "triage": _("Claim, assign, verify, dismiss community alerts and task responses"),
             "conduct": _("Receive misconduct allegations raised through community alerts"),
             "supervise": _("Be told, as duty supervisor, when a community alert's response clock runs out")},
    roles={"view": WATCH, "view_strictly_confidential": {Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN},
           "add": WATCH | {Role.REPORTER}, "change": TRIAGE, "delete": ADMINISTRATORS, "triage": TRIAGE,
           "conduct": {Role.CONDUCT_OFFICER}, "supervise": ADMINISTRATORS},
)
SUPERVISE = ALERT_CODES["supervise"]

FOCAL_POINT_CODES = registry.register_record_type(
    "alerts", "focalpoint", records=_("community focal points"),
    roles={"view": TRIAGE, "add": TRIAGE, "change": TRIAGE, "delete": ADMINISTRATORS},
)
