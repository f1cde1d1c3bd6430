"""The kit's write door (`core.kit.services.RecordService`) as the next record type gets it: owner-scoped
change and delete permissions from the registry, a record-type snapshot in the change log, and edits of the
releasability list reported to the ledger as sharing changes naming the record type."""

import json

import pytest
from django.utils import timezone

from peaceops.core.choices import Classification, Role
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.services import RecordService
from peaceops.core.models import ChangeLogEntry, RolePermission
from peaceops.core.services import PermissionDenied, enrol_organisation
from peaceops.incidents.inputs import IncidentDataError
from peaceops.ledger.models import LedgerEntry
from peaceops.sites.services import SiteService
from tests.factories import MissionFactory, OrganisationFactory, member
from tests.recordtypes.models import Note

pytestmark = pytest.mark.django_db


class NoteService(RecordService):
    model = Note


def _note(mission, owner):
    now = timezone.now()
    return Note.objects.create(mission=mission, owner=owner, classification=Classification.PUBLIC, title="n",
                               created_at=now, updated_at=now)


def test_owner_scoped_codes_let_a_member_change_their_organisations_records_only():
    mission, mine, theirs = MissionFactory(code="KIT"), OrganisationFactory(code="MINE"), OrganisationFactory(
        code="THEIRS")
    RolePermission.objects.create(role=Role.REPORTER, permission="testrecords.note.change_own_org")
    RolePermission.objects.create(role=Role.MISSION_ADMIN, permission="testrecords.note.delete_any")
    reporter = member(mission, mine, Role.REPORTER)
    admin = member(mission, mine, Role.MISSION_ADMIN)
    own, other = _note(mission, mine), _note(mission, theirs)
    service = NoteService()
    assert service.may(reporter, mission.pk, "change", own.owner_id)
    assert not service.may(reporter, mission.pk, "change", other.owner_id)
    assert not service.may(reporter, mission.pk, "change")  # no owner named: only an unscoped grant allows it
    assert not service.may(reporter, mission.pk, "delete", own.owner_id)
    assert service.may(admin, mission.pk, "delete", other.owner_id)  # `_any`: every record of the mission
    with pytest.raises(PermissionDenied, match="testrecords.note.change"):
        service.require(reporter, mission.pk, "change", other.owner_id, record=other)


@pytest.fixture
def sites_world():
    mission, hq, partner = MissionFactory(code="KITS"), OrganisationFactory(code="KITS-HQ"), OrganisationFactory(
        code="PARTNER")
    enrol_organisation(mission=mission, organisation=partner)
    return mission, partner, member(mission, hq, Role.MISSION_ADMIN)


def _site_data(**overrides):
    return {"name": "Camp Bondsteel", "site_type": "camp", "lon": 21.25, "lat": 42.36, **overrides}


def test_editing_a_records_releasability_list_is_sealed_as_sharing_changes_naming_its_type(sites_world):
    mission, partner, admin = sites_world
    service = SiteService()
    site = service.create(acting_user=admin, mission=mission, reason="opened",
                          data=_site_data(classification=Classification.CONFIDENTIAL, releasable_to=["PARTNER"]))
    service.update(site, acting_user=admin, changes={"releasable_to": []}, reason="no longer")
    sharing = [json.loads(e.payload) for e in LedgerEntry.objects.filter(kind="sharing").order_by("sequence")]
    assert [(p["object_type"], p["object_id"], p["action"], p["organisation"], p["reason"]) for p in sharing] == [
        ("sites.site", str(site.pk), "release", "PARTNER", "opened"),
        ("sites.site", str(site.pk), "withdraw", "PARTNER", "no longer")]


def test_a_record_type_may_declare_its_own_change_snapshot(sites_world):
    mission, _, admin = sites_world

    class Annotated(SiteService):
        def snapshot(self, record):
            return {**record.change_snapshot(), "name_length": len(record.name)}

    service = Annotated()
    site = service.create(acting_user=admin, mission=mission, data=_site_data())
    service.update(site, acting_user=admin, changes={"name": "Camp Film City"})
    entries = ChangeLogEntry.objects.filter(object_id=str(site.pk)).order_by("pk")
    assert entries[0].after["name_length"] == len("Camp Bondsteel")
    assert (entries[1].before["name_length"], entries[1].after["name_length"]) == (14, len("Camp Film City"))
    service.delete(site, acting_user=admin)
    assert ChangeLogEntry.objects.filter(object_id=str(site.pk)).last().before["name_length"] == 14


def test_incidents_field_errors_are_the_kits_field_error():
    assert IncidentDataError is FieldError
