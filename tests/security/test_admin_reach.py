"""Administrator reach across missions and organisations: every way an UNMIK administrator could reach past
their mission, tried from outside (admin site pages, the People and roles page, the CLI) against MINUSCA,
against a partner organisation taking part in UNMIK (KFOR), against shared organisations (UNHCR takes part in
both missions, OCHA in MINUSCA only) and against accounts that are not theirs to take over (the loader service
account, a superuser). Each is refused, changes nothing, and leaves a refusal entry in the ledger naming the
administrator.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from peaceops.core.choices import OrganisationType, Role
from peaceops.core.models import Membership, Organisation
from peaceops.core.services import create_user, grant_role
from peaceops.incidents.models import Incident
from peaceops.ledger.choices import LedgerKind
from peaceops.ledger.models import LedgerEntry
from peaceops.messaging.choices import GatewayKind
from peaceops.messaging.models import Gateway, MessageTemplate
from tests.factories import MissionFactory, OrganisationFactory, UserFactory, incident_data, member

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Tangerine-Harbour-Lantern-42"


@pytest.fixture
def reach(db):
    """UNMIK (UNMIK, KFOR, UNHCR) and MINUSCA (MINUSCA, OCHA, UNHCR), their people, a KFOR-only incident,
    the loader service account administering both missions, and a superuser."""
    from peaceops.incidents.services import create_incident

    unmik, minusca = MissionFactory(code="UNMIK"), MissionFactory(code="MINUSCA")
    org = {code: OrganisationFactory(code=code, type=kind) for code, kind in [
        ("UNMIK", OrganisationType.UN_COMPONENT), ("KFOR", OrganisationType.MILITARY_PARTNER),
        ("MINUSCA", OrganisationType.UN_COMPONENT), ("OCHA", OrganisationType.UN_AGENCY),
        ("UNHCR", OrganisationType.UN_AGENCY)]}
    people = {
        "admin": member(unmik, org["UNMIK"], Role.MISSION_ADMIN, username="unmik-admin"),
        "kfor": member(unmik, org["KFOR"], Role.REPORTER, username="kfor-reporter"),
        "minusca": member(minusca, org["MINUSCA"], Role.VIEWER, username="minusca-viewer"),
        "ocha": member(minusca, org["OCHA"], Role.VIEWER, username="ocha-viewer"),
        "unhcr": member(unmik, org["UNHCR"], Role.VIEWER, username="unhcr-viewer"),
        "root": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    grant_role(user=people["unhcr"], mission=minusca, organisation=org["UNHCR"], role=Role.VIEWER)
    loader = create_user(username="demo-loader", password=None)
    for mission, owner in ((unmik, org["UNMIK"]), (minusca, org["MINUSCA"])):
        grant_role(user=loader, mission=mission, organisation=owner, role=Role.MISSION_ADMIN)
    people["loader"] = loader
    kfor_only = create_incident(acting_user=people["kfor"], mission=unmik, owner=org["KFOR"],
                                data=incident_data(title="KFOR patrol report", classification="CONFIDENTIAL"))
    gateway = Gateway.objects.create(mission=minusca, name="MINUSCA SMS", kind=GatewayKind.TWILIO,
                                     secret="minusca-auth-token", account="AC1", base_url="https://api.example")
    template = MessageTemplate.objects.create(mission=minusca, key="closed", language="en", body="Closed.")
    return {"missions": {"UNMIK": unmik, "MINUSCA": minusca}, "org": org, "people": people,
            "kfor_only": kfor_only, "gateway": gateway, "template": template}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def refusals(username: str) -> list[dict]:
    import json

    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(kind=LedgerKind.REFUSAL, actor=username)]


def _user(world, who):
    return get_user_model().objects.get(pk=world["people"][who].pk)


def _membership(world, who) -> Membership:
    return Membership.objects.filter(user=world["people"][who]).order_by("pk").first()


# --- the attempts ---------------------------------------------------------------------------------------------

def people_grant(mission: str, organisation: str, who="admin", role=Role.VIEWER):
    def attempt(world, client):
        return client.post(f"/missions/{mission}/people/", {
            "username": world["people"][who].username, "organisation": organisation, "role": role,
            "reason": "reach test"})
    return attempt


def people_revoke(mission: str, who: str):
    def attempt(world, client):
        return client.post(f"/missions/{mission}/people/{_membership(world, who).pk}/revoke/",
                           {"reason": "reach test"})
    return attempt


def admin_add_membership(mission: str, organisation: str, who="admin", role=Role.VIEWER):
    def attempt(world, client):
        return client.post("/admin/core/membership/add/", {
            "user": world["people"][who].pk, "mission": world["missions"][mission].pk,
            "organisation": world["org"][organisation].pk, "role": role, "ends_at_0": "", "ends_at_1": "",
            "reason": "reach test"})
    return attempt


def admin_delete_membership(who: str):
    def attempt(world, client):
        return client.post(f"/admin/core/membership/{_membership(world, who).pk}/delete/",
                           {"post": "yes", "reason": "reach test"})
    return attempt


def admin_edit_membership(who: str, role=Role.MISSION_ADMIN):
    def attempt(world, client):
        m = _membership(world, who)
        return client.post(f"/admin/core/membership/{m.pk}/change/", {
            "user": m.user_id, "mission": m.mission_id, "organisation": m.organisation_id, "role": role,
            "ends_at_0": "", "ends_at_1": ""})
    return attempt


def admin_change_organisation(code: str, name=None, type=None):
    def attempt(world, client):
        org = world["org"][code]
        return client.post(f"/admin/core/organisation/{org.pk}/change/", {
            "code": org.code, "name": name or org.name, "type": type or org.type})
    return attempt


def admin_set_password(who: str):
    def attempt(world, client):
        return client.post(f"/admin/auth/user/{world['people'][who].pk}/password/", {
            "usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    return attempt


def admin_change_account(who: str):
    def attempt(world, client):
        account = world["people"][who]
        return client.post(f"/admin/auth/user/{account.pk}/change/", {
            "username": account.username, "first_name": "Taken", "last_name": "Over",
            "email": "attacker@example.org", "is_active": "on"})
    return attempt


def admin_change_gateway(field: str, value: str):
    def attempt(world, client):
        gateway = world["gateway"]
        data = {"mission": gateway.mission_id, "name": gateway.name, "kind": gateway.kind, "sender": "",
                "base_url": gateway.base_url, "account": gateway.account, "secret": "", "api_token": "",
                "max_per_minute": 600, "active": "on"}
        return client.post(f"/admin/messaging/gateway/{gateway.pk}/change/", {**data, field: value})
    return attempt


def admin_delete(kind: str):
    def attempt(world, client):
        return client.post(f"/admin/messaging/{kind}/{world[kind if kind == 'gateway' else 'template'].pk}/delete/",
                           {"post": "yes"})
    return attempt


def admin_change_template(body: str):
    def attempt(world, client):
        template = world["template"]
        return client.post(f"/admin/messaging/messagetemplate/{template.pk}/change/", {
            "mission": template.mission_id, "key": template.key, "language": template.language, "body": body})
    return attempt


def cli_grant(mission: str, organisation: str):
    def attempt(world, client):
        try:
            call_command("grant_role", "unmik-admin", "viewer", "--mission", mission, "--organisation",
                         organisation, "--by", "unmik-admin", "--reason", "reach test", stdout=io.StringIO())
        except CommandError as error:
            return error
        return None
    return attempt


# --- what must not have happened ------------------------------------------------------------------------------

def holds(who: str, mission: str, organisation: str):
    def unchanged(world) -> bool:
        return not Membership.objects.filter(user=world["people"][who], mission__code=mission,
                                             organisation__code=organisation, role=Role.VIEWER).exists()
    return unchanged


def still_member(who: str):
    def unchanged(world) -> bool:
        return Membership.objects.filter(user=world["people"][who]).count() >= 1 and all(
            m.role != Role.MISSION_ADMIN for m in Membership.objects.filter(user=world["people"][who]))
    return unchanged


def kept_role(who: str):
    def unchanged(world) -> bool:
        return Membership.objects.filter(user=world["people"][who]).exists()
    return unchanged


def organisation_kept(code: str):
    def unchanged(world) -> bool:
        org = Organisation.objects.get(pk=world["org"][code].pk)
        return (org.name, org.type) == (world["org"][code].name, world["org"][code].type)
    return unchanged


def gateway_kept(world) -> bool:
    stored = Gateway.objects.filter(pk=world["gateway"].pk).first()
    return stored is not None and (stored.secret, stored.base_url) == ("minusca-auth-token", "https://api.example")


def template_kept(world) -> bool:
    return MessageTemplate.objects.filter(pk=world["template"].pk, body="Closed.").exists()


def password_kept(who: str):
    def unchanged(world) -> bool:
        return not _user(world, who).check_password(NEW_PASSWORD)
    return unchanged


def account_kept(who: str):
    def unchanged(world) -> bool:
        return _user(world, who).email != "attacker@example.org"
    return unchanged


@dataclass(frozen=True)
class Reach:
    """One attempt by UNMIK's administrator past their reach, and the check that nothing changed."""

    attempt: Callable
    unchanged: Callable


REACHES = {
    # Against MINUSCA (another mission).
    "minusca/people-page-grant-self": Reach(people_grant("MINUSCA", "MINUSCA"), holds("admin", "MINUSCA", "MINUSCA")),
    "minusca/people-page-revoke": Reach(people_revoke("MINUSCA", "minusca"), kept_role("minusca")),
    "minusca/admin-add-membership": Reach(admin_add_membership("MINUSCA", "MINUSCA"),
                                          holds("admin", "MINUSCA", "MINUSCA")),
    "minusca/admin-delete-membership": Reach(admin_delete_membership("minusca"), kept_role("minusca")),
    "minusca/admin-rename-organisation": Reach(admin_change_organisation("MINUSCA", name="Renamed by UNMIK"),
                                               organisation_kept("MINUSCA")),
    "minusca/admin-set-member-password": Reach(admin_set_password("minusca"), password_kept("minusca")),
    "minusca/admin-change-member-account": Reach(admin_change_account("minusca"), account_kept("minusca")),
    "minusca/admin-repoint-sms-gateway": Reach(admin_change_gateway("base_url", "https://attacker.example"),
                                               gateway_kept),
    "minusca/admin-rotate-sms-gateway-secret": Reach(admin_change_gateway("secret", "known-to-unmik"), gateway_kept),
    "minusca/admin-delete-sms-gateway": Reach(admin_delete("gateway"), gateway_kept),
    "minusca/admin-reword-message-template": Reach(admin_change_template("Send your PIN to +1555"), template_kept),
    "minusca/admin-delete-message-template": Reach(admin_delete("messagetemplate"), template_kept),
    "minusca/cli-grant-self": Reach(cli_grant("MINUSCA", "MINUSCA"), holds("admin", "MINUSCA", "MINUSCA")),
    # Against a partner organisation taking part in UNMIK (KFOR administers its own participation).
    "partner/people-page-grant-self": Reach(people_grant("UNMIK", "KFOR"), holds("admin", "UNMIK", "KFOR")),
    "partner/people-page-revoke": Reach(people_revoke("UNMIK", "kfor"), kept_role("kfor")),
    "partner/admin-add-membership-self": Reach(admin_add_membership("UNMIK", "KFOR"), holds("admin", "UNMIK", "KFOR")),
    "partner/admin-delete-membership": Reach(admin_delete_membership("kfor"), kept_role("kfor")),
    "partner/admin-rename-organisation": Reach(admin_change_organisation("KFOR", name="Renamed by UNMIK"),
                                               organisation_kept("KFOR")),
    "partner/admin-set-member-password": Reach(admin_set_password("kfor"), password_kept("kfor")),
    "partner/cli-grant-self": Reach(cli_grant("UNMIK", "KFOR"), holds("admin", "UNMIK", "KFOR")),
    # Against shared organisations and their members.
    "shared/admin-retype-ocha": Reach(admin_change_organisation("OCHA", type=OrganisationType.UN_COMPONENT),
                                      organisation_kept("OCHA")),
    "shared/admin-rename-unhcr": Reach(admin_change_organisation("UNHCR", name="Renamed by UNMIK"),
                                       organisation_kept("UNHCR")),
    "shared/admin-set-member-password": Reach(admin_set_password("unhcr"), password_kept("unhcr")),
    "shared/people-page-grant-self-unhcr": Reach(people_grant("UNMIK", "UNHCR"), holds("admin", "UNMIK", "UNHCR")),
    # Accounts that are nobody's to take over from a mission's pages.
    "accounts/admin-set-loader-password": Reach(admin_set_password("loader"), password_kept("loader")),
    "accounts/admin-change-loader": Reach(admin_change_account("loader"), account_kept("loader")),
    "accounts/admin-set-superuser-password": Reach(admin_set_password("root"), password_kept("root")),
    # Memberships are not edited in place in the admin (that would skip the role services).
    "unmik/admin-edit-membership-in-place": Reach(admin_edit_membership("kfor"), still_member("kfor")),
}


@pytest.mark.parametrize("name", sorted(REACHES))
def test_an_unmik_administrator_is_refused_and_the_refusal_is_audited(reach, name):
    attempt = REACHES[name]
    client = signed_in(reach["people"]["admin"])
    outcome = attempt.attempt(reach, client)
    if hasattr(outcome, "status_code"):
        assert outcome.status_code == 403, (name, outcome.status_code)
    else:
        assert isinstance(outcome, CommandError), name
    assert attempt.unchanged(reach), f"{name}: the change was made"
    entries = refusals("unmik-admin")
    assert entries, f"{name}: no refusal in the ledger"
    assert entries[-1]["reason"] and entries[-1]["action"]


def test_after_refused_self_grant_the_partners_records_stay_unseen(reach):
    client = signed_in(reach["people"]["admin"])
    client.post("/missions/UNMIK/people/", {"username": "unmik-admin", "organisation": "KFOR",
                                            "role": Role.VIEWER, "reason": "want to read"})
    client.post("/admin/core/membership/add/", {
        "user": reach["people"]["admin"].pk, "mission": reach["missions"]["UNMIK"].pk,
        "organisation": reach["org"]["KFOR"].pk, "role": Role.VIEWER, "ends_at_0": "", "ends_at_1": "",
        "reason": "want to read"})
    fresh = get_user_model().objects.get(pk=reach["people"]["admin"].pk)
    assert not Incident.objects.visible_to(fresh).filter(pk=reach["kfor_only"].pk).exists()
    assert client.get(f"/incidents/{reach['kfor_only'].pk}/").status_code == 404


def test_each_organisations_own_administrator_grants_its_roles(reach):
    """The rule's other side: KFOR's administrator in UNMIK grants KFOR roles, and not UNMIK's."""
    kfor_admin = member(reach["missions"]["UNMIK"], reach["org"]["KFOR"], Role.MISSION_ADMIN, username="kfor-admin")
    client = signed_in(kfor_admin)
    newcomer = UserFactory(username="kfor-newcomer")
    ok = client.post("/missions/UNMIK/people/", {"username": "kfor-newcomer", "organisation": "KFOR",
                                                 "role": Role.REPORTER, "reason": "new liaison"})
    assert ok.status_code == 302
    assert Membership.objects.filter(user=newcomer, organisation__code="KFOR").exists()
    refused = client.post("/missions/UNMIK/people/", {"username": "kfor-newcomer", "organisation": "UNMIK",
                                                      "role": Role.MISSION_ADMIN, "reason": "reach test"})
    assert refused.status_code == 403
    assert not Membership.objects.filter(user=newcomer, organisation__code="UNMIK").exists()
    assert refusals("kfor-admin")[-1]["action"] == "grant_role"


def test_grant_a_role_offers_only_organisations_the_administrator_administers(reach):
    html = signed_in(reach["people"]["admin"]).get("/missions/UNMIK/people/").content.decode()
    select = html.split('name="organisation"')[1].split("</select>")[0]
    assert 'value="UNMIK"' in select
    for code in ("KFOR", "MINUSCA", "OCHA", "UNHCR"):
        assert f'value="{code}"' not in select, code


def test_the_admin_offers_only_administered_organisations_for_a_membership(reach):
    html = signed_in(reach["people"]["admin"]).get("/admin/core/membership/add/").content.decode()
    select = html.split('name="organisation"')[1].split("</select>")[0]
    assert f'value="{reach["org"]["UNMIK"].pk}"' in select
    for code in ("KFOR", "MINUSCA", "OCHA", "UNHCR"):
        assert f'value="{reach["org"][code].pk}"' not in select, code


def test_the_people_page_offers_revoke_only_for_administered_organisations(reach):
    html = signed_in(reach["people"]["admin"]).get("/missions/UNMIK/people/").content.decode()

    def row(who):
        return html.split(f'id="membership-{_membership(reach, who).pk}"')[1].split("</tr>")[0]

    assert "/revoke/" in row("admin")
    assert "/revoke/" not in row("kfor") and "/revoke/" not in row("unhcr")
