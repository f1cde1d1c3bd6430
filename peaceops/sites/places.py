"""Deployment sites as places people name (`geo.sources`): the place search finds a site by its name and its
place name, in any script or spelling, and the nearest-place lookup may name a point after it, only for users
who may see the site (`Site.objects.visible_to`). Shown with their type in words ("Team site")."""

from peaceops.geo.sources import PlaceSource, register_place_source

from .models import Site


def site_names(site) -> list[tuple[str, str]]:
    """The names a site is found by: its name and, when another, its place name."""
    names = [("", site.name)]
    if site.location_name and site.location_name != site.name:
        names.append(("", site.location_name))
    return names


SITES = PlaceSource(key="sites", model=Site, names=site_names, kind=lambda site: site.get_site_type_display(),
                    code=lambda site: site.site_type)


def register() -> None:
    """Make sites findable places, kept in the place index as the sites service writes them."""
    register_place_source(SITES)
