"""The force registry's record types as releasable record types (`core.kit.releasable`): partners pull them in
their signed feeds (`/api/v1/partners/{org}/feed/contingents`, `.../units`, `.../contributions`), and
`sharing.services.release_record` releases them. Contingents and units come without their national caveats and
notes (withheld from partners: what a government forbids its troops is the mission's to know); contributions
are the UN's published figures and withhold nothing."""

from peaceops.core.kit.releasable import kit_releasable, register_releasable

from .services import ContingentService, ContributionService, UnitService

CONTINGENTS = kit_releasable(ContingentService(), name="contingents", item="contingent",
                             detail_url="contingents:detail")
UNITS = kit_releasable(UnitService(), name="units", item="unit", detail_url="units:detail")
CONTRIBUTIONS = kit_releasable(ContributionService(), name="contributions", item="contribution",
                               detail_url="contributions:detail")


def register() -> None:
    """Register contingents, units and contributions with the releasable record types."""
    for record_type in (CONTINGENTS, UNITS, CONTRIBUTIONS):
        register_releasable(record_type)
