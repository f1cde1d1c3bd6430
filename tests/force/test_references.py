"""The kit's references, as a unit's contingent and a deployment's site use them: by id or source id, only in the
unit's own mission, read back as an id and exported as the contingent's source id."""

import pytest

from peaceops.core.kit.errors import FieldError
from peaceops.force.services import ContingentService, UnitService
from peaceops.sites.services import SiteService
from peaceops.testing.world import build_kit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_kit_world("REF")


def contingent(world, mission, owner, user, source_id="POL-MIL"):
    return ContingentService().create(acting_user=user, mission=mission, owner=owner, data={
        "name": "Polish contingent", "country": "pol", "kind": "military", "source_id": source_id,
        "classification": "PUBLIC"})


def test_a_unit_names_its_contingent_by_id_or_source_id_in_its_own_mission_only(world):
    admin = world.users["mission_admin"]
    mine = contingent(world, world.mission, world.owner, admin)
    theirs = contingent(world, world.other_mission, world.outsiders, world.users["outsider"], "THEIRS")
    assert mine.country == "POL"  # the ISO code is kept in capitals
    service = UnitService()
    by_id = service.create(acting_user=admin, mission=world.mission, data={
        "contingent": str(mine.pk), "name": "A", "unit_type": "engineering", "classification": "PUBLIC"})
    by_source = service.create(acting_user=admin, mission=world.mission, data={
        "contingent": "POL-MIL", "name": "B", "unit_type": "medical", "classification": "PUBLIC"})
    assert by_id.contingent == by_source.contingent == mine
    assert service.to_data(by_id)["contingent"] == str(mine.pk)
    for other in (str(theirs.pk), "THEIRS"):  # another mission's contingent is not there to name
        with pytest.raises(FieldError) as refused:
            service.create(acting_user=admin, mission=world.mission, data={
                "contingent": other, "name": "C", "unit_type": "medical", "classification": "PUBLIC"})
        assert refused.value.field == "contingent"


def test_a_deployment_names_a_site_of_the_mission_and_the_unit_reads_it_back(world):
    admin = world.users["mission_admin"]
    contingent(world, world.mission, world.owner, admin)
    site = SiteService().create(acting_user=admin, mission=world.mission, data={
        "name": "Camp Novo Selo", "site_type": "camp", "lon": 20.9, "lat": 42.8, "source_id": "S-1",
        "classification": "PUBLIC"})
    unit = UnitService().create(acting_user=admin, mission=world.mission, data={
        "contingent": "POL-MIL", "name": "A", "unit_type": "engineering", "classification": "PUBLIC",
        "deployments": [{"start": "2026-01-01", "site": "S-1", "strength": 40},
                        {"start": "2026-03-01", "site": str(site.pk), "strength": 10}]})
    assert [(d.site_id, d.strength) for d in unit.deployments.order_by("start")] == [(site.pk, 40), (site.pk, 10)]
    assert [d["site"] for d in UnitService().to_data(unit)["deployments"]] == [str(site.pk)] * 2
    with pytest.raises(FieldError) as twice:  # one site from one day is one deployment
        UnitService().update(unit, acting_user=admin, changes={"deployments": [
            {"start": "2026-01-01", "site": "S-1"}, {"start": "2026-01-01", "site": str(site.pk)}]})
    assert twice.value.field == "deployments.1.start"  # the row that repeats another
    with pytest.raises(FieldError) as refused:
        UnitService().create(acting_user=admin, mission=world.mission, data={
            "contingent": "POL-MIL", "name": "B", "unit_type": "engineering", "classification": "PUBLIC",
            "deployments": [{"start": "2026-01-01", "site": "nowhere"}]})
    assert refused.value.field == "deployments.0.site"


def test_a_reference_names_only_what_the_writer_may_see(world):
    """A STRICTLY CONFIDENTIAL contingent the writer may not read is as absent as one that does not exist."""
    admin, writer = world.users["mission_admin"], world.users["analyst"]
    ContingentService().create(acting_user=admin, mission=world.mission, owner=world.owner, data={
        "name": "Secret", "country": "POL", "kind": "military", "source_id": "SECRET",
        "classification": "STRICTLY_CONFIDENTIAL"})
    from peaceops.core.models import RolePermission

    RolePermission.objects.get_or_create(role="analyst", permission="force.unit.add")  # the analyst may add units
    errors = []
    for name in ("SECRET", "NO-SUCH-CONTINGENT"):
        with pytest.raises(FieldError) as refused:
            UnitService().create(acting_user=writer, mission=world.mission, data={
                "contingent": name, "name": "U", "unit_type": "medical", "classification": "PUBLIC"})
        errors.append(str(refused.value).replace(name, "X"))
    assert errors[0] == errors[1] and errors[0].startswith("contingent:")
    unit = UnitService().create(acting_user=admin, mission=world.mission, data={  # who may read it names it
        "contingent": "SECRET", "name": "U", "unit_type": "medical", "classification": "PUBLIC"})
    assert unit.contingent.name == "Secret"


def test_the_history_page_names_changed_fields_by_their_labels(world, client):
    """A change reads "type" (the unit type's label), not the column name; a creation lists no fields."""
    admin = world.users["mission_admin"]
    contingent(world, world.mission, world.owner, admin)
    unit = UnitService().create(acting_user=admin, mission=world.mission, data={
        "contingent": "POL-MIL", "name": "A", "unit_type": "engineering", "classification": "PUBLIC"})
    UnitService().update(unit, acting_user=admin, changes={"unit_type": "medical"}, reason="re-roled")
    client.force_login(admin)
    page = client.get(f"/force/units/{unit.pk}/history/").content.decode()
    changed = [line for line in page.split('class="changed">')[1:]]
    assert len(changed) == 1 and changed[0].startswith("type<") and "unit_type" not in page
