"""The kit's child choices (`RecordPages(child_choices=...)`): a child list that only names other records of the
mission is a multiple choice on the record's form, offering the mission's records the user may see, never another
mission's; a patrol's units are the record type that has one (tests/operations/test_patrol_pages.py drives the
whole form)."""

from peaceops.core.kit.views import RecordPages
from peaceops.force.services import ContingentService, UnitService
from peaceops.operations.filters import PatrolFilter
from peaceops.operations.services import PatrolService
from peaceops.testing import world


def unit(admin, mission, name, classification="PUBLIC"):
    contingent = ContingentService().create(acting_user=admin, mission=mission, data={
        "name": f"{name} contingent", "country": "POL", "kind": "military", "classification": "PUBLIC"})
    return UnitService().create(acting_user=admin, mission=mission, data={
        "contingent": contingent.pk, "name": name, "unit_type": "infantry_battalion",
        "classification": classification})


def test_a_reference_child_is_a_choice_of_the_missions_records_the_user_sees(mission, people):
    shown = unit(people["admin"], mission, "Shown battalion")
    confidential = unit(people["admin"], mission, "Confidential battalion", "CONFIDENTIAL")
    elsewhere = unit(world.person("minusca-admin"), world.mission("MINUSCA"), "MINUSCA battalion")
    pages = RecordPages(service=PatrolService(), filterset=PatrolFilter, namespace="patrols",
                        child_choices={"units": "unit"})
    fields = ("name", "planned_start", "planned_end")
    for user, expected in ((people["watch"], {shown, confidential}), (people["osce"], {shown})):
        form = pages._form_class(mission, fields, user)()
        field = form.fields["units"]
        assert set(field.queryset) == expected
        assert elsewhere not in field.queryset
        assert field.required is False and str(field.label) == "Units"
    form = pages._form_class(mission, fields, people["osce"])(data={"units": [str(confidential.pk)]})
    form.is_valid()
    assert "units" in form.errors  # a record the user may not see cannot be named either
