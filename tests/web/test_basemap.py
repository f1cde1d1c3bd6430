"""The offline base map as a user and an operator meet it: an archive installed with `install-basemap` (or
named by PEACEOPS_BASEMAP) is served tile by tile to signed-in users, the maps' style draws it with labels in
the user's language, and without one the maps keep the boundaries over the countries as land.

The archive is the tiny sample the tests write themselves (peaceops.testing.basemap)."""

import gzip
import io
import json
import re

import mapbox_vector_tile
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peaceops.testing.basemap import CENTRE, tile_of, write_sample_archive

TILE_TYPE = "application/vnd.mapbox-vector-tile"


def install(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("install_basemap", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def sample(tmp_path):
    return write_sample_archive(tmp_path / "mitrovica.pmtiles")


@pytest.fixture
def installed(sample, settings, tmp_path):
    settings.PEACEOPS_BASEMAP = tmp_path / "data" / "basemap" / "basemap.pmtiles"
    install(sample)
    return settings.PEACEOPS_BASEMAP


@pytest.fixture
def viewer(client_as, people):
    return client_as(people["viewer"])


def style_of(client, language="en") -> dict:
    response = client.get("/basemap/style.json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip"
                      else response.content)


def tile_url(style: dict, z: int, x: int, y: int) -> str:
    return style["sources"]["basemap"]["tiles"][0].format(z=z, x=x, y=y)


def test_install_prints_what_the_archive_holds_and_copies_it(sample, settings, tmp_path):
    settings.PEACEOPS_BASEMAP = target = tmp_path / "var" / "basemap" / "basemap.pmtiles"
    out, err = install(sample)
    assert f"installed {sample} as {target}" in out
    assert "zooms 9-14, 54 tiles" in out
    assert "bounds west 19.6875, south 42.0330, east 21.7969, north 43.5804" in out
    assert "layers buildings, earth, places, roads, water" in out
    assert err == ""
    assert target.read_bytes() == sample.read_bytes()
    assert "a PMTiles vector archive" in install("--check", sample)[0]
    assert install("--remove")[0].startswith("removed") and not target.exists()


@pytest.mark.parametrize("content, message", [
    (b"<html>Not found</html>" * 10, "not a PMTiles archive (it does not start with 'PMTiles')"),
    (b"PMTiles\x02" + bytes(200), "a PMTiles archive of version 2, not version 3"),
    (b"tiny", "not a PMTiles archive (only 4 bytes)"),
])
def test_install_refuses_what_is_not_a_pmtiles_v3_archive(content, message, settings, tmp_path):
    settings.PEACEOPS_BASEMAP = target = tmp_path / "basemap.pmtiles"
    bad = tmp_path / "mission.pmtiles"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        install(bad)
    assert not target.exists()
    with pytest.raises(CommandError, match="no such file"):
        install(tmp_path / "missing.pmtiles")


def test_install_refuses_an_archive_of_images(sample, settings, tmp_path):
    settings.PEACEOPS_BASEMAP = tmp_path / "basemap.pmtiles"
    raster = tmp_path / "raster.pmtiles"
    data = bytearray(sample.read_bytes())
    data[99] = 2  # tile type PNG
    raster.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="holds PNG tiles, not vector tiles"):
        install(raster)


def test_without_an_archive_the_maps_have_countries_as_land_and_no_tiles(viewer):
    style = style_of(viewer)
    assert style["metadata"]["peaceops:basemap"] is False
    assert set(style["sources"]) == {"countries"} and "glyphs" not in style
    assert [layer["id"] for layer in style["layers"]] == ["sea", "countries", "country-borders"]
    countries = viewer.get(style["sources"]["countries"]["data"])
    names = {f["properties"]["name"] for f in json.loads(b"".join(countries.streaming_content))["features"]}
    assert {"Albania", "Republic of Serbia", "Macedonia", "Montenegro", "Kosovo"} <= names
    assert viewer.get("/basemap/0/0/0/0.mvt").status_code == 404


def test_style_draws_the_installed_archive_with_labels_in_the_users_language(installed, viewer):
    style = style_of(viewer)
    assert style["metadata"]["peaceops:basemap"] is True
    source = style["sources"]["basemap"]
    assert source["minzoom"] == 9 and source["maxzoom"] == 14
    assert "OpenStreetMap contributors" in source["attribution"]
    layers = {layer["id"]: layer for layer in style["layers"]}
    assert {"sea", "countries", "earth", "water", "roads_major", "buildings", "places_locality"} <= set(layers)
    assert layers["places_locality"]["layout"]["text-field"] == ["coalesce", ["get", "name:en"], ["get", "name"]]
    assert not any("icon-image" in layer.get("layout", {}) for layer in style["layers"])  # no sprite shipped
    fonts = {font for layer in style["layers"] for font in layer.get("layout", {}).get("text-font", [])}
    assert fonts == {"DejaVu Sans Book"}
    sq = {layer["id"]: layer for layer in style_of(viewer, "sq")["layers"]}
    assert sq["places_locality"]["layout"]["text-field"][1] == ["get", "name:sq"]
    sr = {layer["id"]: layer for layer in style_of(viewer, "sr")["layers"]}
    assert sr["roads_labels_major"]["layout"]["text-field"][1] == ["get", "name:sr"]


def test_tiles_are_served_as_stored_with_long_cache_and_404_outside(installed, viewer, sample):
    style = style_of(viewer)
    x, y = tile_of(*CENTRE, 12)
    response = viewer.get(tile_url(style, 12, x, y), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Type"] == TILE_TYPE and response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert "Accept-Encoding" in response["Vary"]
    layers = mapbox_vector_tile.decode(gzip.decompress(response.content))
    assert set(layers) == {"earth", "water", "roads", "buildings", "places"}
    assert layers["places"]["features"][0]["properties"]["name:sr"] == "Митровица"
    plain = viewer.get(tile_url(style, 12, x, y), HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in plain and plain.content == gzip.decompress(response.content)
    for z, tx, ty in [(12, x + 5, y), (8, *tile_of(*CENTRE, 8)), (15, *tile_of(*CENTRE, 15)), (3, 99, 99)]:
        missing = viewer.get(tile_url(style, z, tx, ty))
        assert missing.status_code == 404, (z, tx, ty)
        assert missing["Cache-Control"] == "private, no-store"
    old = tile_url(style, 12, x, y).replace(style["sources"]["basemap"]["tiles"][0].split("/")[2], "0ld0ld0ld0ld")
    assert viewer.get(old).status_code == 404


def test_replacing_the_archive_changes_the_tile_urls(installed, viewer, tmp_path):
    before = style_of(viewer)["sources"]["basemap"]["tiles"][0]
    install(write_sample_archive(tmp_path / "elsewhere.pmtiles", centre=(21.1655, 42.6629)))  # Pristina
    after = style_of(viewer)
    assert after["sources"]["basemap"]["tiles"][0] != before
    x, y = tile_of(21.1655, 42.6629, 13)
    assert viewer.get(tile_url(after, 13, x, y)).status_code == 200


def test_archive_named_by_the_setting_is_used(sample, settings, viewer):
    settings.PEACEOPS_BASEMAP = sample
    assert style_of(viewer)["metadata"]["peaceops:basemap"] is True


def test_a_damaged_installed_archive_falls_back_to_boundaries(settings, tmp_path, viewer):
    settings.PEACEOPS_BASEMAP = broken = tmp_path / "basemap.pmtiles"
    broken.write_bytes(b"PMTiles\x03" + bytes(10))
    assert style_of(viewer)["metadata"]["peaceops:basemap"] is False


def test_style_is_revalidated_with_an_etag(installed, viewer):
    first = viewer.get("/basemap/style.json")
    assert first["Cache-Control"] == "private, no-cache"
    again = viewer.get("/basemap/style.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_glyphs_for_latin_and_cyrillic_labels(installed, viewer):
    for glyph_range in ("0-255", "256-511", "1024-1279"):
        response = viewer.get(f"/basemap/glyphs/DejaVu Sans Book/{glyph_range}.pbf", HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and response["Content-Type"] == "application/x-protobuf"
        assert response["Content-Encoding"] == "gzip" and response["Cache-Control"] == "private, max-age=604800"
        body = gzip.decompress(response.content)
        assert b"DejaVu Sans Book" in body and glyph_range.encode() in body
    cyrillic = viewer.get("/basemap/glyphs/DejaVu Sans Book/1024-1279.pbf")  # a client without gzip
    assert "Content-Encoding" not in cyrillic and cyrillic.content.startswith(b"\n")
    assert len(cyrillic.content) > 50_000  # a distance field for each of Митровица's letters, and the rest
    assert viewer.get("/basemap/glyphs/Other Font,DejaVu Sans Book/0-255.pbf").status_code == 200
    assert viewer.get("/basemap/glyphs/DejaVu Sans Book/19968-20223.pbf").status_code == 404  # CJK: not shipped
    assert viewer.get("/basemap/glyphs/DejaVu Sans Book/1-256.pbf").status_code == 404


@pytest.mark.parametrize("path", ["/basemap/style.json", "/basemap/glyphs/DejaVu Sans Book/0-255.pbf"])
def test_signed_in_users_only(installed, client, path, db):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_tiles_for_signed_in_users_only(installed, client, viewer):
    url = tile_url(style_of(viewer), 12, *tile_of(*CENTRE, 12))
    viewer.logout()
    assert client.get(url).status_code == 302
