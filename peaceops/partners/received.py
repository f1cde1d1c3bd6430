"""What an organisation receives in a mission: the one answer the partner view, the partner feed and the
redaction tests share.

`received_by(organisation, mission)` is built from `core.records.shared_condition`, the same condition
`visible_to(user)` uses: PUBLIC incidents of the mission, CONFIDENTIAL and STRICTLY CONFIDENTIAL ones owned
by or released to the organisation. (Whether one of its members may read a STRICTLY CONFIDENTIAL one also
depends on their need-to-know role: that is `visible_to`'s business, not the organisation's.)
"""

from peaceops.core.records import shared_condition
from peaceops.incidents.models import Incident


def received_by(organisation, mission):
    """The incidents of `mission` that `organisation` receives (a queryset, newest first)."""
    condition = shared_condition(Incident, mission.pk, [organisation.pk], strictly_confidential=True)
    return Incident.objects.filter(condition)


def snapshot_received(snapshot: dict | None, organisation) -> bool:
    """Whether an incident in the state a change-log snapshot records was received by `organisation`
    (the same rule as `received_by`, read from the JSON the change log keeps)."""
    if not snapshot:
        return False
    if snapshot.get("classification") == "PUBLIC":
        return True
    return snapshot.get("owner_id") == organisation.pk or organisation.code in (snapshot.get("releasable_to") or [])
