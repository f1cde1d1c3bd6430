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


# --- refusals: the 403 page says why in the user's language; the API and the ledger keep their English -------

def reason_of(html: str) -> str:
    """The reason a 403 page gives."""
    found = re.search(r'<p id="error-reason">(.*?)</p>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


def test_a_refused_grant_says_why_in_albanian_and_the_ledger_keeps_english(people, mission, pseudo_albanian):
    """UNMIK's administrator may not grant KFOR's roles (KFOR administers its own participation): refused on the
    People page, told so in Albanian; the ledger's refusal entry is the same English as before."""
    import json

    from peaceops.core.choices import Role
    from peaceops.ledger.models import LedgerEntry, LedgerKind

    grant = {"username": "viewer", "organisation": "KFOR", "role": Role.VIEWER, "reason": "covers Zvečan"}
    response = signed_in(people["admin"], "sq").post("/missions/UNMIK/people/", grant)
    assert response.status_code == 403
    reason = reason_of(response.content.decode())
    assert "KFOR" in reason and not ENGLISH.search(reason), reason
    entry = json.loads(LedgerEntry.objects.filter(kind=LedgerKind.REFUSAL, actor="admin").last().payload)
    assert entry["action"] == "grant_role"
    assert entry["reason"].startswith("admin does not administer KFOR's participation in UNMIK")
    english = signed_in(people["admin"], "en").post("/missions/UNMIK/people/", grant).content.decode()
    assert reason_of(english) == ("Only those who manage the roles of KFOR in UNMIK may give or take away its "
                                  "roles.")


def test_record_refusals_are_said_to_the_user_and_stay_english_for_the_api(people, mission, orgs,
                                                                          pseudo_albanian):
    """A refusal of the record kit or the incidents service reads, on a page, in the watch officer's words and
    language; its English (the API's detail, logs) still names the user and the permission."""
    from django.utils.translation import override

    from peaceops.core.services import PermissionDenied
    from peaceops.incidents.services import create_incident, update_incident
    from peaceops.sites.services import SiteService
    from tests.factories import incident_data

    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Shots fired", releasable_to=["KFOR"]))
    refusals = []
    for attempt in (lambda: update_incident(incident, acting_user=people["kfor"], changes={"title": "Mine"}),
                    lambda: SiteService().create(acting_user=people["viewer"], mission=mission, data=SITE)):
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        refusals.append(refused.value)
    edit, add = refusals
    assert str(edit) == "kfor may not edit incidents of UNMIK"
    assert str(add) == "viewer lacks sites.site.add in this mission"
    with override("en"):
        assert edit.message == "You may not change incidents of UNMIK in this mission."
        assert add.message == "You may not add deployment sites in this mission."
    with override("sq"):
        assert not ENGLISH.search(edit.message) and not ENGLISH.search(add.message)
