"""Generic tests of a record type: subclass `RecordTypeTests`, give `spec`, and pytest runs, for that record type,

- the role matrix of its API and pages: every role of the owning organisation gets exactly what the role
  grants (`core.RolePermission` rows for `<app>.<model>.<action>`) on create, update, delete and the pages;
- an unrelated organisation (or another mission) never sees a CONFIDENTIAL record: API list, detail and
  history, list and detail pages, `peaceops export-records`, the COP layer and the COP's live stream;
- every mutation (create, update, release, delete) leaves a change-log entry and a ledger link covering it;
- bad input gets a 4xx naming the field (API 422, form errors on the field);
- the import/export round trip of the generic CSV format.

Aggregates and partner feeds are not covered: they are incidents' own so far.
"""

import io
import json
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from peaceops.core.kit.layers import registered_layers
from peaceops.core.kit.permissions import perm_code
from peaceops.core.models import ChangeLogEntry, RolePermission

from .world import build_kit_world


@dataclass
class RecordSpec:
    """What the generic tests need to know of a record type."""

    service: object
    api: str  # e.g. "/api/v1/sites"
    namespace: str  # the pages' URL namespace, e.g. "sites"
    valid: dict  # a valid create body (without mission and owner)
    change: dict  # a valid patch that changes the record
    bad: list[tuple[dict, str]] = field(default_factory=list)  # (create body overrides, field the 422 names)

    @property
    def model(self):
        return self.service.model


def granted(role: str, model, action: str) -> bool:
    return RolePermission.objects.filter(role=role, permission=perm_code(model, action)).exists()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body, default=str), content_type="application/json")


class RecordTypeTests:
    """Subclass with `spec = RecordSpec(...)` (see the module docstring)."""

    spec: RecordSpec
    ROLES = ("viewer", "reporter", "analyst", "watch_officer", "mission_admin", "strictly_confidential_reader")

    @pytest.fixture
    def world(self, db):
        return build_kit_world()

    def make(self, world, classification="CONFIDENTIAL", releasable_to=(), **overrides):
        data = {**self.spec.valid, "classification": classification,
                "releasable_to": [o.code for o in releasable_to], **overrides}
        return self.spec.service.create(acting_user=world.users["superuser"], mission=world.mission,
                                        owner=world.owner, data=data)

    def export(self, user, mission, output=None) -> str:
        """What `peaceops export-records` gives `user` (as CSV text; also written to `output` when given)."""
        meta, out = self.spec.model._meta, io.StringIO()
        call_command("export_records", f"{meta.app_label}.{meta.model_name}", "--user", user.username,
                     "--mission", mission.code, *(["--output", str(output)] if output else []), stdout=out)
        return output.read_text(encoding="utf-8") if output else out.getvalue()

    def body(self, world, **overrides):
        return {**self.spec.valid, "mission": world.mission.code, **overrides}

    # --- the role matrix -------------------------------------------------------------------------------
    @pytest.mark.parametrize("role", ROLES)
    def test_each_role_gets_what_its_grants_say(self, world, role):
        model, api = self.spec.model, self.spec.api
        client = client_of(world.users[role])
        record = self.make(world)
        expected = {"add": 201, "change": 200, "delete": 204}
        created = post_json(client, api, self.body(world))
        assert created.status_code == (expected["add"] if granted(role, model, "add") else 403), created.content
        changed = post_json(client, f"{api}/{record.pk}", self.spec.change, method="patch")
        assert changed.status_code == (expected["change"] if granted(role, model, "change") else 403)
        new_page = client.get(reverse(f"{self.spec.namespace}:create"))
        assert new_page.status_code == (200 if granted(role, model, "add") else 403)
        edit_page = client.get(reverse(f"{self.spec.namespace}:edit", args=[record.pk]))
        assert edit_page.status_code == (200 if granted(role, model, "change") else 403)
        for page in ("list", "detail", "history"):
            args = [] if page == "list" else [record.pk]
            assert client.get(reverse(f"{self.spec.namespace}:{page}", args=args)).status_code == 200
        deleted = client.delete(f"{api}/{record.pk}")
        assert deleted.status_code == (expected["delete"] if granted(role, model, "delete") else 403)

    def test_anonymous_is_refused_everywhere(self, world):
        record, client = self.make(world, "PUBLIC"), Client()
        assert client.get(self.spec.api).status_code == 401
        assert client.get(f"{self.spec.api}/{record.pk}").status_code == 401
        page = client.get(reverse(f"{self.spec.namespace}:detail", args=[record.pk]))
        assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")

    # --- confidentiality -----------------------------------------------------------------------------------
    @pytest.mark.parametrize("reader", ["unrelated", "outsider"])
    def test_an_unrelated_organisation_never_sees_a_confidential_record(self, world, reader, settings):
        hidden = self.make(world, "CONFIDENTIAL", releasable_to=[world.partner])
        public = self.make(world, "PUBLIC", name="Public record")
        user, api = world.users[reader], self.spec.api
        client = client_of(user)
        listed = {item["id"] for item in client.get(api, {"limit": 500}).json()["items"]}
        assert str(hidden.pk) not in listed
        assert (str(public.pk) in listed) == (reader == "unrelated")
        assert client.get(f"{api}/{hidden.pk}").status_code == 404
        assert client.get(f"{api}/{hidden.pk}/history").status_code == 404
        assert client.get(reverse(f"{self.spec.namespace}:detail", args=[hidden.pk])).status_code == 404
        page = client.get(reverse(f"{self.spec.namespace}:list")).content.decode()
        assert str(hidden.pk) not in page
        exported = self.export(user, world.mission)
        assert hidden.name not in exported and (public.name in exported) == (reader == "unrelated")
        for layer in registered_layers():
            if layer.model is self.spec.model:
                body = client.get(reverse("cop-layer", args=[layer.key])).json()
                assert str(hidden.pk) not in {f["id"] for f in body["features"]}
        settings.PEACEOPS_LIVE_STREAM_SECONDS, settings.PEACEOPS_LIVE_POLL_SECONDS = 0.05, 0.01
        stream = client.get(reverse("cop-live"), {"since": "0"})
        assert str(hidden.pk) not in b"".join(stream.streaming_content).decode()
        partner = client_of(world.users["partner"])
        assert partner.get(f"{api}/{hidden.pk}").status_code == 200  # released: the partner sees it

    def test_partners_do_not_receive_withheld_fields(self, world):
        withheld = self.spec.model.withheld_from_partners
        record = self.make(world, "CONFIDENTIAL", releasable_to=[world.partner], **dict.fromkeys(withheld, "secret"))
        partner = client_of(world.users["partner"]).get(f"{self.spec.api}/{record.pk}").json()
        owner = client_of(world.users["viewer"]).get(f"{self.spec.api}/{record.pk}").json()
        for name in withheld:
            assert partner[name] is None and owner[name] == "secret"

    # --- change log and ledger -----------------------------------------------------------------------------
    def test_every_mutation_leaves_a_change_log_entry_and_a_ledger_link(self, world):
        from peaceops.ledger.models import LedgerEntry

        client, api = client_of(world.users["mission_admin"]), self.spec.api
        start = ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        created = post_json(client, api, self.body(world))
        record_id = created.json()["id"]
        post_json(client, f"{api}/{record_id}", self.spec.change, method="patch")
        post_json(client, f"{api}/{record_id}/releases", {"organisation": world.partner.code})
        client.delete(f"{api}/{record_id}?reason=closed")
        entries = list(ChangeLogEntry.objects.filter(id__gt=start, object_id=record_id).order_by("id"))
        assert [e.action for e in entries] == ["create", "update", "update", "delete"]
        assert entries[-1].reason == "closed"
        linked = {c[0] for le in LedgerEntry.objects.filter(kind="change") for c in json.loads(le.payload)["changes"]}
        assert {e.pk for e in entries} <= linked

    def test_an_update_that_changes_nothing_writes_nothing(self, world):
        record = self.make(world)
        before = ChangeLogEntry.objects.count()
        client = client_of(world.users["mission_admin"])
        post_json(client, f"{self.spec.api}/{record.pk}", {"name": record.name}, method="patch")
        assert ChangeLogEntry.objects.count() == before

    # --- bad input ---------------------------------------------------------------------------------------------
    def test_bad_input_gets_a_4xx_naming_the_field(self, world):
        client = client_of(world.users["mission_admin"])
        for overrides, field_name in [({"mission": "NOPE"}, "mission"),
                                      ({"releasable_to": ["NOPE"]}, "releasable_to"), *self.spec.bad]:
            answer = post_json(client, self.spec.api, self.body(world, **overrides))
            assert answer.status_code == 422, (overrides, answer.content)
            assert answer.json()["field"].startswith(field_name), (overrides, answer.json())
        assert client.get(self.spec.api, {"cursor": "forged"}).json()["field"] == "cursor"

    def test_a_bad_form_shows_the_error_on_its_field(self, world):
        client = client_of(world.users["mission_admin"])
        form = {**{k: v for k, v in self.spec.valid.items() if not isinstance(v, list | dict)}, "lat": "95",
                "classification": "PUBLIC"}
        answer = client.post(reverse(f"{self.spec.namespace}:create"), form)
        assert answer.status_code == 422
        assert 'id="field-lat"' in answer.content.decode() and "has-error" in answer.content.decode()

    # --- import / export ---------------------------------------------------------------------------------------
    def test_the_csv_export_imports_back_unchanged(self, world, tmp_path):
        from peaceops.interop.records import import_records

        self.make(world, "PUBLIC", name="First", source_id="a-1")
        self.make(world, "CONFIDENTIAL", releasable_to=[world.partner], name="Second", source_id="a-2")
        path = tmp_path / "export.csv"
        self.export(world.users["viewer"], world.mission, path)
        records = list(self.spec.model.objects.filter(mission=world.mission, owner=world.owner).order_by("name"))
        again = import_records(self.spec.service, path, format="csv", mission=world.mission,
                               acting_user=world.users["mission_admin"], owner=world.owner)
        assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)
        copy = import_records(self.spec.service, path, format="csv", mission=world.mission,
                              acting_user=world.users["unrelated"], owner=world.unrelated)
        assert (copy.created, copy.rejected) == (2, 0)
        copies = self.spec.model.objects.filter(owner=world.unrelated).order_by("name")
        strip = ("owner",)
        for original, imported in zip(records, copies, strict=True):
            a, b = self.spec.service.to_data(original), self.spec.service.to_data(imported)
            assert {k: v for k, v in a.items() if k not in strip} == {k: v for k, v in b.items() if k not in strip}
