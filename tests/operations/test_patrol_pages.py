"""The patrol planning pages as a user drives them, without JavaScript: the route typed as JSON in the text box,
a bad route's error on its field, units and leader chosen, "Save as a route", who may plan, and the list that
opens on today's patrols."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from peaceops.force.services import ContingentService, UnitService
from peaceops.operations.models import Patrol, PatrolRoute
from peaceops.operations.services import PatrolService

LINE = [[20.86, 42.89], [20.87, 42.9], [20.88, 42.905]]


@pytest.fixture
def units(mission, people):
    admin = people["admin"]
    contingent = ContingentService().create(acting_user=admin, mission=mission, data={
        "name": "Polish contingent", "country": "POL", "kind": "military", "classification": "PUBLIC"})
    return [UnitService().create(acting_user=admin, mission=mission, data={
        "contingent": contingent.pk, "name": name, "unit_type": "infantry_battalion", "classification": "PUBLIC"})
        for name in ("POLUKRBAT Alpha", "POLUKRBAT Bravo")]


def plan(**changes) -> dict:
    form = {"name": "Mobile patrol Zvečan", "patrol_type": "mobile", "time_of_day": "day",
            "planned_start": "2026-03-01T08:00", "planned_end": "2026-03-01T14:00", "path": json.dumps(LINE),
            "classification": "PUBLIC"}
    return {**form, **changes}


def test_a_patrol_planned_without_javascript_keeps_the_typed_route_units_and_leader(client_as, people, units, orgs):
    client = client_as(people["watch"])
    answer = client.post(reverse("patrols:create"), plan(units=[str(units[1].pk)], leader=people["reporter"].pk,
                                                        joint_with=orgs["KFOR"].pk))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    patrol = Patrol.objects.get(name="Mobile patrol Zvečan")
    assert patrol.path == LINE
    assert [u.unit_id for u in patrol.units.all()] == [units[1].pk]
    assert patrol.leader == people["reporter"]
    assert sorted(o.code for o in patrol.released_organisations()) == ["KFOR"]  # joint: released to the partner
    page = client.get(answer["Location"]).content.decode()
    assert "POLUKRBAT Bravo" in page and "POLUKRBAT Alpha" not in page
    data = json.loads(page.split('id="patrol-map-data" type="application/json">')[1].split("</script>")[0])
    assert data["path"] == LINE and data["track"] == [] and data["observations"] == []


def test_the_edit_form_shows_the_chosen_units_and_changes_them(client_as, people, units, mission):
    patrol = PatrolService().create(acting_user=people["watch"], mission=mission, data={
        **plan(), "path": LINE, "planned_start": "2026-03-01T08:00:00Z", "planned_end": "2026-03-01T14:00:00Z",
        "units": [{"unit": units[0].pk}]})
    client = client_as(people["watch"])
    form = client.get(reverse("patrols:edit", args=[patrol.pk])).content.decode()
    assert f'value="{units[0].pk}" id="id_units_0" checked' in form or (
        f'value="{units[0].pk}"' in form and "checked" in form.split(f'value="{units[0].pk}"')[1].split(">")[0])
    answer = client.post(reverse("patrols:edit", args=[patrol.pk]),
                         plan(units=[str(units[0].pk), str(units[1].pk)], path=json.dumps(LINE[:2])))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    patrol.refresh_from_db()
    assert sorted(u.unit_id for u in patrol.units.all()) == sorted(u.pk for u in units)
    assert patrol.path == LINE[:2]


@pytest.mark.parametrize("path,shown", [
    ("[[20.86, 42.89]]", "Planned route must be a line of two points or more"),
    ("[[20.86, 42.89], [200, 42]]", "Planned route (1) is not a position on Earth"),
    ("not json", "Enter a valid JSON"),
])
def test_a_bad_route_shows_its_error_on_the_route_field(client_as, people, path, shown):
    answer = client_as(people["watch"]).post(reverse("patrols:create"), plan(path=path))
    assert answer.status_code == 422
    assert shown in str(answer.context["form"].errors["path"])
    assert 'id="field-path"' in answer.content.decode() and "has-error" in answer.content.decode()
    assert not Patrol.objects.exists()


def test_save_as_a_route_also_keeps_the_drawn_line_as_a_saved_route(client_as, people):
    answer = client_as(people["reporter"]).post(reverse("patrols:create"),
                                                plan(save_as_route="on", route_name="Zvečan loop"))
    assert answer.status_code == 302
    route = PatrolRoute.objects.get()
    patrol = Patrol.objects.get()
    assert (route.name, route.path, patrol.route_id) == ("Zvečan loop", LINE, route.pk)


def test_save_as_a_route_without_a_drawn_route_saves_nothing(client_as, people):
    answer = client_as(people["reporter"]).post(reverse("patrols:create"), plan(path="", save_as_route="on"))
    assert answer.status_code == 422
    assert "path" in answer.context["form"].errors
    assert not Patrol.objects.exists() and not PatrolRoute.objects.exists()


def test_the_leader_is_a_member_of_the_mission(client_as, people, mission):
    from peaceops.testing import world

    outsider = world.person("minusca-admin")
    client = client_as(people["watch"])
    choices = client.get(reverse("patrols:create")).context["form"].fields["leader"].queryset
    assert people["reporter"] in choices and outsider not in choices
    answer = client.post(reverse("patrols:create"), plan(leader=outsider.pk))
    assert answer.status_code == 422 and "leader" in answer.context["form"].errors


def test_a_reporter_may_plan_and_a_viewer_may_not(client_as, people):
    assert client_as(people["reporter"]).get(reverse("patrols:create")).status_code == 200
    viewer = client_as(people["viewer"])
    assert viewer.get(reverse("patrols:create")).status_code == 403
    assert viewer.post(reverse("patrols:create"), plan()).status_code == 403
    assert not Patrol.objects.exists()


def test_the_list_opens_on_todays_patrols_with_a_switch_to_all(client_as, people, mission):
    now = timezone.now().replace(microsecond=0)
    day = dt.timedelta(days=1)
    hour = dt.timedelta(hours=1)
    service = PatrolService()

    def patrol(name, start, end, status=None):
        made = service.create(acting_user=people["watch"], mission=mission, data={
            "name": name, "planned_start": start, "planned_end": end, "classification": "PUBLIC"})
        if status:  # the run's own functions are another part's; the state is set as it would be
            Patrol.objects.filter(pk=made.pk).update(status=status)

    patrol("Today's foot patrol", now, now + hour)
    patrol("Yesterday's patrol", now - 2 * day, now - 2 * day + hour)
    patrol("Long patrol still out", now - 3 * day, now - 3 * day + hour, status="under_way")
    patrol("Next week's patrol", now + 7 * day, now + 7 * day + hour)
    client = client_as(people["viewer"])
    default = client.get(reverse("patrols:list"))
    names = {row.record.name for row in default.context["table"].rows}
    assert names == {"Today's foot patrol", "Long patrol still out"}
    assert default.context["today"] is True
    everything = client.get(reverse("patrols:list"), {"view": "all"})
    assert {row.record.name for row in everything.context["table"].rows} == {
        "Today's foot patrol", "Yesterday's patrol", "Long patrol still out", "Next week's patrol"}
    filtered = client.get(reverse("patrols:list"), {"view": "all", "status": "under_way"})
    assert [row.record.name for row in filtered.context["table"].rows] == ["Long patrol still out"]
    dated = client.get(reverse("patrols:list"), {"view": "all", "since": (now + 6 * day).date().isoformat()})
    assert [row.record.name for row in dated.context["table"].rows] == ["Next week's patrol"]
    assert 'class="badge patrol-status status-under_way"' in everything.content.decode()


def test_a_saved_route_is_drawn_on_its_form_and_shown_on_its_page(client_as, people):
    client = client_as(people["reporter"])
    form = client.get(reverse("patrol_routes:create")).content.decode()
    assert 'id="patrol-map"' in form and 'data-mode="draw"' in form and 'name="path"' in form
    answer = client.post(reverse("patrol_routes:create"), {"name": "Bridge loop", "path": json.dumps(LINE),
                                                           "classification": "PUBLIC"})
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    data = json.loads(page.split('id="patrol-map-data" type="application/json">')[1].split("</script>")[0])
    assert data["path"] == LINE


def test_the_api_refuses_a_leader_or_partner_from_outside_the_mission(db):
    """The service checks what the form offers: a leader who is a member of the mission, a partner taking part."""
    from peaceops.core.kit.errors import FieldError
    from peaceops.operations.services import PatrolService
    from peaceops.testing import world as seeded

    unmik, watch, outsider = seeded.mission("UNMIK"), seeded.person("watch"), seeded.person("minusca-admin")
    seeded.person("kfor")  # KFOR takes part in UNMIK
    data = {"name": "P", "planned_start": "2026-03-01T08:00:00Z", "planned_end": "2026-03-01T10:00:00Z"}
    for extra, field in (({"leader": outsider.username}, "leader"), ({"joint_with": "MINUSCA"}, "joint_with")):
        with pytest.raises(FieldError) as refused:
            PatrolService().create(acting_user=watch, mission=unmik, data={**data, **extra})
        assert refused.value.field == field
    made = PatrolService().create(acting_user=watch, mission=unmik, data={**data, "leader": watch.username,
                                                                         "joint_with": "KFOR"})
    assert made.leader == watch and "KFOR" in PatrolService().to_data(made)["releasable_to"]
