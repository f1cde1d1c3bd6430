"""Generic tests of a need-to-know record type (`need_to_know = True`: misconduct cases): subclass
`NeedToKnowTests`, give `spec` (a `NeedToKnowSpec`), and pytest runs, for that record type,

- a mission administrator, a superuser, an analyst, a viewer and a partner (KFOR) who are not assigned see no
  record and no count: `visible_to`, the API's list and its `count`, the list page, the one search (page and
  function), the CSV export (`peaceops export-records`, when the type is registered), the Django admin's change
  log; and its detail (page and API), history (page and API) and assignments answer 404 exactly as for a
  record that does not exist;
- the creator (assigned by the service) and a user assigned later read it, on the page and through the API;
- break-glass needs the type's `break_glass` permission and a reason; it then opens the record, writes a
  change-log entry sealed in the ledger, and notifies the record's owner and assignees (the record's reference,
  who and why), never the one who broke glass.

The people are the test world's (`peaceops.testing.world`): `admin`, `analyst`, `viewer`, `kfor` and the
spec's creator, second officer and owner; a superuser is made. Routes are parameters: a record type whose
pages or API are not there leaves them None and the tests check what exists.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q
from django.test import Client
from django.urls import NoReverseMatch, reverse

from peaceops.core import assignments
from peaceops.core.admin import need_to_know_entries
from peaceops.core.choices import Role
from peaceops.core.models import BreakGlassAccess, ChangeLogEntry
from peaceops.core.services import PermissionDenied
from peaceops.testing import world

NOWHERE = "00000000-0000-0000-0000-000000000000"


@dataclass
class NeedToKnowSpec:
    """A need-to-know record type under the generic tests."""

    model: type
    #: create(user, mission, owner_user) -> a record `user` created (and is assigned to), owned by `owner_user`
    #: where the type has an owner (`lead_officer`)
    create: Callable
    creator: str = "cdo"  # who creates records (a world person holding the type's add/view)
    officer: str = "cdo2"  # a second officer: holds break_glass and view, not assigned
    owner: str | None = None  # the record's owner (lead officer), told of break-glass; None: no owner field
    api: str | None = None  # the API's list URL ("/api/v1/conduct/cases"); None: no record routes yet
    need_to_know_api: str | None = None  # where the break-glass and assignments routes are (default: `api`)
    namespace: str | None = None  # the pages' URL namespace; None: no pages yet
    search_key: str | None = None  # the record type's key in the one search; None: not searchable
    export_type: str | None = None  # the record type for `peaceops export-records`; None: not exported
    prepare: Callable | None = None  # prepare(mission): grants the world needs (tests' own record types)

    def label(self, record) -> str:
        return str(record)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page(namespace, name, *args):
    try:
        return reverse(f"{namespace}:{name}", args=args)
    except NoReverseMatch:
        return None


class NeedToKnowTests:
    """Subclass with `spec = NeedToKnowSpec(...)` (see the module docstring)."""

    spec: NeedToKnowSpec
    OUTSIDERS = ("admin", "superuser", "analyst", "viewer", "kfor")

    @pytest.fixture
    def ntk(self, db):
        mission = world.mission("UNMIK")
        orgs = world.organisations("UNMIK", "KFOR", "OSCE")
        people = world.people("admin", "analyst", "viewer", "kfor", self.spec.creator, self.spec.officer)
        if self.spec.owner:  # a conduct officer of UNMIK, unless the world knows them
            people[self.spec.owner] = (
                world.person(self.spec.owner)
                if self.spec.owner in world.PEOPLE
                else world.member(
                    mission, orgs["UNMIK"], Role.VIEWER, Role.CONDUCT_OFFICER, username=self.spec.owner
                )
            )
        people["superuser"] = get_user_model().objects.create_superuser("ntk-root", password=None)
        if self.spec.prepare:
            self.spec.prepare(mission)
        owner = people[self.spec.owner] if self.spec.owner else None
        record = self.spec.create(people[self.spec.creator], mission, owner)
        return {"mission": mission, "people": people, "record": record}

    # --- the paths a reader takes ----------------------------------------------------------------------------
    def sees(self, user, record) -> dict[str, bool]:
        """Each path and whether it shows `user` the record (or that it exists)."""
        spec, label, pk = self.spec, self.spec.label(record), str(record.pk)
        client = client_of(user)
        seen = {"visible_to": spec.model.objects.visible_to(user).filter(pk=record.pk).exists()}
        if spec.api:
            listing = client.get(f"{spec.api}?count=true")
            body = listing.json() if listing.status_code == 200 else {}
            seen["api list"] = pk in listing.content.decode() or label in listing.content.decode()
            seen["api count"] = bool(body.get("count"))
            seen["api detail"] = client.get(f"{spec.api}/{pk}").status_code != 404
            seen["api history"] = client.get(f"{spec.api}/{pk}/history").status_code != 404
        ntk_api = spec.need_to_know_api or spec.api
        if ntk_api:
            seen["api assignments"] = client.get(f"{ntk_api}/{pk}/assignments").status_code != 404
        if spec.namespace:
            listing = page(spec.namespace, "list")
            if listing:
                seen["list page"] = label in client.get(listing).content.decode()
            for name in ("detail", "history"):
                url = page(spec.namespace, name, record.pk)
                if url:
                    seen[f"{name} page"] = client.get(url).status_code != 404
        if spec.search_key:
            from peaceops.core.kit.search import search

            seen["search"] = bool(search(user, label).counts.get(spec.search_key))
            # (the page repeats the query; a hit would link to the record)
            seen["search page"] = pk in client.get("/search/", {"q": label}).content.decode()
        if spec.export_type:
            out = io.StringIO()
            call_command(
                "export_records", spec.export_type, "--user", user.username, "--mission", "UNMIK", stdout=out
            )
            seen["export"] = pk in out.getvalue() or label in out.getvalue()
        return seen

    def missing_answers(self, user) -> dict[str, int]:
        """What a record that does not exist answers on each detail path (the answers a hidden record must give)."""
        client, answers = client_of(user), {}
        if self.spec.api:
            answers["api detail"] = client.get(f"{self.spec.api}/{NOWHERE}").status_code
        if self.spec.namespace and page(self.spec.namespace, "detail", NOWHERE):
            answers["detail page"] = client.get(page(self.spec.namespace, "detail", NOWHERE)).status_code
        return answers

    # --- the tests -----------------------------------------------------------------------------------------------
    def test_outsiders_see_no_record_no_count_no_hit(self, ntk):
        record = ntk["record"]
        for name in self.OUTSIDERS:
            user = ntk["people"][name]
            seen = self.sees(user, record)
            assert not any(seen.values()), (name, [path for path, shown in seen.items() if shown])
            assert self.missing_answers(user) == {path: 404 for path in self.missing_answers(user)}, name

    def test_the_admin_change_log_holds_nothing_of_the_record(self, ntk):
        record = ntk["record"]
        assignments.assign(
            record,
            user=ntk["people"][self.spec.officer],
            acting_user=ntk["people"][self.spec.creator],
            reason="second officer",
            system=True,
        )
        about = ChangeLogEntry.objects.filter(
            Q(object_id=str(record.pk))
            | Q(object_type__in=["core.recordassignment", "core.breakglassaccess"])
        )
        assert about.exists()  # the assignments (and the service's own entries) are logged...
        shown = ChangeLogEntry.objects.exclude(need_to_know_entries())
        assert not shown.filter(pk__in=about.values("pk")).exists()  # ...and the admin leaves them out
        assert not shown.filter(object_repr=self.spec.label(record)).exists()

    def test_the_creator_and_an_assigned_user_read_it(self, ntk):
        record, people = ntk["record"], ntk["people"]
        officer = people[self.spec.officer]
        by_creator = self.sees(people[self.spec.creator], record)
        assert by_creator["visible_to"]
        # every page route the record type has shows the record to its creator (an API route not mounted yet
        # answers 404 to everyone: the lead's merge brings it, and then this holds for it too)
        for name in ("detail", "history"):
            if self.spec.namespace and page(self.spec.namespace, name, record.pk):
                assert by_creator[f"{name} page"], name
        assert not self.sees(officer, record)["visible_to"]
        assignments.assign(
            record, user=officer, acting_user=people[self.spec.creator], reason="investigator", system=True
        )
        by_assignee = self.sees(officer, record)
        opened = {path for path, shown in by_creator.items() if shown and path != "api assignments"}
        assert {
            path for path in opened if by_assignee[path]
        } == opened  # the assignee reads what the creator reads

    def test_break_glass_needs_the_permission_and_a_reason(self, ntk):
        record, people = ntk["record"], ntk["people"]
        for name in ("admin", "superuser", "analyst", "kfor"):
            with pytest.raises(PermissionDenied):
                assignments.break_glass(
                    self.spec.model, record.pk, acting_user=people[name], reason="curious"
                )
        with pytest.raises(assignments.AssignmentError, match="reason"):
            assignments.break_glass(
                self.spec.model, record.pk, acting_user=people[self.spec.officer], reason=" "
            )
        assert not BreakGlassAccess.objects.exists()
        assert not self.spec.model.objects.visible_to(people[self.spec.officer]).exists()

    def test_break_glass_opens_the_record_is_sealed_and_tells_the_owner_and_assignees(self, ntk):
        from peaceops.ledger.models import LedgerEntry
        from peaceops.notices.models import Notification

        record, people = ntk["record"], ntk["people"]
        officer, creator = people[self.spec.officer], people[self.spec.creator]
        access = assignments.break_glass(
            self.spec.model, record.pk, acting_user=officer, reason="threat to life"
        )
        assert self.spec.model.objects.visible_to(officer).filter(pk=record.pk).exists()
        entry = ChangeLogEntry.objects.get(object_type="core.breakglassaccess", object_id=str(access.pk))
        assert entry.reason == "break glass: threat to life" and entry.actor_id == officer.pk
        assert LedgerEntry.objects.filter(kind="change", last_change_id__gte=entry.pk).exists()
        told = {self.spec.creator} | ({self.spec.owner} if self.spec.owner else set())
        notes = Notification.objects.filter(kind="break-glass")
        assert set(notes.values_list("user__username", flat=True)) == told
        for note in notes:
            assert self.spec.label(record) in note.text and officer.username in note.text
            assert "threat to life" in note.text
        link = page(self.spec.namespace, "detail", record.pk) if self.spec.namespace else None
        assert {note.url for note in notes} == {link or ""}  # the record's page, where it has one
        if link:
            assert client_of(creator).get(link).status_code == 200
        assert not Notification.objects.filter(user=officer, kind="break-glass").exists()
