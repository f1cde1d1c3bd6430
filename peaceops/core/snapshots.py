"""Reading a record's past: whether a user could read a record in a state a change-log snapshot records.

The sharing rule of `records.shared_condition` (which `visible_to` builds), applied to the JSON the change log
keeps of a domain record (`classification`, `owner_id`, `releasable_to` as organisation codes): PUBLIC records
of the mission; CONFIDENTIAL ones owned by or released to one of the user's organisations; STRICTLY
CONFIDENTIAL ones likewise for users with the need-to-know permission. Used where a record that is gone (or no
longer visible) must be withdrawn only from those who could have had it: the COP's live stream and partner feeds.
"""

from .access import access_profile
from .choices import Classification
from .models import Organisation


class SnapshotReader:
    """One user's reading rights in one mission, for checking change-log snapshots."""

    def __init__(self, user, mission_id: int):
        profile = access_profile(user)
        self.superuser = profile.superuser
        access = profile.in_mission(mission_id)
        self.strictly_confidential = bool(access and access.strictly_confidential)
        org_ids = access.organisation_ids if access and access.can_view else frozenset()
        self.organisation_ids = set(org_ids)
        self.organisation_codes = set(Organisation.objects.filter(pk__in=list(org_ids))
                                      .values_list("code", flat=True))

    def could_read(self, snapshot: dict | None) -> bool:
        """Whether the user could read the record in the state `snapshot` records (False for no snapshot)."""
        if not snapshot:
            return False
        if self.superuser:
            return True
        if not self.organisation_ids:
            return False
        classification = snapshot.get("classification")
        if classification == Classification.PUBLIC:
            return True
        if classification == Classification.STRICTLY_CONFIDENTIAL and not self.strictly_confidential:
            return False
        return snapshot.get("owner_id") in self.organisation_ids or bool(
            self.organisation_codes & set(snapshot.get("releasable_to") or ())
        )
