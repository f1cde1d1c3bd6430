"""The translation catalogues against the code: every string the code marks for translation has a translation in
Albanian, Serbian Latin and Serbian Cyrillic; no translation breaks a placeholder or a tag; the Cyrillic catalogue is
what `scripts/sr-cyrillic` writes from the Latin one; the compiled .mo files say what the .po files say.

When one fails after new strings were added, refresh the catalogues as docs/developers/translations.md says
(makemessages, translate, scripts/sr-cyrillic, compilemessages).
"""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "peaceops" / "locale"
LANGUAGES = ("sq", "sr_Latn", "sr")
HOWTO = "refresh the catalogues: docs/developers/translations.md, 'Updating the catalogues'"


def _key(entry) -> tuple:
    return entry.msgctxt or "", entry.msgid


def _texts(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _catalogue(language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    """The messages the code marks today, by domain: makemessages over a copy of the package (so the committed
    catalogues are not touched), as docs/developers/translations.md runs it."""
    work = tmp_path_factory.mktemp("makemessages")
    shutil.copytree(ROOT / "peaceops", work / "peaceops",
                    ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc", "*.mo"))
    (work / "locale").mkdir()
    domains = ["django"] + (["djangojs"] if (LOCALE / "sq" / "LC_MESSAGES" / "djangojs.po").exists() else [])
    saved_cwd = Path.cwd()
    try:
        os.chdir(work)
        with override_settings(LOCALE_PATHS=[str(work / "locale")]):
            for domain in domains:
                call_command("makemessages", locale=["sq"], domain=domain, keep_pot=True, verbosity=0)
    finally:
        os.chdir(saved_cwd)
    return {domain: polib.pofile(str(work / "locale" / f"{domain}.pot")) for domain in domains}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(extracted, language):
    """A string marked in the code ({% translate %}, gettext, a choice's label) with no translation, or only a
    fuzzy guess, fails here, naming the string."""
    for domain, template in extracted.items():
        assert len(template) > 500 or domain != "django"
        committed = {_key(e): e for e in _catalogue(language, domain) if not e.obsolete}
        missing = [e.msgid for e in template if _key(e) not in committed]
        untranslated = [e.msgid for e in template if _key(e) in committed
                        and (not all(_texts(committed[_key(e)])) or "fuzzy" in committed[_key(e)].flags)]
        assert missing == [], f"{language}/{domain}.po lacks {len(missing)} strings: {HOWTO}"
        assert untranslated == [], f"{language}/{domain}.po leaves {len(untranslated)} untranslated: {HOWTO}"


_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0+]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0+]*\d*(?:\.\d+)?[sdif]|\{[A-Za-z_]\w*\}")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def _marks(text: str) -> tuple[set, list]:
    return set(_PLACEHOLDER.findall(text.replace("%%", ""))), sorted(_TAG.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_tags(language):
    """A translation that drops, renames or adds a placeholder (`%(name)s`, `%s`, `{name}`) would fail or lose
    a value when the page is drawn; one that changes an HTML tag would break the page."""
    broken = []
    for path in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not all(_texts(entry)):
                continue
            wanted, tags = _marks(entry.msgid)
            if entry.msgid_plural:
                wanted_plural, _tags = _marks(entry.msgid_plural)
                # a plural form may leave out the count (Albanian "një incident"), never add one
                if any(not _marks(text)[0] <= wanted | wanted_plural or _marks(text)[1] != tags
                       for text in _texts(entry)):
                    broken.append(entry.msgid)
            elif _marks(entry.msgstr) != (wanted, tags):
                broken.append(entry.msgid)
    assert broken == []


def test_cyrillic_catalogue_is_written_from_the_latin_one(tmp_path):
    """peaceops/locale/sr is what scripts/sr-cyrillic writes from sr_Latn today: a translation changed in
    sr_Latn without running the script fails here."""
    subprocess.run([str(ROOT / "scripts" / "sr-cyrillic"), str(tmp_path)], check=True, capture_output=True)
    for written in sorted((tmp_path / "sr" / "LC_MESSAGES").glob("*.po")):
        expected = {_key(e): _texts(e) for e in polib.pofile(str(written))}
        committed = {_key(e): _texts(e) for e in _catalogue("sr", written.stem) if not e.obsolete}
        assert committed == expected, f"run scripts/sr-cyrillic, then compilemessages ({HOWTO})"


def test_cyrillic_catalogue_is_cyrillic():
    """Serbian Cyrillic: Latin letters are left only for codes, names and placeholders (the test reads a few)."""
    catalogue = {e.msgid: e.msgstr for e in _catalogue("sr")}
    assert catalogue["Operational picture"] == "Оперативна слика"
    assert catalogue["%(marking)s - releasable to %(organisations)s"] == "%(marking)s - доступно за %(organisations)s"
    assert catalogue["A - Completely reliable"] == "A - Потпуно поуздан"  # the grade is a code: Latin A


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_says_what_the_po_says(language):
    """The server reads only the .mo: one left stale after a change to the .po (compilemessages forgotten) fails."""
    for path in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
        with open(path.with_suffix(".mo"), "rb") as mo:
            compiled = gettext.GNUTranslations(mo)._catalog
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                for i, text in entry.msgstr_plural.items():
                    assert compiled.get((key, int(i))) == text, (path, entry.msgid)
            else:
                assert compiled.get(key) == entry.msgstr, (path, entry.msgid)


def test_translation_functions_are_called_by_names_makemessages_knows():
    """makemessages finds `_()`, `gettext_lazy()`, `ngettext()`... but not an alias such as `_lazy()`: a string
    marked through one never reaches the catalogues, and the completeness test cannot see it missing."""
    alias = re.compile(r"from django\.utils\.translation import .*\b(\w*gettext\w*) as (?!_\b)(\w+)")
    found = [f"{path.relative_to(ROOT)}: {m.group(0)}" for path in (ROOT / "peaceops").rglob("*.py")
             for m in alias.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("latin,source,cyrillic", [
    ("Ljudi i uloge misije UNMIK", "People and roles of UNMIK", "Људи и улоге мисије UNMIK"),
    ("Njegoš, džep, NJIVA, injekcija, nadživeti", "", "Његош, џеп, ЊИВА, инјекција, надживети"),
    ("Đurđevdan, Ćuprija, Žabalj, Čačak, Šabac", "", "Ђурђевдан, Ћуприја, Жабаљ, Чачак, Шабац"),
    ("%(count)s incidenata u <strong>%(name)s</strong>, {n} %s", "", "%(count)s инцидената у <strong>%(name)s</strong>, {n} %s"),
    ("Poslato: %%s, 90%% sigurno, čeka ih %%d", "", "Послато: %%s, 90%% сигурно, чека их %%d"),
    ("Vidi https://example.org/put?a=b ili pišite na a@b.rs", "", "Види https://example.org/put?a=b или пишите на a@b.rs"),
    ("Izvezi kao CSV ili GeoJSON (PeaceOps)", "Export as CSV or GeoJSON", "Извези као CSV или GeoJSON (PeaceOps)"),
    ("npr. Mitrovicë, Mitrovica, Митровица", "e.g. Mitrovicë, Mitrovica, Митровица", "нпр. Mitrovicë, Mitrovica, Митровица"),
    ("Incident. Otvorite Google Authenticator", "Incident. Open Google Authenticator", "Инцидент. Отворите Google Authenticator"),
    ("Država (ViEWS country_id), datoteka .csv ili .csv.gz; vidi docs/forecasting.md.",
     "Country (ViEWS country_id)", "Држава (ViEWS country_id), датотека .csv или .csv.gz; види docs/forecasting.md."),
    ("Nema prognoze (peaceops forecast run pravi jednu).", "No forecast (peaceops forecast run makes one).",
     "Нема прогнозе (peaceops forecast run прави једну)."),
    ("mora biti 'all' ili 'violence:<1-3>', ne 'sve'", "must be 'all' or 'violence:<1-3>', not 'x'",
     "мора бити 'all' или 'violence:<1-3>', не 'све'"),
    ("mora biti [lon, lat], objekat {t, lon, lat} ili [[lon, lat], ...]",
     "must be [lon, lat], an object {t, lon, lat} or [[lon, lat], ...]",
     "мора бити [lon, lat], објекат {t, lon, lat} или [[lon, lat], ...]"),
    ("Kodovi jezika, odvojeni zarezom: en, sq, sr-latn, sr", "Language codes, comma-separated: en, sq, sr-latn, sr",
     "Кодови језика, одвојени зарезом: en, sq, sr-latn, sr"),
])
def test_serbian_latin_to_cyrillic(latin, source, cyrillic):
    """Letter for letter, lj, nj and dž as one letter (but not across a prefix: injekcija, nadživeti);
    placeholders, tags, addresses, codes and names in the English text as they are."""
    from peaceops.core.names import latin_to_cyrillic

    assert latin_to_cyrillic(latin, source) == cyrillic
