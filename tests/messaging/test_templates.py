"""Message templates: a mission administrator words each message per language in the admin; an unknown
placeholder is refused whoever saves it; a recipient gets their language, else English."""

import pytest
from django.core.exceptions import ValidationError

from peaceops.core.models import ChangeLogEntry
from peaceops.messaging import outbox
from peaceops.messaging.choices import Channel, TemplateKey
from peaceops.messaging.models import MessageTemplate
from peaceops.messaging.texts import DEFAULT_WORDING, DEFAULTS, placeholder_errors
from peaceops.messaging.wording import install_defaults, render

pytestmark = pytest.mark.django_db
ADD = "/admin/messaging/messagetemplate/add/"


def form(mission, body, key=TemplateKey.RECEIPT, language="sq"):
    return {"mission": mission.pk, "key": key, "language": language, "body": body}


def test_an_administrator_words_a_message_in_albanian(client_as, people, mission):
    client = client_as(people["admin"])
    response = client.post(ADD, form(mission, "Faleminderit. Sinjalizimi juaj u pranua, referenca {reference}."))
    assert response.status_code == 302
    template = MessageTemplate.objects.get(mission=mission, key=TemplateKey.RECEIPT, language="sq")
    entry = ChangeLogEntry.objects.filter(object_type="messaging.messagetemplate").latest("id")
    assert entry.actor_name == "admin" and entry.after["body"] == template.body


def test_an_unknown_placeholder_is_refused_in_the_admin(client_as, people, mission):
    response = client_as(people["admin"]).post(ADD, form(mission, "Your alert {refrence} was received."))
    assert response.status_code == 200
    assert "Unknown placeholder {refrence}" in response.content.decode()
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize("body", ["{reference.__class__}", "{0}", "{}", "{reference!r}", "{status:>10}",
                                  "Alert {reference", "Alert reference}"])
def test_placeholders_that_reach_further_than_a_name_are_refused_on_save(mission, body):
    assert placeholder_errors(body)
    with pytest.raises(ValidationError):
        MessageTemplate.objects.create(mission=mission, key=TemplateKey.CLOSED, language="en", body=body)
    assert not MessageTemplate.objects.exists()


def test_braces_written_twice_are_plain_text(mission):
    MessageTemplate.objects.create(mission=mission, key=TemplateKey.CLOSED, language="en",
                                   body="{{closed}} {reference}")
    assert render(mission, TemplateKey.CLOSED, "en", {"reference": "K7Q-42"}) == ("{closed} K7Q-42", "en")


def test_a_recipient_gets_their_language_else_english_else_the_default(mission):
    MessageTemplate.objects.create(mission=mission, key=TemplateKey.VERIFIED, language="sr",
                                   body="Ваша дојава {reference} је проверена.")
    MessageTemplate.objects.create(mission=mission, key=TemplateKey.VERIFIED, language="sr-latn",
                                   body="Vaša dojava {reference} je proverena.")
    MessageTemplate.objects.create(mission=mission, key=TemplateKey.VERIFIED, language="en",
                                   body="Alert {reference}: verified.")
    values = {"reference": "K7Q-42"}
    assert render(mission, TemplateKey.VERIFIED, "sr", values) == ("Ваша дојава K7Q-42 је проверена.", "sr")
    assert render(mission, TemplateKey.VERIFIED, "sr_Latn", values) == ("Vaša dojava K7Q-42 je proverena.",
                                                                        "sr-latn")
    assert render(mission, TemplateKey.VERIFIED, "sq", values) == ("Alert K7Q-42: verified.", "en")
    # A message the mission words in no language: the built-in wording in the recipient's language.
    assert render(mission, TemplateKey.ASK_MORE, "sq", {"reference": "K7Q-42", "question": "Ku saktësisht?"}) == (
        DEFAULT_WORDING["sq"][TemplateKey.ASK_MORE].format(reference="K7Q-42", question="Ku saktësisht?"), "sq")
    assert render(mission, TemplateKey.ASK_MORE, "fr", {"reference": "K7Q-42", "question": "Where?"}) == (
        DEFAULTS[TemplateKey.ASK_MORE].format(reference="K7Q-42", question="Where?"), "en")


def test_another_missions_wording_is_never_used(mission):
    from peaceops.testing.world import mission as world_mission

    MessageTemplate.objects.create(mission=world_mission("MINUSCA"), key=TemplateKey.CLOSED, language="en",
                                   body="MINUSCA closed {reference}")
    text, _language = render(mission, TemplateKey.CLOSED, "en", {"reference": "K7Q-42"})
    assert "MINUSCA" not in text


def test_a_templated_message_is_queued_in_the_recipients_language(mission, gateways):
    MessageTemplate.objects.create(mission=mission, key=TemplateKey.RECEIPT, language="sq",
                                   body="U pranua, referenca {reference}.")
    message = outbox.queue_template(mission=mission, key=TemplateKey.RECEIPT, recipient="+38344123456",
                                    language="sq", values={"reference": "K7Q-42"},
                                    channel=Channel.SMS)
    assert (message.body, message.language) == ("U pranua, referenca K7Q-42.", "sq")
    assert message.gateway == outbox.active_gateway(mission)


def test_the_defaults_are_installed_once_in_four_languages_keeping_the_administrators_wording(mission):
    MessageTemplate.objects.create(mission=mission, key=TemplateKey.CLOSED, language="sq", body="Mbyllur {reference}")
    assert install_defaults(mission) == len(TemplateKey.values) * 4 - 1
    assert install_defaults(mission) == 0
    assert set(MessageTemplate.objects.filter(mission=mission).values_list("key", flat=True)) == set(
        TemplateKey.values)
    assert MessageTemplate.objects.get(mission=mission, key=TemplateKey.CLOSED, language="sq").body == \
        "Mbyllur {reference}"
