"""What an organisation receives in a mission: the one answer the partner view, the partner feeds and the
redaction tests share, for every releasable record type.

`received_by(organisation, mission, model)` is built from `core.records.shared_condition`, the same condition
`visible_to(user)` uses: PUBLIC records of the mission, CONFIDENTIAL and STRICTLY CONFIDENTIAL ones owned
by or released to the organisation. (Whether one of its members may read a STRICTLY CONFIDENTIAL one also
depends on their need-to-know role: that is `visible_to`'s business, not the organisation's.)
"""

from peaceops.core.kit.releasable import releasable
from peaceops.core.records import shared_condition

#: The record type the partner view and the first feed are about, by its registered name.
INCIDENTS = "incidents"


def received_by(organisation, mission, model=None):
    """The records of `mission` (of `model`; default incidents) that `organisation` receives (a queryset)."""
    model = model or releasable(INCIDENTS).model
    condition = shared_condition(model, mission.pk, [organisation.pk], strictly_confidential=True)
    return model.objects.filter(condition)


def snapshot_received(snapshot: dict | None, organisation) -> bool:
    """Whether a record in the state a change-log snapshot records was received by `organisation`
    (the same rule as `received_by`, read from the JSON the change log keeps)."""
    if not snapshot:
        return False
    if snapshot.get("classification") == "PUBLIC":
        return True
    return snapshot.get("owner_id") == organisation.pk or organisation.code in (snapshot.get("releasable_to") or [])
