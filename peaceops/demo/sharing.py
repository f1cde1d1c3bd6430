"""The demo's sharing set-up for UNMIK: two named groups and one standing sharing agreement, so that the
Sharing page, the Share panel's groups and an agreement's default releases can be tried at once."""

from peaceops.core.choices import Classification
from peaceops.incidents.models import Category
from peaceops.sharing.models import OrganisationGroup, SharingAgreement
from peaceops.sharing.services import create_agreement, create_group

#: Group name -> member organisation codes.
UNMIK_GROUPS = {
    "UN family": ["UNMIK", "UNHCR", "UNDP"],
    "Mission partners": ["KFOR", "OSCE", "EULEX", "KP"],
}
#: UNMIK's new CONFIDENTIAL reports of these categories go to KFOR for 90 days.
KFOR_AGREEMENT_CATEGORIES = ["mission/inter-ethnic", "mission/explosive-hazard", "mission/attack-on-un"]
KFOR_AGREEMENT_NOTE = "Demo: standing release of security incidents to KFOR"


def ensure_unmik_sharing(mission, orgs, *, acting_user) -> list[str]:
    """Create the groups and the agreement unless they exist; lines for the load report."""
    lines = []
    for name, codes in UNMIK_GROUPS.items():
        if not OrganisationGroup.objects.filter(mission=mission, name=name).exists():
            create_group(acting_user=acting_user, mission=mission, name=name, members=[orgs[c] for c in codes])
            lines.append(f"sharing group {name!r}: {', '.join(codes)}")
    if not SharingAgreement.objects.filter(mission=mission, note=KFOR_AGREEMENT_NOTE).exists():
        categories = list(Category.objects.filter(mission=mission, path__in=KFOR_AGREEMENT_CATEGORIES))
        create_agreement(acting_user=acting_user, mission=mission, owner=orgs["UNMIK"], partner=orgs["KFOR"],
                         classifications=[Classification.CONFIDENTIAL], categories=categories,
                         default_expiry_days=90, note=KFOR_AGREEMENT_NOTE)
        lines.append("sharing agreement: UNMIK's new CONFIDENTIAL security incidents to KFOR for 90 days")
    return lines
