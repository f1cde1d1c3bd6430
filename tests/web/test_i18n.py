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
