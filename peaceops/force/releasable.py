"""The force registry's record types as releasable record types (`core.kit.releasable`): partners pull them in
their signed feeds (`/api/v1/partners/{org}/feed/contingents`, `.../units`, `.../contributions`), and
`sharing.services.release_record` releases them. Contingents and units come without their national caveats and
notes (withheld from partners: what a government forbids its troops is the mission's to know); contributions
are the UN's published figures and withhold nothing."""

from peaceops.core.kit.releasable import ReleasableType, register_releasable
from peaceops.core.kit.schemas import record_detail

from .models import Contingent, Contribution, Unit
from .services import ContingentService, ContributionService, UnitService


def _prepare(*children):
    def prepare(records):
        model = records.model
        return (records.select_related("mission", "owner")
                .prefetch_related(model.releases_in_force_prefetch(), *children))

    return prepare


CONTINGENTS = ReleasableType(
    name="contingents", model=Contingent, item="contingent", prepare=_prepare(),
    detail=lambda record: record_detail(ContingentService(), record),
    withheld=Contingent.withheld_from_partners, detail_url="contingents:detail")
UNITS = ReleasableType(
    name="units", model=Unit, item="unit", prepare=_prepare("strengths", "deployments", "rotations"),
    detail=lambda record: record_detail(UnitService(), record),
    withheld=Unit.withheld_from_partners, detail_url="units:detail")
CONTRIBUTIONS = ReleasableType(
    name="contributions", model=Contribution, item="contribution", prepare=_prepare(),
    detail=lambda record: record_detail(ContributionService(), record),
    withheld=Contribution.withheld_from_partners, detail_url="contributions:detail")


def register() -> None:
    """Register contingents, units and contributions with the releasable record types."""
    for record_type in (CONTINGENTS, UNITS, CONTRIBUTIONS):
        register_releasable(record_type)
