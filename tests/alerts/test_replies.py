"""Word back to the reporter: who gets a receipt, in which language and with which link; the watch asks the
reporter for more from the alert's page and the answer by SMS is added to the alert; the built-in wording in
four languages, one SMS each, for every new mission."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from peaceops.alerts.choices import AlertStatus
from peaceops.alerts.intake import read_pending
from peaceops.alerts.models import Alert, AlertSettings, ReporterMessage
from peaceops.alerts.replies import ask_more
from peaceops.alerts.services import AlertService
from peaceops.core.choices import Role
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import ChangeLogEntry
from peaceops.core.services import PermissionDenied, create_mission
from peaceops.messaging.choices import GatewayKind, TemplateKey
from peaceops.messaging.models import Gateway, MessageTemplate, OutboundMessage
from peaceops.messaging.texts import DEFAULT_WORDING, fill, sms_segments
from peaceops.messaging.wording import install_defaults
from peaceops.notices.models import Notification
from peaceops.testing import world
from tests.messaging.conftest import SECRET, post_json

pytestmark = pytest.mark.django_db
VILLAGER = "+38344123456"


@pytest.fixture
def kosovo(mission, people):
    """UNMIK (its alerts owned by UNMIK) with the built-in wording and a plain JSON gateway (its payload says
    when a message was sent)."""
    AlertSettings.objects.update_or_create(mission=mission, defaults={"owner": world.organisation("UNMIK")})
    install_defaults(mission)
    gateway = Gateway.objects.create(mission=mission, name="Gateway", kind=GatewayKind.JSON, secret=SECRET,
                                     base_url="http://127.0.0.1:9/send", sender="+38344000000")
    return {"mission": mission, "gateway": gateway, **people}


def sms(client, gateway, id, text, when, sender=VILLAGER):
    payload = {"id": id, "from": sender, "text": text, "received_at": when.isoformat()}
    response = post_json(client, gateway, payload)
    assert response.status_code == 200, response.content
    return response


def messages_to_reporter(alert) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(related_type="alerts.alert", related_id=str(alert.pk))
                .order_by("created_at", "pk"))


def web_alert(mission, **data) -> Alert:
    return AlertService().receive(mission, {"text": "Shooting near the school in Zvečan", "channel": "web", **data})


# -- who hears back ----------------------------------------------------------------------------------------------

def test_a_web_reporter_who_left_a_number_gets_the_receipt_in_their_language(kosovo):
    alert = web_alert(kosovo["mission"], reporter_phone="044 123 456", language="sr")
    read_pending()
    [receipt] = messages_to_reporter(alert)
    assert receipt.recipient == "044123456" and receipt.language == "sr"
    assert receipt.body == DEFAULT_WORDING["sr"]["receipt"].format(reference=alert.reference)
    assert ReporterMessage.objects.get(alert=alert).key == TemplateKey.RECEIPT


@pytest.mark.parametrize("data", [{"anonymous": True, "reporter_phone": VILLAGER}, {"reporter_phone": ""},
                                  {"channel": "api", "reporter_phone": VILLAGER}],
                         ids=["anonymous", "no-number", "partner-system"])
def test_nobody_is_written_to_without_a_number_anonymously_or_for_a_partner_system(kosovo, data):
    alert = web_alert(kosovo["mission"], **data)
    read_pending()
    AlertService().verify(alert, acting_user=kosovo["watch"])
    assert messages_to_reporter(alert) == []
    with pytest.raises(FieldError) as refused:
        ask_more(alert, acting_user=kosovo["watch"], question="Where exactly?")
    assert refused.value.field == "question"


def test_a_mission_without_a_gateway_still_reads_and_triages_its_alerts(mission, people):
    alert = web_alert(mission, reporter_phone=VILLAGER)
    assert read_pending() == 1
    verified = AlertService().verify(Alert.objects.get(pk=alert.pk), acting_user=people["watch"])
    assert verified.status == AlertStatus.VERIFIED and messages_to_reporter(alert) == []


def test_the_receipt_can_link_the_public_status_page(kosovo, settings):
    settings.PEACEOPS_PUBLIC_URL = "https://ops.example.org/"
    MessageTemplate.objects.filter(mission=kosovo["mission"], key="receipt", language="en").update(
        body="{mission}: alert {reference} received. Status: {status_url}")
    alert = web_alert(kosovo["mission"], reporter_phone=VILLAGER)
    read_pending()
    [receipt] = messages_to_reporter(alert)
    assert receipt.body == (f"UNMIK: alert {alert.reference} received. "
                            f"Status: https://ops.example.org/report/status/{alert.reference}/")


def test_a_verified_alert_not_read_yet_gets_its_receipt_first(kosovo):
    alert = web_alert(kosovo["mission"], reporter_phone=VILLAGER, language="sr-latn")
    AlertService().verify(alert, acting_user=kosovo["watch"])
    read_pending()
    bodies = [m.body for m in messages_to_reporter(alert)]
    assert bodies == [fill(DEFAULT_WORDING["sr-latn"][key], {"reference": alert.reference})
                      for key in ("receipt", "verified")]


# -- asking for more -----------------------------------------------------------------------------------------------

def test_the_watch_asks_from_the_alerts_page_and_the_answer_joins_the_alert(kosovo, client_as):
    client = Client()
    start = timezone.now()
    sms(client, kosovo["gateway"], "m-1", "Pushkatim afër shkollës", start)
    read_pending()
    alert = Alert.objects.get()
    watch = client_as(kosovo["watch"])
    response = watch.post(f"/alerts/{alert.pk}/ask/", {"question": "Në cilin fshat?"})
    assert response.status_code == 302 and response["Location"] == f"/alerts/{alert.pk}/"
    question = messages_to_reporter(alert)[-1]
    assert question.body == DEFAULT_WORDING["sq"]["ask_more"].format(reference=alert.reference,
                                                                      question="Në cilin fshat?")
    alert.refresh_from_db()
    assert "asked the reporter: Në cilin fshat?" in alert.status_note
    entry = ChangeLogEntry.objects.filter(object_id=str(alert.pk)).latest("id")
    assert entry.reason == "asked the reporter: Në cilin fshat?" and entry.actor_name == kosovo["watch"].username

    sms(client, kosovo["gateway"], "m-2", "Në Zhitkoc, te ura", start + dt.timedelta(hours=2))
    assert Alert.objects.count() == 1
    alert.refresh_from_db()
    stamp = (start + dt.timedelta(hours=2)).astimezone(dt.UTC)
    assert alert.text == f"Pushkatim afër shkollës\n\n[{stamp:%Y-%m-%d %H:%M} UTC] Në Zhitkoc, te ura"
    assert ChangeLogEntry.objects.filter(object_id=str(alert.pk), reason="follow-up from the reporter").exists()
    assert Notification.objects.filter(user=kosovo["watch"], related_id=str(alert.pk)).exists()

    # The answer's second part, half an hour later, joins it too.
    sms(client, kosovo["gateway"], "m-3", "dy burra me armë", start + dt.timedelta(hours=2, minutes=30))
    alert.refresh_from_db()
    assert Alert.objects.count() == 1 and alert.text.endswith("] dy burra me armë")

    # From another number, hours after the answer (the focal point's next report), or eight days after the
    # question: new alerts.
    sms(client, kosovo["gateway"], "m-4", "Zjarr në Vushtrri", start + dt.timedelta(hours=3),
        sender="+38344999999")
    sms(client, kosovo["gateway"], "m-5", "Zjarr në Vushtrri", start + dt.timedelta(hours=6))
    sms(client, kosovo["gateway"], "m-6", "Zjarr në Vushtrri", start + dt.timedelta(days=8))
    assert Alert.objects.count() == 4 and "Vushtrri" not in Alert.objects.get(pk=alert.pk).text


def test_an_answer_after_the_alert_is_closed_is_a_new_alert(kosovo):
    client, start = Client(), timezone.now()
    sms(client, kosovo["gateway"], "m-1", "Roadblock on the Ibar bridge", start)
    alert = Alert.objects.get()
    ask_more(alert, acting_user=kosovo["watch"], question="Which side of the bridge?")
    AlertService().close(Alert.objects.get(pk=alert.pk), acting_user=kosovo["watch"])
    sms(client, kosovo["gateway"], "m-2", "North side", start + dt.timedelta(hours=1))
    assert Alert.objects.count() == 2 and Alert.objects.get(pk=alert.pk).text == "Roadblock on the Ibar bridge"


def test_only_who_may_triage_asks(kosovo, client_as):
    alert = web_alert(kosovo["mission"], reporter_phone=VILLAGER)
    analyst = world.member(kosovo["mission"], world.organisation("UNMIK"), Role.ANALYST, username="unmik-analyst")
    with pytest.raises(PermissionDenied):
        ask_more(alert, acting_user=analyst, question="Where exactly?")
    assert client_as(analyst).post(f"/alerts/{alert.pk}/ask/", {"question": "Where?"}).status_code == 403  # sees it
    assert client_as(kosovo["viewer"]).post(f"/alerts/{alert.pk}/ask/", {"question": "Where?"}).status_code == 404
    assert Client().post(f"/alerts/{alert.pk}/ask/", {"question": "Where?"}).status_code == 302  # to sign in
    assert not ReporterMessage.objects.filter(key="ask_more").exists()


def test_an_empty_question_is_not_sent_and_the_page_says_why(kosovo, client_as):
    alert = web_alert(kosovo["mission"], reporter_phone=VILLAGER)
    client = client_as(kosovo["watch"])
    response = client.post(f"/alerts/{alert.pk}/ask/", {"question": "   "}, follow=False)
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown and "not sent" in shown[0]
    assert not ReporterMessage.objects.filter(key="ask_more").exists()
    assert client.get(f"/alerts/{alert.pk}/ask/").status_code == 405  # POST only


def test_the_ask_panel_shows_only_to_who_may_triage(kosovo):
    alert = web_alert(kosovo["mission"], reporter_phone=VILLAGER)
    ask_more(alert, acting_user=kosovo["watch"], question="How many people?")
    alert.refresh_from_db()

    def panel(user, name="record"):
        request = RequestFactory().get(f"/alerts/{alert.pk}/")
        request.user = user
        return render_to_string("alerts/_ask_more.html", {name: alert}, request=request)

    shown = panel(kosovo["watch"])
    assert 'id="ask-more-form"' in shown and f'action="/alerts/{alert.pk}/ask/"' in shown
    assert "How many people?" in shown and "csrfmiddlewaretoken" in shown and "writes in English" in shown
    assert 'id="ask-more-form"' in panel(kosovo["watch"], name="alert")  # the page may name it either way
    analyst = world.member(kosovo["mission"], world.organisation("UNMIK"), Role.ANALYST, username="unmik-analyst")
    assert panel(analyst).strip() == "" and panel(kosovo["viewer"]).strip() == ""


# -- the wording -----------------------------------------------------------------------------------------------------

def test_every_built_in_message_is_one_sms_in_each_language():
    for language, wording in DEFAULT_WORDING.items():
        assert set(wording) == set(TemplateKey.values), language
        for key, body in wording.items():
            text = fill(body, {"reference": "K7Q-42X", "question": ""})
            assert sms_segments(text)[1] == 1, (language, key, text)
    assert sms_segments(fill(DEFAULT_WORDING["sr"]["receipt"], {"reference": "K7Q-42X"}))[0] == "ucs2"


def test_a_new_mission_gets_the_wording_in_four_languages(people):
    new = create_mission(code="UNMIT", name="Timor-Leste", acting_user=world.person("admin"))
    rows = set(MessageTemplate.objects.filter(mission=new).values_list("language", "key"))
    assert rows == {(language, key) for language in ("en", "sq", "sr-latn", "sr") for key in TemplateKey.values}
    assert install_defaults(new) == 0
