"""The demo missions' deployment sites: the bundled Geo-PKO subset (data/geo_pko, UNMIK and MINUSCA rows)
imported with the sites' `geo-pko` format, as an operator's load (no permission check, the loader's
organisation owns them). Idempotent: loading again changes nothing."""

from pathlib import Path

GEO_PKO = Path(__file__).resolve().parent / "data" / "geo_pko"


def load_sites(mission, owner, *, acting_user) -> str:
    """Import the mission's sites; returns a line for the demo summary."""
    from peaceops.interop.records import import_records
    from peaceops.sites.services import SiteService

    report = import_records(SiteService(), GEO_PKO, format="geo-pko", mission=mission, acting_user=acting_user,
                            owner=owner, system=True)
    return (f"deployment sites (Geo-PKO v2.3): {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.rejected} rejected")
