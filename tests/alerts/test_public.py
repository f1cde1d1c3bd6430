"""The public report page as a villager uses it on a cheap phone without an account or JavaScript: sending a
report in each of the four languages, anonymously, with a place found by name; a form that keeps what was
typed; the limit per address; the status page, which says how far a report has come and nothing else."""

import datetime as dt
import re

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from peaceops.alerts.models import Alert, AlertSettings
from peaceops.alerts.public_limits import STATUS_LOOKUPS_PER_HOUR
from peaceops.alerts.services import AlertService
from peaceops.core.choices import Role
from peaceops.core.models import ChangeLogEntry
from peaceops.ledger.models import LedgerEntry
from peaceops.messaging.models import RateWindow
from peaceops.testing import world

REPORT = "/report/"


@pytest.fixture
def watch(unmik):
    """UNMIK's watch officer (UNMIK then owns the alerts from the public page)."""
    return world.member(unmik, world.organisation("UNMIK"), Role.WATCH_OFFICER, username="unmik-watch")


def visitor(address: str = "192.0.2.10") -> Client:
    """A phone without a session, whose browser checks CSRF like a real one."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def token_of(client: Client, url: str = REPORT) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def send(client: Client, url: str = REPORT, *, lang: str = "en", **fields):
    data = {"csrfmiddlewaretoken": token_of(client, f"{url}?lang={lang}"), "lang": lang, "action": "send",
            "text": "", "category": "", "place_query": "", "place": "unknown", "reporter_name": "",
            "reporter_phone": "", "website": "", **fields}
    return client.post(url, data)


def reference_on(response) -> str:
    return re.search(r'id="reference">([A-Z0-9]{3}-[A-Z0-9]{3})<', response.content.decode()).group(1)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Armed men stopped the bus near the school"),
    ("sq", "Burra të armatosur ndaluan autobusin afër shkollës"),
    ("sr-latn", "Naoružani ljudi zaustavili autobus kod škole"),
    ("sr", "Наоружани људи зауставили аутобус код школе"),
])
def test_a_visitor_without_an_account_sends_a_report_in_each_language(unmik, watch, lang, text):
    client = visitor()
    form = client.get(f"{REPORT}?lang={lang}")
    assert form.status_code == 200 and f'<html lang="{lang}">' in form.content.decode()
    assert form["Content-Language"] == lang and "no-store" in form["Cache-Control"]
    assert "<script" not in form.content.decode().split("</main>")[0]  # the form itself needs no script
    sent = send(client, lang=lang, text=text, reporter_name="Arben", reporter_phone="+383 44 123 456")
    assert sent.status_code == 303
    receipt = client.get(sent["Location"])
    reference = reference_on(receipt)
    alert = Alert.objects.get(reference=reference)
    assert alert.text == text and alert.language == lang and alert.channel == "web"
    assert alert.reporter_name == "Arben" and alert.reporter_phone == "+383 44 123 456" and alert.owner.code == "UNMIK"
    assert f"/report/status/{reference}/" in receipt.content.decode()
    assert "sessionid" not in client.cookies  # no session was needed, only the CSRF cookie


def test_a_form_without_its_csrf_token_is_refused_and_comes_back_with_the_text(unmik, watch):
    client = visitor()
    client.get(REPORT)
    response = client.post(REPORT, {"text": "Shooting behind the mill", "action": "send", "place": "unknown",
                                    "csrfmiddlewaretoken": "x" * 32})
    assert response.status_code == 403 and not Alert.objects.exists()
    assert "Shooting behind the mill" in response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    again = client.post(REPORT, {"text": "Shooting behind the mill", "action": "send", "place": "unknown",
                                 "csrfmiddlewaretoken": token})
    assert again.status_code == 303 and Alert.objects.count() == 1


def test_an_anonymous_report_keeps_the_exact_point_nowhere(unmik, watch):
    exact_lon, exact_lat = "20.865431", "42.889217"
    sent = send(visitor(), text="Armed men at the bridge", anonymous="on", place="map", lon=exact_lon,
                lat=exact_lat, reporter_name="Arben Krasniqi", reporter_phone="+383 44 987 654")
    assert sent.status_code == 303
    alert = Alert.objects.get()
    assert alert.anonymous and alert.coarsened_m == 2000 and alert.lon is not None
    assert alert.reporter_name == "" and alert.reporter_phone == "" and alert.location_precision == "near"
    secrets = (exact_lon, exact_lat, exact_lon[:7], exact_lat[:7], "Krasniqi", "987 654")
    row = str(model_to_dict(Alert.objects.get(pk=alert.pk)))
    logged = ChangeLogEntry.objects.filter(object_id=str(alert.pk))
    changes = list(logged.values_list("before", "after"))
    sealed = list(LedgerEntry.objects.values_list("payload", flat=True))
    # The alert's change-log entry is sealed in the ledger (by its id and hash): the checks below are not empty.
    assert changes and any(f"[{entry.pk}," in payload for entry in logged for payload in sealed)
    for secret in secrets:
        assert secret not in row, f"{secret} is in the alert's row"
        assert secret not in str(changes), f"{secret} is in the change log"
        assert all(secret not in payload for payload in sealed), f"{secret} is in the ledger"


def test_the_place_is_found_by_name_without_javascript(unmik, watch):
    client = visitor()
    token = token_of(client)
    typed = {"csrfmiddlewaretoken": token, "lang": "sr", "text": "Пуцњава код моста", "category": "shooting",
             "place_query": "Zvecan", "place": "unknown", "reporter_name": "", "reporter_phone": "+38344111222"}
    found = client.post(REPORT, {**typed, "action": "find"})
    page = found.content.decode()
    assert found.status_code == 200 and not Alert.objects.exists()
    assert "Пуцњава код моста" in page and 'value="+38344111222"' in page and 'value="Zvecan"' in page
    assert 'value="shooting" selected' in page
    offered = re.findall(r'name="place" id="place-\d+" value="((?:gazetteer|area):\d+)"( checked)?', page)
    assert offered and offered[0][1] == " checked"  # the best match is chosen, ready to send
    assert "errorlist" not in page  # nothing is wrong with a form half filled in
    sent = client.post(REPORT, {**typed, "action": "send", "place": offered[0][0]})
    assert sent.status_code == 303
    alert = Alert.objects.get()
    assert alert.lon is not None and alert.location_name and alert.place_text == "Zvecan"
    assert alert.category == "shooting" and alert.language == "sr"


def test_a_name_nobody_knows_is_kept_as_written(unmik, watch):
    client = visitor()
    found = client.post(REPORT, {"csrfmiddlewaretoken": token_of(client), "action": "find", "text": "x",
                                 "place_query": "Qwxyzzz", "place": "unknown"})
    assert 'id="no-place"' in found.content.decode()
    assert send(client, text="Roadblock", place_query="Qwxyzzz").status_code == 303
    alert = Alert.objects.get()
    assert alert.place_text == "Qwxyzzz" and alert.lon is None


def test_bad_input_shows_the_form_again_with_everything_typed(unmik, watch):
    response = send(visitor(), text="   ", category="roadblock", place_query="Mitrovica",
                    reporter_name="Vesna", reporter_phone="call me maybe")
    page = response.content.decode()
    assert response.status_code == 400 and not Alert.objects.exists()
    assert "Please say what is happening." in page
    assert "Please give a phone number of digits only" in page
    assert 'value="Mitrovica"' in page and 'value="Vesna"' in page and 'value="call me maybe"' in page
    assert 'value="roadblock" selected' in page
    again = send(visitor(), text="Road closed by trucks", category="roadblock", reporter_phone="abc")
    assert again.status_code == 400 and "Road closed by trucks" in again.content.decode()


def test_a_robot_filling_the_hidden_field_stores_nothing(unmik, watch):
    response = send(visitor(), text="Buy cheap watches", website="http://spam.example")
    assert response.status_code == 400 and not Alert.objects.exists()
    assert "Buy cheap watches" in response.content.decode()
    assert 'name="website" id="id_website" value=""' in response.content.decode()  # a person may send again


def test_one_address_may_send_only_the_missions_share_per_hour(unmik, watch, monkeypatch):
    AlertSettings.objects.update_or_create(mission=unmik, defaults={"public_reports_per_hour": 2})
    phone = visitor("198.51.100.7")
    assert send(phone, text="First report").status_code == 303
    assert send(phone, text="Second report").status_code == 303
    refused = send(phone, text="Third report: houses burning in the upper village")
    assert refused.status_code == 429
    assert "Third report: houses burning in the upper village" in refused.content.decode()
    assert 'id="limited"' in refused.content.decode() and Alert.objects.count() == 2
    assert send(visitor("198.51.100.8"), text="From another phone").status_code == 303
    keys = " ".join(RateWindow.objects.values_list("key", flat=True))
    assert "198.51.100" not in keys  # the address itself is never stored
    later = timezone.now() + dt.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert send(phone, text="Third report: houses burning in the upper village").status_code == 303


def test_the_status_page_says_how_far_a_report_has_come_and_nothing_else(unmik, watch):
    alert = AlertService().receive(unmik, {"text": "Shooting at the school in Zvečan", "channel": "web",
                                           "category": "shooting", "place_text": "Zvečan school",
                                           "lon": 20.84, "lat": 42.91, "location_name": "Zvečan",
                                           "reporter_name": "Milica", "reporter_phone": "+38163555111"})
    AlertService().step(alert, acting_user=watch, status_note="Patrol Bravo sent", priority=88,
                        priority_band="critical")
    client = visitor()
    typed = alert.reference.replace("-", "").lower()
    assert client.get("/report/status/", {"code": typed})["Location"].startswith(
        f"/report/status/{alert.reference}/")
    page = client.get(f"/report/status/{typed}/")
    text = page.content.decode()
    assert page.status_code == 200 and 'id="status">Received<' in text
    for internal in ("Shooting at the school", "Zvečan", "Zvecan", "shooting", "Milica", "555111", "Patrol Bravo",
                     "88", "critical", "20.84", "42.91"):
        assert internal not in text, f"the status page shows {internal!r}"
    alert = AlertService().claim(alert, acting_user=watch)
    assert 'id="status">Being checked<' in client.get(f"/report/status/{typed}/").content.decode()
    AlertService().dismiss(alert, acting_user=watch, why="duplicate")
    closed = client.get(f"/report/status/{typed}/").content.decode()
    assert 'id="status">Closed<' in closed and "duplicate" not in closed and 'id="changed"' in closed


def test_a_misconduct_allegation_shows_only_that_it_is_being_handled(unmik, watch):
    alert = AlertService().receive(unmik, {"text": "A soldier took money at the checkpoint", "channel": "web"})
    AlertService().mark_misconduct(alert, acting_user=watch, reason="allegation against personnel")
    text = visitor().get(f"/report/status/{alert.reference}/").content.decode()
    assert 'id="status">Being handled<' in text and 'id="changed"' not in text
    assert "misconduct" not in text.lower() and "soldier" not in text


def test_an_unknown_code_is_a_clear_404_and_guessing_is_limited(unmik, watch):
    client = visitor("203.0.113.5")
    unknown = client.get("/report/status/ZZZ-ZZZ/")
    assert unknown.status_code == 404 and "No report has the code ZZZ-ZZZ" in unknown.content.decode()
    assert client.get("/report/status/", {"code": "hello"}).status_code == 404
    for _ in range(STATUS_LOOKUPS_PER_HOUR - 1):
        client.get("/report/status/ZZZ-ZZZ/")
    limited = client.get("/report/status/ZZZ-ZZZ/")
    assert limited.status_code == 429 and 'id="limited"' in limited.content.decode()


def test_the_receipt_opens_only_from_the_form(unmik, watch):
    alert = AlertService().receive(unmik, {"text": "Roadblock", "channel": "web"})
    response = visitor().get("/report/sent/", {"r": alert.reference})  # not the signed link
    assert response.status_code == 302 and "/report/status/" in response["Location"]


def test_with_several_missions_the_visitor_chooses_one(unmik, watch):
    world.mission("MINUSCA")
    client = visitor()
    listing = client.get(REPORT).content.decode()
    assert '/report/UNMIK/' in listing and '/report/MINUSCA/' in listing and "<textarea" not in listing
    assert send(client, "/report/UNMIK/", text="Shooting near the bridge").status_code == 303
    assert Alert.objects.get().mission == unmik
    assert client.get("/report/NOPE/").status_code == 404


def test_the_small_maps_boundaries_are_public_outlines(unmik, watch):
    response = visitor().get("/report/UNMIK/areas.geojson")
    body = response.json()
    assert response.status_code == 200 and body["features"]
    assert {f["properties"]["level"] for f in body["features"]} <= {1, 2}


def test_a_signed_in_user_still_owing_a_second_factor_may_report_too(unmik, watch):
    from peaceops.accounts import twofactor

    client = Client()
    client.force_login(watch)
    session = client.session
    session[twofactor.SESSION_KEY] = twofactor.ENROL
    session.save()
    assert client.get("/incidents/").status_code == 302  # the rest of the platform waits for the second factor
    page = client.get(REPORT)
    assert page.status_code == 200 and "<textarea" in page.content.decode()


def test_a_mission_nobody_receives_for_says_so_and_keeps_the_text(db):
    world.mission("LONELY")  # no organisation takes part: nobody would own the alert
    response = send(visitor(), "/report/LONELY/", text="Fire in the forest above the village")
    assert response.status_code == 503 and not Alert.objects.exists()
    page = response.content.decode()
    assert "has NOT been sent" in page and "Fire in the forest above the village" in page
    assert "organisation" not in page  # nothing of the platform's inner workings


def test_switching_the_language_keeps_what_was_typed_and_sends_nothing(unmik, watch):
    client = visitor("198.51.100.20")
    form = client.get(REPORT).content.decode()
    assert 'form="report-form" name="switch_lang" value="sr"' in form  # the switch is the form's buttons
    typed = {"csrfmiddlewaretoken": "stale" * 7, "lang": "en", "text": "Armed men at the bridge, since noon",
             "category": "shooting", "place_query": "Zvecan", "place": "unknown", "reporter_name": "Vesna",
             "reporter_phone": "call me", "website": ""}
    switched = client.post(REPORT, {**typed, "switch_lang": "sr"})
    page = switched.content.decode()
    assert switched.status_code == 200 and switched["Content-Language"] == "sr" and '<html lang="sr">' in page
    assert 'name="lang" value="sr"' in page  # the form goes on in Serbian
    assert "Armed men at the bridge, since noon" in page and 'value="Zvecan"' in page
    assert 'value="Vesna"' in page and 'value="call me"' in page and 'value="shooting" selected' in page
    assert "errorlist" not in page and 'id="form-problem"' not in page  # nothing to correct yet
    assert not Alert.objects.exists() and not RateWindow.objects.exists()  # nothing sent, nothing counted
