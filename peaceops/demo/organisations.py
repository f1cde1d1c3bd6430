"""The organisations of the demo missions: UN components, partners, agencies, an NGO and a local authority."""

from dataclasses import dataclass

from peaceops.core.choices import OrganisationType
from peaceops.core.models import Organisation
from peaceops.core.services import create_organisation, enrol_organisation


@dataclass(frozen=True)
class DemoOrganisation:
    """One organisation the demo creates (idempotent by code)."""

    code: str
    name: str
    type: OrganisationType


UNMIK_ORGANISATIONS = [
    DemoOrganisation(
        "UNMIK", "United Nations Interim Administration Mission in Kosovo", OrganisationType.UN_COMPONENT
    ),
    DemoOrganisation("KFOR", "Kosovo Force (NATO)", OrganisationType.MILITARY_PARTNER),
    DemoOrganisation("OSCE", "OSCE Mission in Kosovo", OrganisationType.REGIONAL_ORGANISATION),
    DemoOrganisation(
        "EULEX", "European Union Rule of Law Mission in Kosovo", OrganisationType.REGIONAL_ORGANISATION
    ),
    DemoOrganisation("KP", "Kosovo Police", OrganisationType.POLICE),
    DemoOrganisation(
        "UNHCR", "Office of the United Nations High Commissioner for Refugees", OrganisationType.UN_AGENCY
    ),
    DemoOrganisation("UNDP", "United Nations Development Programme", OrganisationType.UN_AGENCY),
    # A made-up NGO: the demo should not put words in a real organisation's mouth.
    DemoOrganisation("IBAR-BRIDGES", "Ibar Bridges Civic Forum (fictional demo NGO)", OrganisationType.NGO),
    DemoOrganisation("MUN-NMITROVICA", "Municipality of North Mitrovica", OrganisationType.LOCAL_AUTHORITY),
]

MINUSCA_ORGANISATIONS = [
    DemoOrganisation(
        "MINUSCA",
        "United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic",
        OrganisationType.UN_COMPONENT,
    ),
    DemoOrganisation(
        "OCHA",
        "United Nations Office for the Coordination of Humanitarian Affairs",
        OrganisationType.UN_AGENCY,
    ),
]


def ensure_organisations(specs: list[DemoOrganisation], *, acting_user=None) -> dict[str, Organisation]:
    """Create the organisations that are missing; returns all of them by code."""
    return {
        spec.code: create_organisation(
            code=spec.code, name=spec.name, type=spec.type, acting_user=acting_user
        )
        for spec in specs
    }


def ensure_participations(mission, orgs: dict[str, Organisation], *, acting_user=None) -> None:
    """Make every one of the mission's demo organisations take part in it (each administering its own
    participation), so the share panel, groups, agreements and "Grant a role" offer them."""
    for org in orgs.values():
        enrol_organisation(mission=mission, organisation=org, acting_user=acting_user)
