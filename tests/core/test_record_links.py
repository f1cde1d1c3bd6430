"""Record links (`core.kit.links`), generically: two records of any kit types linked with a kind and the admiralty
grading, by whom and when, logged on both records; a record's links show only the linked records the reader may
see."""

import pytest
from django.utils import timezone

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.links import link, links_of
from peaceops.core.models import ChangeLogEntry, RecordLink
from peaceops.core.services import PermissionDenied
from peaceops.incidents.inputs import IncidentData
from peaceops.incidents.services import create_incident
from peaceops.sites.services import SiteService
from peaceops.testing import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kosovo():
    mission = world.mission("UNMIK")
    return mission, world.people("watch", "admin", "kfor", "viewer")


def _incident(user, mission, classification="CONFIDENTIAL", released=()):
    data = IncidentData(title="Shots near the bridge", occurred_start=timezone.now(), lon=20.87, lat=42.89,
                        classification=classification, releasable_to=list(released))
    return create_incident(acting_user=user, mission=mission, data=data)


def _site(user, mission, classification="CONFIDENTIAL"):
    return SiteService().create(acting_user=user, mission=mission, data={
        "name": "Team site Zubin Potok", "lon": 20.69, "lat": 42.91, "classification": classification})


def test_a_link_is_graded_logged_on_both_records_and_read_from_either_end(kosovo):
    mission, people = kosovo
    site, incident = _site(people["admin"], mission), _incident(people["watch"], mission)
    row = link(site, incident, kind="source", acting_user=people["admin"], reliability="b", credibility="2")
    assert (row.grading, row.linked_by, row.kind) == ("B2", people["admin"], "source") and row.linked_at
    for record, role in ((site, "from"), (incident, "to")):
        entry = ChangeLogEntry.objects.filter(object_id=str(record.pk)).latest("id")
        assert entry.actor == people["admin"] and entry.after["link"]["role"] == role
        assert entry.after["link"]["reliability"] == "B" and str(site.pk if role == "to" else incident.pk) \
            not in str(entry.after["link"])  # the other end's id stays in the link row, not in the history
    [from_incident] = links_of(incident, people["admin"])
    assert from_incident.other == site and not from_incident.outgoing
    [from_site] = links_of(site, people["admin"], kind="source")
    assert from_site.other == incident and from_site.outgoing
    assert links_of(site, people["admin"], kind="related") == []

    again = link(site, incident, kind="source", acting_user=people["admin"], reliability="C", credibility="3")
    assert again.pk == row.pk and RecordLink.objects.get().grading == "C3"


def test_a_reader_sees_only_the_linked_records_they_may_read(kosovo):
    mission, people = kosovo
    strict_site = _site(people["admin"], mission, classification="STRICTLY_CONFIDENTIAL")
    incident = _incident(people["watch"], mission, released=["KFOR"])
    link(strict_site, incident, acting_user=people["admin"], reliability="A", credibility="1")
    assert [x.other for x in links_of(incident, people["admin"])] == [strict_site]
    assert links_of(incident, people["watch"]) == []  # the watch officer does not read the strictly confidential site
    assert links_of(incident, people["kfor"]) == []


def test_links_refuse_bad_gradings_other_missions_and_records_the_user_does_not_see(kosovo):
    mission, people = kosovo
    site, incident = _site(people["admin"], mission), _incident(people["watch"], mission)
    with pytest.raises(FieldError) as bad:
        link(site, incident, acting_user=people["admin"], reliability="G")
    assert bad.value.field == "reliability"
    with pytest.raises(FieldError) as bad:
        link(site, incident, acting_user=people["admin"], credibility="7")
    assert bad.value.field == "credibility"
    with pytest.raises(FieldError):
        link(site, incident, kind="rumour", acting_user=people["admin"])
    strict = _site(people["admin"], mission, classification="STRICTLY_CONFIDENTIAL")
    with pytest.raises(PermissionDenied):
        link(strict, incident, acting_user=people["watch"])
    minusca = world.mission("MINUSCA")
    elsewhere = _incident(world.person("minusca-admin"), minusca)
    with pytest.raises(FieldError) as bad:
        link(site, elsewhere, acting_user=people["admin"])
    assert bad.value.field == "target"
    assert not RecordLink.objects.exists()
