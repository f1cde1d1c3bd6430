"""Generic tests of a record type: subclass `RecordTypeTests`, give `spec` (a `RecordSpec`, peaceops.testing.spec),
and pytest runs, for that record type,

- the role matrix of its API and pages: every role of the owning organisation gets exactly what the role
  grants (`core.RolePermission` rows for `<app>.<model>.<action>`, or the codes `spec.grants` names) on create,
  update, delete and the pages; anonymous callers are refused everywhere;
- an unrelated organisation (or another mission) never sees a CONFIDENTIAL record: API list, detail and
  history, aggregate (`spec.aggregate`), list and detail pages, the CSV export, the partner feed of its own
  organisation (`spec.feed`), the map (the COP layers of the record type, `spec.map_points`) and the live
  stream (`spec.live`); while the partner it is released to sees it on every one of them;
- partners never receive the fields the record type withholds from them;
- personal data (`personal_fields`) never reaches a reader without the record type's `personal_permission` in
  the mission: masked in the API's list, detail and history, the pages, the CSV export, the partner feed, the
  COP layer and the search; while a reader holding it (a watch officer) reads it in full;
- every mutation (create, update, release, delete) leaves a change-log entry and a ledger link covering it;
  an update that changes nothing writes nothing;
- bad input gets a 4xx naming the field (API 422, form errors on the field);
- a create sent twice with one idempotency key (the API's `Idempotency-Key`, the form's `submission_key`)
  makes one record, and the repeat answers with it;
- the import/export round trip of the CSV format: idempotent, and a copy equal to the original.

The world (`peaceops.testing.world.build_kit_world`) is built once per test class inside a transaction rolled
back after the class; each test runs in its own savepoint (pytest-django's `db`).
"""

import json
import uuid

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from peaceops.core.kit.layers import registered_layers
from peaceops.core.kit.mixins import Located
from peaceops.core.kit.permissions import perm_code
from peaceops.core.models import ChangeLogEntry, RolePermission

from .spec import RecordSpec
from .world import build_kit_world

__all__ = ["RecordSpec", "RecordTypeTests"]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body, default=str), content_type="application/json")


def ids_in_sse(response) -> str:
    return b"".join(response.streaming_content).decode()


class RecordTypeTests:
    """Subclass with `spec = RecordSpec(...)` (see the module docstring)."""

    spec: RecordSpec
    ROLES = ("viewer", "reporter", "analyst", "watch_officer", "mission_admin", "strictly_confidential_reader")

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            world = build_kit_world()
            if cls.spec.prepare:
                cls.spec.prepare(world)
            yield world
            transaction.set_rollback(True)

    def make(self, world, classification="CONFIDENTIAL", releasable_to=(), **overrides):
        data = {**self.spec.valid, "classification": classification,
                "releasable_to": [o.code for o in releasable_to], **overrides}
        return self.spec.create(acting_user=world.users["superuser"], mission=world.mission, owner=world.owner,
                                data=data)

    def named(self, name: str) -> dict:
        return {self.spec.label: name}

    def granted(self, role: str, action: str) -> bool:
        codes = [perm_code(self.spec.model, a) for a in self.spec.grants.get(action, (action,))]
        return RolePermission.objects.filter(role=role, permission__in=codes).exists()

    def body(self, world, **overrides):
        return {**self.spec.valid, "mission": world.mission.code, **overrides}

    # --- the role matrix -------------------------------------------------------------------------------
    @pytest.mark.parametrize("role", ROLES)
    def test_each_role_gets_what_its_grants_say(self, db, world, role):
        api, ns = self.spec.api, self.spec.namespace
        client = client_of(world.users[role])
        record = self.make(world)
        created = post_json(client, api, self.body(world))
        assert created.status_code == (201 if self.granted(role, "add") else 403), created.content
        # a role the record type is not shown to (alerts: the watch's) finds no record: 404, as for one that
        # does not exist, whatever else it holds
        sees = self.spec.model.objects.visible_to(world.users[role]).filter(pk=record.pk).exists()
        changed = post_json(client, f"{api}/{record.pk}", self.spec.change, method="patch")
        assert changed.status_code == (404 if not sees else 200 if self.granted(role, "change") else 403), \
            changed.content
        assert client.get(reverse(f"{ns}:create")).status_code == (200 if self.granted(role, "add") else 403)
        edit_page = client.get(reverse(f"{ns}:edit", args=[record.pk]))
        assert edit_page.status_code == (404 if not sees else 200 if self.granted(role, "change") else 403)
        for page in self.spec.read_pages:
            args = [] if page == "list" else [record.pk]
            expected = 200 if sees or page == "list" else 404
            assert client.get(reverse(f"{ns}:{page}", args=args)).status_code == expected, page
        deleted = client.delete(f"{api}/{record.pk}")
        assert deleted.status_code == (404 if not sees else 204 if self.granted(role, "delete") else 403)
        if not sees:  # only roles the grants do not let see it
            assert not self.granted(role, "view"), f"{role} holds the view grant but does not see the record"

    def test_anonymous_is_refused_everywhere(self, db, world):
        record, client = self.make(world, "PUBLIC"), Client()
        assert client.get(self.spec.api).status_code == 401
        assert client.get(f"{self.spec.api}/{record.pk}").status_code == 401
        assert post_json(client, self.spec.api, self.body(world)).status_code == 401
        assert client.delete(f"{self.spec.api}/{record.pk}").status_code == 401
        page = client.get(reverse(f"{self.spec.namespace}:detail", args=[record.pk]))
        assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")

    # --- confidentiality -----------------------------------------------------------------------------------
    @pytest.mark.parametrize("reader", ["unrelated", "outsider"])
    def test_an_unrelated_organisation_never_sees_a_confidential_record(self, db, world, reader, settings):
        spec, label = self.spec, self.spec.label
        hidden = self.make(world, "CONFIDENTIAL", releasable_to=[world.partner], **self.named("Hidden record"))
        public = self.make(world, "PUBLIC", **self.named("Public record"))
        user, api, sees_public = world.users[reader], spec.api, reader == "unrelated"
        client = client_of(user)
        listed = {item["id"] for item in client.get(api, {"limit": 500}).json()["items"]}
        assert str(hidden.pk) not in listed and (str(public.pk) in listed) == sees_public
        assert client.get(f"{api}/{hidden.pk}").status_code == 404
        assert client.get(f"{api}/{hidden.pk}/history").status_code == 404
        for page in ("detail", "edit"):
            assert client.get(reverse(f"{spec.namespace}:{page}", args=[hidden.pk])).status_code == 404, page
        page = client.get(reverse(spec.list_page or f"{spec.namespace}:list")).content.decode()
        assert str(hidden.pk) not in page and getattr(hidden, label) not in page
        exported = spec.export_csv(user, world.mission)
        assert getattr(hidden, label) not in exported and (getattr(public, label) in exported) == sees_public
        if spec.aggregate:
            counted = client.get(spec.aggregate).json()["total"]["count"]
            assert counted == (1 if sees_public else 0)
        if spec.feed and sees_public:  # the feed of the reader's own organisation
            feed = client.get(spec.feed.format(org=world.unrelated.code, mission=world.mission.code))
            assert feed.status_code == 200 and str(hidden.pk) not in feed.content.decode()
        for url in self.map_urls():
            features = {f["id"] for f in client.get(url).json()["features"]}
            assert str(hidden.pk) not in features
        if spec.live:
            settings.PEACEOPS_LIVE_STREAM_SECONDS, settings.PEACEOPS_LIVE_POLL_SECONDS = 0.05, 0.01
            assert str(hidden.pk) not in ids_in_sse(client.get(reverse(spec.live), {"since": "0"}))
        self.assert_the_partner_sees(world, hidden)

    def map_urls(self, every=True) -> list[str]:
        """The COP layers drawing the record type's records (`every=False`: only those that draw each record
        the reader may see, not a selection of them such as checkpoints among sites), and its map points."""
        layers = [reverse("cop-layer", args=[lay.key]) for lay in registered_layers()
                  if lay.model is self.spec.model and lay.build is None  # not aggregates (coverage hexagons)
                  and (every or lay.select is None)]
        return layers + [reverse(name) for name in self.spec.map_points]

    def assert_the_partner_sees(self, world, hidden) -> None:
        """The same read paths show the record to the organisation it is released to (so the test can fail)."""
        partner, spec = client_of(world.users["partner"]), self.spec
        assert partner.get(f"{spec.api}/{hidden.pk}").status_code == 200
        assert str(hidden.pk) in {i["id"] for i in partner.get(spec.api, {"limit": 500}).json()["items"]}
        assert getattr(hidden, spec.label) in spec.export_csv(world.users["partner"], world.mission)
        if spec.aggregate:
            assert partner.get(spec.aggregate).json()["total"]["count"] == 2
        if spec.feed:
            feed = partner.get(spec.feed.format(org=world.partner.code, mission=world.mission.code))
            assert str(hidden.pk) in feed.content.decode()
        for url in self.map_urls(every=False):
            assert str(hidden.pk) in {f["id"] for f in partner.get(url).json()["features"]}
        if spec.live:
            assert str(hidden.pk) in ids_in_sse(partner.get(reverse(spec.live), {"since": "0"}))

    def test_partners_do_not_receive_withheld_fields(self, db, world):
        withheld = self.spec.withheld_fields()
        if not withheld:
            pytest.skip(f"{self.spec.model.__name__} withholds no field from partners")
        record = self.make(world, "CONFIDENTIAL", releasable_to=[world.partner],
                           **{name: self.spec.sample(name) for name in withheld})
        partner = client_of(world.users["partner"]).get(f"{self.spec.api}/{record.pk}").json()
        # an owner's member who may read it all: personal data too (the next tests are about who may not)
        reader = "watch_officer" if set(withheld) & set(self.spec.personal_fields()) else "viewer"
        owner = client_of(world.users[reader]).get(f"{self.spec.api}/{record.pk}").json()
        for name in withheld:
            assert partner[name] is None and owner[name] == self.spec.sample(name)

    # --- personal data ---------------------------------------------------------------------------------------
    def readers_of_personal_data(self, world, record) -> tuple[list[str], list[str]]:
        """(roles of the owner that see `record` without its personal data, roles that see it in full)."""
        from peaceops.core.kit.personal import may_see_personal

        seeing = [role for role in self.ROLES if self.spec.model.objects.visible_to(world.users[role])
                  .filter(pk=record.pk).exists()]
        full = [role for role in seeing if may_see_personal(world.users[role], self.spec.model, world.mission.pk)]
        return [role for role in seeing if role not in full], full

    def read_everywhere(self, world, user, record) -> dict[str, str]:
        """Every read path's answer about `record` to `user`, as text: API list, detail, history; list, detail
        and history pages; CSV export; the owner's partner feed; the COP layers; the search (page and API)."""
        spec, client = self.spec, client_of(user)
        ns, label = spec.namespace, getattr(record, spec.label)
        answers = {
            "api-list": client.get(spec.api, {"limit": 500}).content.decode(),
            "api-detail": client.get(f"{spec.api}/{record.pk}").content.decode(),
            "api-history": client.get(f"{spec.api}/{record.pk}/history").content.decode(),
            "page-list": client.get(reverse(spec.list_page or f"{ns}:list")).content.decode(),
            "page-detail": client.get(reverse(f"{ns}:detail", args=[record.pk])).content.decode(),
            "page-history": client.get(reverse(f"{ns}:history", args=[record.pk])).content.decode(),
            "export": spec.export_csv(user, world.mission),
            "search-page": client.get(reverse("search"), {"q": str(label)[:50]}).content.decode(),
            "search-api": client.get("/api/v1/search", {"q": str(label)[:50]}).content.decode(),
        }
        if spec.feed:
            answers["feed"] = client.get(spec.feed.format(org=world.owner.code, mission=world.mission.code)
                                         ).content.decode()
        for url in self.map_urls():
            answers[url] = client.get(url).content.decode()
        return answers

    def test_personal_data_reaches_only_readers_with_need_to_know(self, db, world):
        personal = self.spec.personal_fields()
        if not personal:
            pytest.skip(f"{self.spec.model.__name__} has no personal fields")
        values = {name: self.spec.sample(name) for name in personal}
        record = self.make(world, "CONFIDENTIAL", releasable_to=[world.partner], **values)
        # edited once, so the history holds the values on both sides of a change
        self.spec.service.update(record, acting_user=world.users["superuser"], changes=self.spec.change, reason="")
        without, full = self.readers_of_personal_data(world, record)
        assert without and full, (without, full)
        for role in without:
            for path, text in self.read_everywhere(world, world.users[role], record).items():
                for name, value in values.items():
                    assert value not in text and json.dumps(value)[1:-1] not in text, (role, path, name)
            assert str(record.pk) in self.read_everywhere(world, world.users[role], record)["api-detail"]
        for role in full:
            seen = self.read_everywhere(world, world.users[role], record)
            for path in ("api-detail", "api-history", "page-detail", "export"):
                for name, value in values.items():
                    assert value in seen[path] or json.dumps(value)[1:-1] in seen[path], (role, path, name)

    def test_an_editor_without_need_to_know_neither_sees_nor_erases_personal_data(self, db, world):
        personal = self.spec.personal_fields()
        if not personal:
            pytest.skip(f"{self.spec.model.__name__} has no personal fields")
        from peaceops.core.kit.personal import may_see_personal

        editors = [role for role in self.ROLES if self.granted(role, "change")
                   and not may_see_personal(world.users[role], self.spec.model, world.mission.pk)]
        if not editors:
            pytest.skip("every role that edits these records may see their personal data")
        values = {name: self.spec.sample(name) for name in personal}
        record = self.make(world, "PUBLIC", **values)
        client = client_of(world.users[editors[0]])
        page = client.get(reverse(f"{self.spec.namespace}:edit", args=[record.pk])).content.decode()
        for value in values.values():
            assert value not in page
        record.refresh_from_db()
        for name, value in values.items():
            assert getattr(record, name) == value

    # --- change log and ledger -----------------------------------------------------------------------------
    def test_every_mutation_leaves_a_change_log_entry_and_a_ledger_link(self, db, world):
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

    def test_an_update_that_changes_nothing_writes_nothing(self, db, world):
        record = self.make(world)
        before = ChangeLogEntry.objects.count()
        client = client_of(world.users["mission_admin"])
        label = self.spec.label
        answer = post_json(client, f"{self.spec.api}/{record.pk}", {label: getattr(record, label)}, method="patch")
        assert answer.status_code == 200 and ChangeLogEntry.objects.count() == before

    # --- bad input ---------------------------------------------------------------------------------------------
    def test_bad_input_gets_a_4xx_naming_the_field(self, db, world):
        client = client_of(world.users["mission_admin"])
        for overrides, field_name in [({"mission": "NOPE"}, "mission"),
                                      ({"releasable_to": ["NOPE"]}, "releasable_to"), *self.spec.bad]:
            answer = post_json(client, self.spec.api, self.body(world, **overrides))
            assert answer.status_code == 422, (overrides, answer.content)
            assert answer.json()["field"].startswith(field_name), (overrides, answer.json())
        assert client.get(self.spec.api, {"cursor": "forged"}).json()["field"] == "cursor"

    def test_a_bad_form_shows_the_error_on_its_field(self, db, world):
        client = client_of(world.users["mission_admin"])
        if issubclass(self.spec.model, Located):
            mistake, wrong = {"lat": "95"}, "lat"
        else:  # the first of the spec's bad inputs the form has a field for
            mistake, wrong = next((bad, name) for bad, name in self.spec.bad if set(bad) <= set(self.spec.form_data()))
        form = {**self.spec.form_data(), **mistake, "classification": "PUBLIC"}
        answer = client.post(reverse(f"{self.spec.namespace}:create"), form)
        assert answer.status_code == self.spec.form_error_status
        assert f'id="field-{wrong}"' in answer.content.decode() and "has-error" in answer.content.decode()
        assert not self.spec.model.objects.filter(mission=world.mission).exists()

    # --- idempotent writes -------------------------------------------------------------------------------------
    def test_an_api_create_sent_twice_with_one_key_makes_one_record(self, db, world):
        client, api, key = client_of(world.users["mission_admin"]), self.spec.api, str(uuid.uuid4())
        body = json.dumps(self.body(world, **self.named("Sent twice")), default=str)
        first = client.post(api, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
        again = client.post(api, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
        assert first.status_code == again.status_code == 201, again.content
        assert again.json()["id"] == first.json()["id"] and again.headers["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first.headers
        other_key = client.post(api, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
        assert other_key.json()["id"] != first.json()["id"]
        assert self.spec.model.objects.filter(mission=world.mission, **self.named("Sent twice")).count() == 2
        bad = client.post(api, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="not a key")
        assert bad.status_code == 422 and bad.json()["field"] == "Idempotency-Key"

    def test_a_form_sent_twice_with_one_key_makes_one_record(self, db, world):
        client, ns = client_of(world.users["mission_admin"]), self.spec.namespace
        page = client.get(reverse(f"{ns}:create")).content.decode()
        assert page.count('name="submission_key"') == 1
        assert client.get(reverse(f"{ns}:create")).content.decode() != page  # a fresh key per render
        form = {**self.spec.form_data(), "classification": "PUBLIC", "submission_key": str(uuid.uuid4())}
        if issubclass(self.spec.model, Located):
            form.setdefault("location_precision", "exact")
        first = client.post(reverse(f"{ns}:create"), form)
        again = client.post(reverse(f"{ns}:create"), form, follow=True)
        assert first.status_code == 302
        assert again.redirect_chain[0][0] == first["Location"]
        assert "Already received" in again.content.decode()
        assert self.spec.model.objects.filter(mission=world.mission).count() == 1

    # --- import / export ---------------------------------------------------------------------------------------
    def test_the_csv_export_imports_back_unchanged(self, db, world, tmp_path):
        spec = self.spec
        ids = (lambda n: {spec.source_id: n}) if spec.source_id else (lambda n: {})
        self.make(world, "PUBLIC", **self.named("First"), **ids("a-1"))
        self.make(world, "CONFIDENTIAL", releasable_to=[world.partner], **self.named("Second"), **ids("a-2"))
        path = tmp_path / "export.csv"
        # exported by a reader who may see it all (personal data is masked for the others)
        reader = "watch_officer" if spec.personal_fields() else "viewer"
        spec.export_csv(world.users[reader], world.mission, path)
        records = list(spec.model.objects.filter(mission=world.mission, owner=world.owner).order_by(spec.label))
        if spec.source_id:  # imported again: matched by the source id, nothing changes
            again = spec.import_csv(path, mission=world.mission, acting_user=world.users["mission_admin"],
                                    owner=world.owner)
            assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0), again.rejects
        copy = spec.import_csv(path, mission=world.other_mission, acting_user=world.users["outsider"],
                               owner=world.outsiders)
        assert (copy.created, copy.rejected) == (2, 0), copy.rejects
        copies = spec.model.objects.filter(mission=world.other_mission).order_by(spec.label)
        for original, imported in zip(records, copies, strict=True):
            assert _but_where(spec.content_of(original)) == _but_where(spec.content_of(imported))


def _but_where(content: dict) -> dict:
    """A record's content without where it is kept (its mission and owner), which a copy changes."""
    return {k: v for k, v in content.items() if k not in ("mission", "owner")}
