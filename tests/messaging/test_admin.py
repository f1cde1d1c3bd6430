"""The messaging admin as mission administrators use it: gateways with secrets that are typed and never shown
again (nor written to the change log), phone numbers masked for whoever lacks the permission (a grant in the
role table, not a role name), and nothing of another mission within reach."""

import pytest

from peaceops.core.models import ChangeLogEntry, RolePermission
from peaceops.messaging import outbox
from peaceops.messaging.choices import Channel, GatewayKind, OutboundStatus, TemplateKey
from peaceops.messaging.models import Gateway, InboundMessage, MessageTemplate, OutboundMessage
from peaceops.messaging.privacy import mask_number
from peaceops.testing import world

pytestmark = pytest.mark.django_db
NUMBER = "+38344123456"
TYPED_SECRET = "typed-secret-9f8e7d6c5b"


def gateway_form(mission, **changes):
    data = {"mission": mission.pk, "name": "TextIt Kosovo", "kind": GatewayKind.RAPIDPRO, "sender": "+38344000000",
            "base_url": "https://textit.example", "account": "", "secret": TYPED_SECRET, "api_token": "tok-123456789",
            "max_per_minute": 600, "active": "on"}
    data.update(changes)
    return data


@pytest.fixture
def minusca():
    """MINUSCA with its own gateway, template and messages, and its administrator."""
    other = world.mission("MINUSCA")
    gateway = Gateway.objects.create(mission=other, name="MINUSCA Twilio", kind=GatewayKind.TWILIO,
                                     secret="minusca-secret-123", account="AC9", base_url="https://api.example")
    template = MessageTemplate.objects.create(mission=other, key=TemplateKey.CLOSED, language="en", body="Closed.")
    message = outbox.queue_message(mission=other, channel=Channel.SMS, recipient="+23670000001", body="Bangui",
                                   gateway=gateway)
    return {"mission": other, "gateway": gateway, "template": template, "message": message,
            "admin": world.person("minusca-admin")}


# -- gateways and their secrets ----------------------------------------------------------------------------------

def test_an_administrator_sets_up_a_gateway_and_its_secret_is_never_shown_again(client_as, people, mission):
    client = client_as(people["admin"])
    assert client.post("/admin/messaging/gateway/add/", gateway_form(mission)).status_code == 302
    gateway = Gateway.objects.get(name="TextIt Kosovo")
    assert (gateway.secret, gateway.api_token) == (TYPED_SECRET, "tok-123456789")
    for page in ("/admin/messaging/gateway/", f"/admin/messaging/gateway/{gateway.pk}/change/"):
        html = client.get(page).content.decode()
        assert TYPED_SECRET not in html and "tok-123456789" not in html
    html = client.get(f"/admin/messaging/gateway/{gateway.pk}/change/").content.decode()
    assert f"/hooks/sms/{gateway.uuid}/" in html  # the webhook URL to give the gateway
    entry = ChangeLogEntry.objects.filter(object_type="messaging.gateway").latest("id")
    assert TYPED_SECRET not in str(entry.after) and entry.after["secret"] == "(set)"


def test_saving_a_gateway_without_typing_its_secret_keeps_it(client_as, people, mission):
    client = client_as(people["admin"])
    client.post("/admin/messaging/gateway/add/", gateway_form(mission))
    gateway = Gateway.objects.get(name="TextIt Kosovo")
    response = client.post(f"/admin/messaging/gateway/{gateway.pk}/change/",
                           gateway_form(mission, secret="", api_token="", sender="+38344999999"))
    assert response.status_code == 302
    gateway.refresh_from_db()
    assert (gateway.sender, gateway.secret, gateway.api_token) == ("+38344999999", TYPED_SECRET, "tok-123456789")
    client.post(f"/admin/messaging/gateway/{gateway.pk}/change/", gateway_form(mission, secret="rotated-secret-1"))
    gateway.refresh_from_db()
    assert gateway.secret == "rotated-secret-1"


def test_an_http_gateway_needs_a_secret(client_as, people, mission):
    response = client_as(people["admin"]).post("/admin/messaging/gateway/add/", gateway_form(mission, secret=""))
    assert response.status_code == 200 and not Gateway.objects.exists()


# -- another mission's gateways, templates and messages are out of reach -----------------------------------------

def test_another_missions_gateway_is_neither_listed_nor_opened_nor_changed(client_as, people, minusca):
    from peaceops.ledger.models import LedgerEntry

    client = client_as(people["admin"])
    gateway = minusca["gateway"]
    assert "MINUSCA Twilio" not in client.get("/admin/messaging/gateway/").content.decode()
    assert client.get(f"/admin/messaging/gateway/{gateway.pk}/change/").status_code == 302  # "does not exist"
    assert client.post(f"/admin/messaging/gateway/{gateway.pk}/change/",
                       gateway_form(minusca["mission"], secret="taken-over-1234")).status_code == 403
    assert client.post(f"/admin/messaging/gateway/{gateway.pk}/delete/", {"post": "yes"}).status_code == 403
    gateway.refresh_from_db()
    assert gateway.secret == "minusca-secret-123"
    refusals = LedgerEntry.objects.filter(kind="refusal", actor="admin")
    assert refusals.count() == 2 and "minusca-secret" not in str(list(refusals.values_list("payload", flat=True)))


def test_a_gateway_cannot_be_added_to_another_mission(client_as, people, minusca):
    response = client_as(people["admin"]).post("/admin/messaging/gateway/add/", gateway_form(minusca["mission"]))
    assert response.status_code == 200  # the form refuses the mission it does not offer
    assert not Gateway.objects.filter(name="TextIt Kosovo").exists()


def test_another_missions_templates_and_messages_are_out_of_reach(client_as, people, minusca, mission):
    client = client_as(people["admin"])
    assert "Closed." not in client.get("/admin/messaging/messagetemplate/").content.decode()
    assert client.post(f"/admin/messaging/messagetemplate/{minusca['template'].pk}/change/",
                       {"mission": mission.pk, "key": TemplateKey.CLOSED, "language": "en",
                        "body": "Moved."}).status_code == 403
    minusca["template"].refresh_from_db()
    assert minusca["template"].body == "Closed." and minusca["template"].mission == minusca["mission"]
    listing = client.get("/admin/messaging/outboundmessage/").content.decode()
    assert "Bangui" not in listing and mask_number("+23670000001") not in listing
    assert client.get(f"/admin/messaging/outboundmessage/{minusca['message'].pk}/change/").status_code == 302


def test_members_who_do_not_administer_a_mission_have_no_messaging_admin(client_as, people):
    for who in ("watch", "reporter"):
        response = client_as(people[who]).get("/admin/messaging/gateway/", follow=True)
        assert response.status_code == 403, who


# -- phone numbers -----------------------------------------------------------------------------------------------

@pytest.fixture
def traffic(mission, gateways):
    inbound = InboundMessage.objects.create(gateway=gateways[GatewayKind.JSON], mission=mission,
                                            gateway_message_id="m-1", sender=NUMBER, text="Shots near the bridge",
                                            received_at="2026-12-06T10:00:00Z", raw={"from": NUMBER})
    message = outbox.queue_message(mission=mission, channel=Channel.SMS, recipient=NUMBER, body="Received.",
                                   gateway=gateways[GatewayKind.FILE])
    return {"inbound": inbound, "outbound": message}


def pages(traffic):
    return ["/admin/messaging/inboundmessage/", f"/admin/messaging/inboundmessage/{traffic['inbound'].pk}/change/",
            "/admin/messaging/outboundmessage/", f"/admin/messaging/outboundmessage/{traffic['outbound'].pk}/change/"]


def test_a_holder_of_the_permission_sees_the_numbers(client_as, people, traffic):
    client = client_as(people["admin"])  # mission administrators hold messaging.view_phone_numbers by default
    for page in pages(traffic):
        assert NUMBER in client.get(page).content.decode(), page


def test_without_the_permission_numbers_are_masked_everywhere_in_the_admin(client_as, people, traffic):
    RolePermission.objects.filter(role="mission_admin", permission="messaging.view_phone_numbers").delete()
    client = client_as(people["admin"])
    for page in pages(traffic):
        html = client.get(page).content.decode()
        assert NUMBER not in html and "38344123456" not in html, page
        assert mask_number(NUMBER) in html, page
    assert client.get("/admin/messaging/inboundmessage/", {"q": NUMBER}).status_code == 200  # no search by number


def test_masking_keeps_only_the_ends():
    assert mask_number("+38344123456") == "+383••••••56"
    assert mask_number("12345") == "•••••"


# -- sending again -----------------------------------------------------------------------------------------------

def test_an_administrator_sends_an_uncertain_message_again(client_as, people, traffic):
    message = traffic["outbound"]
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundStatus.UNCERTAIN)
    response = client_as(people["admin"]).post("/admin/messaging/outboundmessage/", {
        "action": "send_again", "_selected_action": [message.pk]})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboundStatus.QUEUED and message.last_error == "sent again by admin"
    entry = ChangeLogEntry.objects.filter(object_type="messaging.outboundmessage").latest("id")
    assert entry.after == {"status": "queued"} and NUMBER not in entry.object_repr
