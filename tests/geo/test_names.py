"""Search keys let users find names typed without accents; language names are read from common property styles."""

from peaceops.geo.names import language_names, search_key


def test_search_key_removes_accents_and_case():
    assert search_key("Mitrovicë") == "mitrovice"
    assert search_key("Priština") == search_key("PRISTINA") == "pristina"
    assert search_key("Đakovica") == "dakovica"
    assert search_key("Fushë-Kosova") == search_key("fushe  kosova") == "fushe kosova"
    assert search_key("Ombella-M'Poko") == "ombella mpoko"


def test_search_key_reads_cyrillic_as_serbian_latin():
    assert search_key("Косовска Митровица") == search_key("Kosovska Mitrovica") == "kosovska mitrovica"
    assert search_key("Северна Митровица") == search_key("Severna Mitrovica") == "severna mitrovica"
    assert search_key("Ђаковица") == search_key("Đakovica") == "dakovica"
    assert search_key("Љубљана") == search_key("Ljubljana") == "ljubljana"
    assert search_key("Ниш") == search_key("Niš") == "nis"


def test_search_key_transliterates_other_scripts():
    assert search_key("Αθήνα") == "athena"


def test_language_names_from_osm_and_ocha_styles():
    properties = {"name": "Pristina", "name_sq": "Prishtinë", "name:sr": "Priština", "NAME_1": "District",
                  "ADM2_EN": "Pristina municipality", "ADM2_PCODE": "XK0101", "name:sr-Latn": "Priština"}
    assert language_names(properties, level=2) == {"sq": "Prishtinë", "sr": "Priština", "en": "Pristina municipality",
                                                   "sr-Latn": "Priština"}
    assert language_names({"name_1": "not a language"}, level=1) == {}


def test_one_name_per_area_on_every_page():
    """The incident page (template filter), the COP (legend, area labels and filter) and the place search
    (models) name an area by the same rule, whatever the case of the names file's language codes."""
    from types import SimpleNamespace

    from peaceops.geo.models import AdminArea
    from peaceops.web.cop.legend import localised
    from peaceops.web.templatetags.peaceops_names import area_name

    names = {"en": "North Mitrovica", "sq": "Mitrovicë e Veriut", "sr-Latn": "Severna Mitrovica"}
    area = AdminArea(name="Municipality of North Mitrovica", names=names)
    for language, expected in [("sr-latn", "Severna Mitrovica"), ("sq", "Mitrovicë e Veriut"),
                               ("en", "North Mitrovica"), ("fr", "Municipality of North Mitrovica")]:
        shown = {area.name_in(language), area_name(SimpleNamespace(names=names, name=area.name), language),
                 localised(names, area.name, language)}
        assert shown == {expected}, language
