"""The situation report as a Word document: it opens with python-docx and lists the day's visible incidents."""

import datetime as dt
import io

import docx
import pytest

from peaceops.testing.world import Seed, create, make_areas

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def day_incidents(mission, people):
    make_areas(mission)
    at = dt.datetime.combine(DAY, dt.time(8, 15), tzinfo=dt.UTC)
    seeds = [
        Seed(at, "mission/inter-ethnic", 2, 1, "Westmark", "PUBLIC", "UNMIK", "Stones thrown at a bus"),
        Seed(at + dt.timedelta(hours=3), "mission/crime", 0, 0, "Northeast", "PUBLIC", "KFOR", "Cattle theft"),
        Seed(at + dt.timedelta(hours=5), "mission/crime", 1, 0, "Eastfield", "CONFIDENTIAL", "UNMIK",
             "Confidential source report"),
        Seed(at - dt.timedelta(days=1), "mission/crime", 0, 0, "Eastfield", "PUBLIC", "UNMIK", "The day before"),
        Seed(at + dt.timedelta(days=1), "mission/crime", 0, 0, "Eastfield", "PUBLIC", "UNMIK", "The day after"),
    ]
    create(seeds, mission, people)
    return seeds


def test_docx_opens_and_lists_the_days_incidents_by_region(client_as, people, day_incidents):
    response = client_as(people["watch"]).get(f"/dashboard/sitrep.docx?day={DAY}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert f"sitrep-UNMIK-{DAY}.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = _text(document)
    for title in ("Stones thrown at a bus", "Cattle theft", "Confidential source report"):
        assert title in text
    assert "The day before" not in text and "The day after" not in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["East: 2 incidents, 1 killed, 0 injured", "West: 1 incident, 2 killed, 1 injured"]
    assert "3 incidents, 3 killed, 1 injured" in text
    # The marking is the highest classification in the report.
    assert document.sections[0].header.paragraphs[0].text == "CONFIDENTIAL"


def test_kfor_docx_leaves_out_unmik_confidential_and_is_marked_public(client_as, people, day_incidents):
    response = client_as(people["kfor"]).get(f"/dashboard/sitrep.docx?day={DAY}")
    text = _text(docx.Document(io.BytesIO(response.content)))
    assert "Cattle theft" in text and "Stones thrown at a bus" in text
    assert "Confidential source report" not in text
    assert "2 incidents, 2 killed, 1 injured" in text
    assert docx.Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text == "PUBLIC"


def test_docx_refuses_a_bad_day(client_as, people):
    response = client_as(people["watch"]).get("/dashboard/sitrep.docx?day=10/03/2026")
    assert response.status_code == 400 and b"day" in response.content


def test_printable_page_has_print_stylesheet_and_button(client_as, people, day_incidents):
    page = client_as(people["watch"]).get(f"/dashboard/?day={DAY}").content.decode()
    assert "web/dashboard.css" in page and "data-print" in page
    assert f"/dashboard/sitrep.docx?day={DAY}" in page
