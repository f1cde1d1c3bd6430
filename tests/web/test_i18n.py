"""The interface in Albanian and Serbian (Latin): the language switcher and the translated chrome."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,words", [
    ("sq", ["Paneli", "Pamja operacionale", "Dil", "Raporti ditor i situatës"]),
    ("sr-latn", ["Kontrolna tabla", "Operativna slika", "Odjavi se", "Dnevni izveštaj o situaciji"]),
])
def test_language_switcher_translates_the_chrome(client_as, people, language, words):
    client = client_as(people["watch"])
    english = client.get("/dashboard/").content.decode()
    assert "Sign out" in english and "Daily situation report" in english
    response = client.post("/i18n/setlang/", {"language": language, "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    page = client.get("/dashboard/").content.decode()
    assert f'<html lang="{language}">' in page
    for word in words:
        assert word in page, word
    assert "Sign out" not in page


def test_sign_in_page_in_albanian(client):
    client.post("/i18n/setlang/", {"language": "sq", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Emri i përdoruesit" in page and "Fjalëkalimi" in page


def test_sitrep_docx_in_serbian(client_as, people):
    import io

    import docx

    client = client_as(people["watch"])
    client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/"})
    document = docx.Document(io.BytesIO(client.get("/dashboard/sitrep.docx?day=2026-03-10").content))
    assert document.paragraphs[0].text == "Dnevni izveštaj o situaciji"
    assert "0 incidenata, poginulih: 0, povređenih: 0" in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("user,url,language,words,english", [
    ("admin", "/missions/UNMIK/people/", "sq",
     ["Njerëzit dhe rolet e UNMIK", "Jep një rol", "Revoko", "Organizata"], "Grant a role"),
    ("admin", "/missions/UNMIK/people/", "sr-latn",
     ["Ljudi i uloge misije UNMIK", "Dodeli ulogu", "Opozovi", "Organizacija"], "Grant a role"),
    # Access explained: sentences built in Python (placeholders filled after translation) come out whole.
    ("admin", "/access/viewer/", "sq",
     ["Qasja e shpjeguar: viewer", "Mund të shohë", "Incidentet PUBLIC të UNMIK", "Nuk mund të raportojë incidente"],
     "Cannot report incidents"),
    ("admin", "/access/viewer/", "sr-latn",
     ["Objašnjenje pristupa: viewer", "Može da vidi", "PUBLIC incidenti misije UNMIK",
      "Ne može da prijavljuje incidente"], "Cannot report incidents"),
    ("watch", "/accounts/", "sq", ["Llogaria ime", "Hyrja me dy faktorë është joaktive.", "Tokenët e mi API"],
     "My API tokens"),
    ("watch", "/accounts/", "sr-latn", ["Moj nalog", "Dvofaktorska prijava je isključena.", "Moji API tokeni"],
     "My API tokens"),
])
def test_new_pages_in_both_languages(client_as, people, user, url, language, words, english):
    """The people, access-explained and account pages read in the chosen language, with no English left."""
    client = client_as(people[user])
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get(url).content.decode()
    for word in words:
        assert word in page, word
    assert english not in page


def _po_entries(path):
    """(msgid, msgstr or plural forms, flags) of every entry of a .po file, by a small reader of its syntax."""
    import ast

    entries, current, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and "msgid" in current:
                entries.append(current)
            current, key = None, None
            continue
        current = current if current is not None else {"flags": "", "strs": {}}
        if line.startswith("#,"):
            current["flags"] += line[2:]
        elif line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid_plural ", "msgid ", "msgctxt ")):
            key, text = line.split(" ", 1)
            current[key] = ast.literal_eval(text)
        elif line.startswith("msgstr"):
            key, text = line.split(" ", 1)
            current["strs"][key] = ast.literal_eval(text)
        elif line.startswith('"'):
            if key in current["strs"]:
                current["strs"][key] += ast.literal_eval(line)
            else:
                current[key] += ast.literal_eval(line)
    return entries


@pytest.mark.parametrize("language", ["sq", "sr_Latn"])
def test_catalogue_is_complete_and_compiled(language):
    """No untranslated or fuzzy entry in the .po, and the committed .mo says the same as the .po."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    entries = [e for e in _po_entries(folder / "django.po") if e["msgid"] and not e.get("obsolete")]
    assert len(entries) > 500
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(e["strs"].values())] == []
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for e in entries:
        context = f"{e['msgctxt']}\x04" if "msgctxt" in e else ""
        if "msgid_plural" in e:
            assert compiled._catalog[(context + e["msgid"], 0)] == e["strs"]["msgstr[0]"], e["msgid"]
        else:
            assert compiled._catalog[context + e["msgid"]] == e["strs"]["msgstr"], e["msgid"]


def test_serbian_catalogue_is_latin_script():
    """Serbian is written in Latin script here; Cyrillic only where the English text has it (place-name examples)."""
    import re
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.LOCALE_PATHS[0]) / "sr_Latn" / "LC_MESSAGES" / "django.po"
    cyrillic = re.compile("[\u0400-\u04ff]+")
    for e in _po_entries(path):
        for text in e["strs"].values():
            assert set(cyrillic.findall(text)) <= set(cyrillic.findall(e["msgid"])), e["msgid"]
