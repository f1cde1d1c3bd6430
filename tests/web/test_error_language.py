"""Errors that come from the services (`core.kit.errors.FieldError`: the record kit's rules, the incidents'
rules, filters, periods) reach a user in the user's language and words, on the field they are about: a
longitude out of range on the sites form reads "Longitude must be between -180 and 180" in English and no
English at all in Albanian. The API's messages stay English by design (docs/developers/translations.md).

Albanian is checked by pseudo-translation: a string missing from the Albanian catalogue comes back with every
word written backwards ("must" -> "tsum"), so a message that bypasses translation stays readable English and
is caught, whether or not the translators have reached the new strings yet (once they have, the real Albanian
is shown and checked the same way)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from tests.incidents.test_pages_forms import report

#: Words of the English messages; none may be left in an Albanian page's errors.
ENGLISH = re.compile(r"\b(must|between|required|before|after|longitude|latitude|date|the|is|not|be|of|and|"
                     r"first|day|opening|outside|supported|enter|ensure|value|less|than|equal|field)\b", re.I)
_KEPT = re.compile(r"(%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\w*\}|&\w+;)")


def _backwards(text: str) -> str:
    return "".join(part if _KEPT.fullmatch(part) else re.sub(r"[^\W\d_]+", lambda m: m.group(0)[::-1], part)
                   for part in _KEPT.split(text))


@pytest.fixture
def pseudo_albanian(monkeypatch):
    """Albanian where the catalogue has it; every other string written backwards."""
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def pseudo_gettext(self, message):
        found = gettext(self, message)
        return _backwards(found) if self.language() == "sq" and found == message else found

    def pseudo_ngettext(self, singular, plural, number):
        found = ngettext(self, singular, plural, number)
        english = singular if number == 1 else plural
        return _backwards(found) if self.language() == "sq" and found == english else found

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", pseudo_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", pseudo_ngettext)


def signed_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def errors_of(html: str) -> list[str]:
    """The texts of a page's error lists and error paragraphs."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    found += re.findall(r'<p class="form-error"[^>]*>(.*?)</p>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in found]


def english_in(errors: list[str]) -> list[str]:
    return [text for text in errors if ENGLISH.search(text)]


SITE = {"name": "Camp Zvečan", "site_type": "camp", "lon": "20.8", "lat": "42.9", "location_precision": "exact",
        "classification": "PUBLIC"}


@pytest.mark.parametrize("bad", [{"lon": "200"}, {"lat": "-95"},
                                 {"opened_on": "2020-05-01", "closed_on": "2019-01-01"},
                                 {"opened_on": "1700-01-01"}])
def test_the_sites_form_says_what_is_wrong_in_albanian(people, mission, pseudo_albanian, bad):
    response = signed_in(people["admin"], "sq").post(reverse("sites:create"), {**SITE, **bad})
    assert response.status_code == 422
    html = response.content.decode()
    errors = errors_of(html)
    assert errors and english_in(errors) == []
    field = "closed_on" if "closed_on" in bad else next(iter(bad))
    assert f'class="field has-error" id="field-{field}"' in html


def test_the_sites_form_says_it_in_user_words_on_the_field(people, mission):
    response = signed_in(people["admin"], "en").post(reverse("sites:create"), {**SITE, "lon": "200"})
    html = response.content.decode()
    field = re.search(r'<div class="field has-error" id="field-lon">(.*?)</div>', html, re.S).group(1)
    assert "Longitude must be between -180 and 180" in field
    assert "lon:" not in html
    killed = {f"cas-civilians-killed_{end}": "20000000" for end in ("low", "best", "high")}
    page = signed_in(people["watch"], "en").post("/incidents/new/", report(**killed)).content.decode()
    assert errors_of(page) == ["Killed, Civilians must not be more than 10,000,000"]


def test_the_report_form_domain_error_in_albanian(people, mission, pseudo_albanian):
    response = signed_in(people["watch"], "sq").post("/incidents/new/", report(**{"cas-civilians-killed_low": "20000000", "cas-civilians-killed_best": "20000000", "cas-civilians-killed_high": "20000000"}))
    html = response.content.decode()
    errors = errors_of(html)
    assert errors and english_in(errors) == []


@pytest.mark.parametrize("url, params", [
    ("/analytics/changes/", {"since": "2026-02-30"}),
    ("/analytics/hotspots/", {"since": "2026-03-10", "until": "2026-03-01"}),
    ("/cop/list/", {"since": "2026-03-10", "until": "2026-03-01"}),
    ("/dashboard/", {"as_of": "someday"}),
])
def test_filter_and_period_errors_in_albanian(people, mission, orgs, pseudo_albanian, url, params):
    from peaceops.core.choices import Role
    from tests.factories import member

    analyst = member(mission, orgs["UNMIK"], Role.ANALYST, username="analyst")
    response = signed_in(analyst, "sq").get(url, params)
    assert response.status_code == 400
    errors = errors_of(response.content.decode())
    assert errors and english_in(errors) == []


def test_the_api_keeps_its_messages_english(people, mission):
    client = signed_in(people["admin"], "sq")
    body = {"mission": "UNMIK", "name": "Camp", "site_type": "camp", "lon": 200, "lat": 42.9}
    answer = client.post("/api/v1/sites", body, content_type="application/json").json()
    assert answer == {"detail": "lon: must be between -180 and 180", "field": "lon"}
