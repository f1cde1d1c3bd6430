"""Script in every free-text field of an incident is shown as text on every page that shows it, never run.

An incident is reported with a script payload in its title, description, place name, actor names, source
reference and change reason (then edited, so the change history holds payloads too). Each page that shows
the incident must carry the escaped payload and never the raw tag. The COP popups and live list are built in
the browser from JSON with DOM text nodes: their data endpoints answer JSON, and the scripts never insert
HTML.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape

from peaceops.incidents.inputs import ActorData, IncidentData, SourceData
from peaceops.incidents.services import create_incident, update_incident

from .world import SPOT

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'


def payload(field: str) -> str:
    return f"{field} {SCRIPT}{ATTRIBUTE}"


FIELDS = ("title", "description", "location_name", "actor", "source", "reason")


@pytest.fixture
def hostile(security_world, db):
    """An UNMIK incident with a payload in every free-text field, reported and then edited."""
    world = security_world
    when = world.when + dt.timedelta(hours=1)
    data = IncidentData(
        title=payload("title") + " (first)", description=payload("description"), occurred_start=when,
        lon=SPOT[0], lat=SPOT[1], location_name=payload("location_name"), category_path="mission/inter-ethnic",
        actors=[ActorData(name=payload("actor"))], sources=[SourceData(type="patrol", reference=payload("source"))],
    )
    incident = create_incident(acting_user=world.users["watch"], mission=world.missions["UNMIK"], data=data)
    update_incident(incident, acting_user=world.users["watch"], changes={"title": payload("title")},
                    reason=payload("reason"))
    return incident


def page(world, url: str, **params) -> str:
    client = Client()
    client.force_login(world.users["watch"])
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assert_escaped(html: str, fields, where: str) -> None:
    assert "<script>alert(1)" not in html, f"raw script tag on {where}"
    assert "<img src=x onerror" not in html, f"raw img tag on {where}"
    for field in fields:
        assert escape(payload(field)) in html, f"{where} does not show the escaped {field}"


def test_incident_page_escapes_every_field_and_the_history(hostile, security_world):
    html = page(security_world, f"/incidents/{hostile.pk}/")
    assert_escaped(html, FIELDS, "the incident page")


def test_edit_form_escapes_every_field(hostile, security_world):
    html = page(security_world, f"/incidents/{hostile.pk}/edit/")
    assert_escaped(html, ("title", "description", "location_name", "actor", "source"), "the edit form")


@pytest.mark.parametrize("url", ["/", "/cop/list/"])
def test_cop_list_escapes_the_title(url, hostile, security_world):
    assert_escaped(page(security_world, url), ("title",), url)


def test_dashboard_and_situation_report_escape_title_and_place(hostile, security_world):
    html = page(security_world, "/dashboard/", day=security_world.when.date().isoformat())
    assert_escaped(html, ("title", "location_name"), "the dashboard")


def test_possible_duplicates_escape_title(hostile, security_world):
    world = security_world
    html = page(world, "/incidents/duplicates/", mission=world.missions["UNMIK"].pk, lon=SPOT[0], lat=SPOT[1],
                occurred_start=(world.when + dt.timedelta(hours=1)).isoformat())
    assert_escaped(html, ("title", "location_name"), "the duplicates partial")


@pytest.mark.parametrize("url", ["/cop/points.geojson", "/cop/live?since=0"])
def test_map_popup_and_live_data_is_json_not_html(url, hostile, security_world, settings):
    """Popups and the live list read titles from these answers and set them as text (see below)."""
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 0.05
    client = Client()
    client.force_login(security_world.users["watch"])
    response = client.get(url)
    assert response["Content-Type"].split(";")[0] in ("application/json", "text/event-stream")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "alert(1)" in body.decode(), "the payload is there, as data"


_SCRIPT_DIRS = [Path(__file__).parents[2] / "peaceops" / d for d in ("web", "incidents", "core")]
_HTML_SINKS = re.compile(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|setHTML\(")


def test_platform_scripts_never_insert_html():
    """The COP and form scripts build popups and lists with text nodes: no HTML sink takes data."""
    scripts = [p for d in _SCRIPT_DIRS for p in d.rglob("*.js") if "vendor" not in p.parts]
    assert scripts
    offenders = [f"{p.name}: {m.group(0)}" for p in scripts for m in _HTML_SINKS.finditer(p.read_text())]
    assert not offenders, offenders


def test_situation_report_document_keeps_the_payload_as_text(hostile, security_world):
    """The .docx is XML: the payload must arrive as the text of a paragraph or cell, not break the document."""
    import io

    from docx import Document

    client = Client()
    client.force_login(security_world.users["watch"])
    response = client.get("/dashboard/sitrep.docx", {"day": security_world.when.date().isoformat()})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(payload("title") in text for text in texts)
