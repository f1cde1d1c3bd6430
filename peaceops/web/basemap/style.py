"""The MapLibre style every PeaceOps map starts from (the COP, the incident page, the report form, hotspots).

- Always: sea as the background and the world's countries as land (a simplified Natural Earth outline shipped
  as a static file), so the neighbours of a mission are land, not sea.
- With an installed archive (peaceops.geo.basemap): the Protomaps basemap layers over it (roads, water,
  buildings, land use, place and street names), labels in the user's language where the tiles have a name in
  it, drawn with the glyphs PeaceOps ships; "© OpenStreetMap contributors" as attribution (ODbL).

Each page then adds its own layers (areas, incidents) on top. `metadata["peaceops:basemap"]` says whether the
street-level base map is there (pages then draw areas as outlines only, not as opaque fills).
"""

import copy
import json
from functools import cache
from pathlib import Path

from django.templatetags.static import static
from django.urls import reverse

from peaceops.geo.basemap.archive import ArchiveInfo

LAYERS_FILE = Path(__file__).with_name("layers.json")
#: The one font of the shipped glyphs (scripts/build-glyphs): Latin, Greek and Cyrillic.
FONT = "DejaVu Sans Book"
#: The OpenStreetMap name tag for each interface language (Django's language code).
NAME_TAGS = {"en": "name:en", "sq": "name:sq", "sr-latn": "name:sr-Latn", "sr": "name:sr"}
#: The OpenStreetMap licence's required credit (ODbL), shown on every map drawn from an archive.
OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>'
SEA = "#dde6ee"
LAND = "#f1efe9"
#: Basemap layers left out: arrows and shields are icons from a sprite sheet PeaceOps does not ship.
WITHOUT = {"background", "roads_oneway"}


@cache
def _protomaps_layers() -> tuple[dict, ...]:
    return tuple(json.loads(LAYERS_FILE.read_text(encoding="utf-8"))["layers"])


def _label(language: str) -> list:
    """A label in the user's language where the feature has a name in it, else its local name."""
    tag = NAME_TAGS.get(language, "name:" + language)
    return ["coalesce", ["get", tag], ["get", "name"]]


def _names_a_place(field) -> bool:
    return "name:en" in json.dumps(field)


def basemap_layers(language: str) -> list[dict]:
    """The Protomaps basemap layers with labels in `language` and no sprite icons."""
    label = _label(language)
    layers = []
    for source in _protomaps_layers():
        if source["id"] in WITHOUT:
            continue
        layer = copy.deepcopy(source)
        layer["source"] = "basemap"
        layout = layer.get("layout", {})
        for key in [k for k in layout if k.startswith("icon-")]:
            del layout[key]
        if "text-field" in layout:
            if _names_a_place(layout["text-field"]):
                layout["text-field"] = label
            layout["text-font"] = [FONT]
        layers.append(layer)
    return layers


def countries_layers() -> list[dict]:
    """Sea, and the world's countries as land with their borders (the map without an archive)."""
    return [
        {"id": "sea", "type": "background", "paint": {"background-color": SEA}},
        {"id": "countries", "type": "fill", "source": "countries", "paint": {"fill-color": LAND}},
        {"id": "country-borders", "type": "line", "source": "countries",
         "paint": {"line-color": "#c9c4b8", "line-width": 0.8}},
    ]


def map_style(archive: ArchiveInfo | None, language: str) -> dict:
    """The style for a user reading `language`, over the installed archive (None: boundaries-only maps)."""
    style = {
        "version": 8,
        "name": "PeaceOps",
        "metadata": {"peaceops:basemap": archive is not None},
        "sources": {"countries": {"type": "geojson", "data": static("vendor/world-countries/countries.geojson"),
                                  "attribution": "Natural Earth"}},
        "layers": countries_layers(),
    }
    if archive is None:
        return style
    tiles = reverse("basemap-tile", kwargs={"version": archive.version, "z": 0, "x": 0, "y": 0})
    style["sources"]["basemap"] = {
        "type": "vector",
        "tiles": [tiles.replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")],
        "minzoom": archive.min_zoom,
        "maxzoom": archive.max_zoom,
        "bounds": list(archive.bounds),
        "attribution": OSM_ATTRIBUTION,
    }
    glyphs = reverse("basemap-glyphs", kwargs={"fontstack": "FONTSTACK", "start": 0, "end": 255})
    style["glyphs"] = glyphs.replace("FONTSTACK", "{fontstack}").replace("0-255", "{range}")
    style["layers"] = style["layers"] + basemap_layers(language)
    return style
