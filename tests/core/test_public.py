"""The shared base of the public forms (peaceops.core.public), which the community alerts' report and the
misconduct report both stand on: the address kept only as a keyed hash, the page's language and its switch
that keeps what was typed, the CSRF check without a session, the robots' field, and the signed receipt."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import translation

from peaceops.core import public
from peaceops.testing import world

factory = RequestFactory()


def test_the_address_is_kept_only_as_a_keyed_hash(settings):
    phone = factory.get("/report/", REMOTE_ADDR="198.51.100.7")
    again = factory.get("/report-misconduct/", REMOTE_ADDR="198.51.100.7")
    other = factory.get("/report/", REMOTE_ADDR="198.51.100.8")
    digest = public.address_hash(phone)
    assert digest == public.address_hash(again) != public.address_hash(other)
    assert re.fullmatch(r"[0-9a-f]{32}", digest)
    assert public.address_key("conduct-report:4", phone) == f"conduct-report:4:{digest}"
    settings.SECRET_KEY = "another installation's secret key, long enough to be one"
    assert public.address_hash(phone) != digest  # another installation cannot match its hashes with ours


def test_a_language_button_beats_the_forms_language_which_beats_the_browsers():
    switch = factory.post("/report/", {"lang": "en", public.SWITCH: "sr-latn"})
    assert public.language(switch) == "sr-latn" and public.switched(switch)
    sent = factory.post("/report/?lang=sr", {"lang": "sq", "action": "send"})
    assert public.language(sent) == "sq" and not public.switched(sent)
    forged = factory.post("/report/", {"lang": "sq", public.SWITCH: "de"})
    assert public.language(forged) == "sq" and not public.switched(forged)  # only the site's languages
    assert public.language(factory.get("/report/", {"lang": "sr"})) == "sr"
    with translation.override("sq"):
        assert public.language(factory.get("/report/", {"lang": "xx"})) == "sq"
    with translation.override("de"):
        assert public.language(factory.get("/report/")) == "en"


def test_a_public_page_answers_in_its_language_and_is_never_kept():
    @public.public_page
    def view(request):
        return HttpResponse(translation.get_language())

    response = view(factory.get("/report/", {"lang": "sr"}))
    assert response.content == b"sr" and response["Content-Language"] == "sr"
    assert "no-store" in response["Cache-Control"]


def _page(request, **kwargs):
    request.public_language = public.language(request)
    return public.page(request, "public/base.html", {}, **kwargs).content.decode()


def test_the_language_switch_is_links_or_the_forms_buttons():
    links = _page(factory.get("/report/status/", {"lang": "sq"}))
    assert '<html lang="sq">' in links
    assert '<a href="/report/status/?lang=sr" hreflang="sr" lang="sr">' in links
    assert 'hreflang="sq" lang="sq" aria-current="true"' in links and "<button" not in links
    buttons = _page(factory.get("/report/", {"lang": "sq"}), switch_form="report-form")
    assert '<button type="submit" form="report-form" name="switch_lang" value="sr" lang="sr">' in buttons
    assert 'value="sq" lang="sq" aria-current="true"' in buttons and "hreflang" not in buttons
    assert "<script" not in buttons


def test_a_form_is_refused_without_its_csrf_token_and_passes_with_it():
    assert public.csrf_refused(factory.post("/report/", {"text": "x"}))
    first = factory.get("/report/")
    token = get_token(first)
    cookie = first.META["CSRF_COOKIE"]
    forged = factory.post("/report/", {"csrfmiddlewaretoken": "x" * 32})
    forged.COOKIES["csrftoken"] = cookie
    assert public.csrf_refused(forged)
    sent = factory.post("/report/", {"csrfmiddlewaretoken": token})
    sent.COOKIES["csrftoken"] = cookie
    assert not public.csrf_refused(sent) and not hasattr(sent, "session")  # no session needed


def test_the_robots_field_traps_what_a_robot_types_in_it():
    assert public.Honeypot({"website": "http://spam.example"}).is_trapped
    assert not public.Honeypot({"website": ""}).is_trapped
    assert not public.Honeypot({"website": "  "}).is_trapped  # a browser's stray blank is no robot
    assert not public.Honeypot({}).is_trapped


def test_the_receipt_opens_only_from_its_signed_link_and_for_a_day(monkeypatch):
    request = factory.post("/report/")
    request.public_language = "sr"
    response = public.receipt_redirect("/report/sent/", request, "K7Q-42X", "a salt")
    assert response.status_code == 303  # See Other: a reload of the receipt sends nothing again
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert url.path == "/report/sent/" and query["lang"] == ["sr"] and "K7Q-42X" not in url.query
    receipt = factory.get("/report/sent/", {"r": query["r"][0]})
    assert public.receipt_reference(receipt, "a salt") == "K7Q-42X"
    assert public.receipt_reference(receipt, "another page's salt") is None
    assert public.receipt_reference(factory.get("/report/sent/", {"r": "K7Q-42X"}), "a salt") is None
    later = time.time() + public.RECEIPT_MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert public.receipt_reference(receipt, "a salt") is None


@pytest.mark.django_db
def test_the_mission_is_the_only_one_or_the_one_named_in_any_case():
    unmik = world.mission("UNMIK")
    assert public.mission_of(None) == (unmik, [unmik])
    minusca = world.mission("MINUSCA")
    assert public.mission_of(None) == (None, [minusca, unmik])
    assert public.mission_of("unmik")[0] == unmik and public.mission_of("NOPE")[0] is None
