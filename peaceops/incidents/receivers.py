"""How incidents answer core's hooks (`peaceops.core.hooks`), connected in `IncidentsConfig.ready()`."""

from .taxonomy import install_default_taxonomy


def install_taxonomy(sender, *, mission, **kwargs) -> None:
    """`mission_created`: give the new mission the default incident taxonomy (in its creation's transaction)."""
    install_default_taxonomy(mission)
