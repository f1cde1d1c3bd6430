"""An export runs a fixed number of queries per chunk of incidents, never one (or more) per incident."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peaceops.incidents.formats.exporters import FORMATS, export_incidents
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.models import Incident
from peaceops.incidents.services import import_batch
from tests.factories import incident_data

from .seeds import day, exported_titles


def seed(mission, people, orgs, numbers: range) -> None:
    """Incidents numbered `numbers`, each with casualties, two actors, a source and a release to KFOR."""
    rows = [
        incident_data(
            title=f"Patrol report {n}", occurred_start=day(1 + n % 28), external_id=f"PR-{n}",
            classification="CONFIDENTIAL", releasable_to=["KFOR"],
            casualties=[CasualtyData(group="civilians", killed_best=1, killed_high=1)],
            actors=[ActorData(name=f"Group {n % 7}", role="perpetrator"), ActorData(name="Villagers", role="victim")],
            sources=[SourceData(type="patrol", reliability="B", credibility="2", reference=f"report {n}")],
        )
        for n in numbers
    ]
    result = import_batch(rows, acting_user=people["watch"], mission=mission, owner=orgs["UNMIK"])
    assert result.created == len(numbers)


def queries_for_export(user, fmt: str, chunk_size: int) -> tuple[int, str]:
    out = io.StringIO()
    queryset = Incident.objects.visible_to(user)
    with CaptureQueriesContext(connection) as captured:
        export_incidents(queryset, format=fmt, out=out, chunk_size=chunk_size)
    return len(captured), out.getvalue()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_thirty_and_three_hundred_incidents_take_the_same_queries(mission, people, orgs, fmt):
    kfor = people["kfor"]
    seed(mission, people, orgs, range(30))
    few, text = queries_for_export(kfor, fmt, chunk_size=1000)
    assert len(exported_titles(fmt, text)) == 30
    seed(mission, people, orgs, range(30, 300))
    many, text = queries_for_export(kfor, fmt, chunk_size=1000)
    assert len(exported_titles(fmt, text)) == 300
    assert many == few
    assert few == 5  # the incidents, then the casualties, actors, sources and releasability of the one chunk


def test_queries_grow_with_the_number_of_chunks(mission, people, orgs):
    kfor = people["kfor"]
    seed(mission, people, orgs, range(300))
    one_chunk, _ = queries_for_export(kfor, "csv", chunk_size=300)
    three_chunks, _ = queries_for_export(kfor, "csv", chunk_size=100)
    thirty_chunks, _ = queries_for_export(kfor, "csv", chunk_size=10)
    per_chunk = (three_chunks - one_chunk) // 2
    assert per_chunk >= 1 and three_chunks == one_chunk + 2 * per_chunk
    assert thirty_chunks == one_chunk + 29 * per_chunk
