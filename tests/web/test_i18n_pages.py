"""The report form, the COP's list (with its pagination) and an incident's history in Albanian, Serbian Latin and
Serbian Cyrillic, as a user who chose the language sees them: every choice, status, classification, history
action and pagination word in that language, no English left."""

import datetime as dt
import re

import pytest
from django.utils import translation
from lxml import html

from peaceops.core.choices import Classification
from peaceops.incidents.choices import (
    ActorRole,
    ActorType,
    CasualtyGroup,
    Credibility,
    IncidentStatus,
    LocationPrecision,
    Reliability,
    SourceType,
    TimePrecision,
)
from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData
from peaceops.incidents.services import create_incident, update_incident
from tests.factories import incident_data

pytestmark = pytest.mark.django_db

#: English words the pages showed in Albanian and Serbian before: a page in another language must not have them.
ENGLISH = ["Draft", "Reported", "Verified", "Closed", "To the minute", "To the hour", "Within a few days",
           "Year or longer", "Near (within about 25 km)", "Perpetrator", "Target", "Victim", "Witness",
           "State forces", "Rebel group", "Protesters", "Civilians", "United Nations", "UN personnel",
           "Security forces", "Other / unknown", "Community alert network", "Social media", "Completely reliable",
           "Usually reliable", "Probably true", "Truth cannot be judged", "Public", "Confidential",
           "Strictly confidential", "Created", "Updated", "by", "releasable to", "previous", "next", "Report an incident",
           "What happened", "Classification", "Sources", "Actors", "Casualties", "Field", "Before", "After"]
#: The choices of the report form, all of which it offers in the reader's language.
FORM_CHOICES = [IncidentStatus, TimePrecision, LocationPrecision, Classification, ActorRole, ActorType, SourceType,
                Reliability, Credibility]
#: Choices whose translation is spelled as in English.
SAME_AS_ENGLISH = {"sq": {"Media"}, "sr-latn": {"Region (admin-1)"}, "sr": set()}
#: Latin-script words a Cyrillic page may have: codes, the product, the other languages' own names.
CODES = {"UNMIK", "KFOR", "OSCE", "UTC", "PeaceOps", "Shqip", "Srpski", "latinica", "CSV", "GeoJSON", "HXL", "UCDP",
         "GED", "ACLED", "PUBLIC", "CONFIDENTIAL", "STRICTLY", "UN", "A", "B", "C", "D", "E", "F", "Mitrovica",
         "Mitrovicë", "JPEG", "PNG", "WebP", "MB"}


@pytest.fixture
def world(people, mission):
    """An incident reported, then verified, reclassified and retimed: its history has a creation and a change of
    choice fields."""
    incident = create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
        title="Stones thrown", actors=[ActorData(name="Youths", role="perpetrator", type="protesters")],
        sources=[SourceData(type="police", reliability="B", credibility="2")],
        casualties=[CasualtyData(group="civilians", injured_low=1, injured_best=1, injured_high=2)]))
    update_incident(incident, acting_user=people["watch"], changes={
        "status": "verified", "classification": "CONFIDENTIAL", "time_precision": "hour"})
    for day, title in ((2, "Roadblock"), (3, "Checkpoint")):  # the list's pages: Checkpoint, Roadblock, Stones
        create_incident(acting_user=people["watch"], mission=mission, data=incident_data(
            title=title, occurred_start=dt.datetime(2026, 3, day, 9, 0, tzinfo=dt.UTC)))
    return incident


def _page(client, url) -> tuple[str, list[str]]:
    """What a reader sees: the text of the page (no scripts), with the texts of its options, and its hints
    (placeholder, title, aria-label)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = html.fromstring(response.content.decode())
    for node in page.xpath("//script|//style"):
        node.drop_tree()
    hints = [value for node in page.xpath("//*[@placeholder or @title or @aria-label]")
             for value in (node.get("placeholder"), node.get("title"), node.get("aria-label")) if value]
    return " ".join([*page.itertext(), *hints]), [" ".join(o.text_content().split()) for o in page.xpath("//option")]


def _in(language, client):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


LANGUAGES = ["sq", "sr-latn", "sr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_form_has_no_english_left(client_as, people, world, language):
    """Every choice of the report form in the reader's language (status, precisions, actors, casualty groups,
    sources and their grading, classification), and none of the English words it had."""
    text, options = _page(_in(language, client_as(people["watch"])), "/incidents/new/")
    with translation.override(language):
        for choices in FORM_CHOICES:
            for choice in choices:
                assert str(choice.label) in options, (choices.__name__, choice.label)
        for group in CasualtyGroup:  # the rows of the casualty table
            assert str(group.label) in text, group.label
    with translation.override("en"):
        english = {str(choice.label) for choices in FORM_CHOICES for choice in choices}
    assert english & set(options) == SAME_AS_ENGLISH[language]
    _no_english(text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cop_list_and_pagination_have_no_english_left(client_as, people, world, language, monkeypatch):
    """The COP's list: column heads, status, classification and the pagination in the reader's language."""
    monkeypatch.setattr("peaceops.web.cop.views.PAGE_SIZE", 1)
    client = _in(language, client_as(people["watch"]))
    text, _options = _page(client, "/cop/list/?page=2")
    with translation.override(language):
        expected = ["Roadblock", str(IncidentStatus.REPORTED.label), str(Classification.PUBLIC.label), "2", "3"]
        assert translation.gettext("previous") != "previous" and translation.gettext("next") != "next"
        expected += [translation.gettext("previous"), translation.gettext("next")]
    for word in expected:
        assert word in text, word
    _no_english(text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_incident_history_has_no_english_left(client_as, people, world, language):
    """The change history: actions ("Created", "Updated"), the changed fields and their values before and after
    (status, classification, time precision) in the reader's language; the classification marking stays."""
    text, _options = _page(_in(language, client_as(people["watch"])), f"/incidents/{world.pk}/")
    with translation.override(language):
        for word in [translation.gettext("Created"), translation.gettext("Updated"),
                     str(IncidentStatus.REPORTED.label), str(IncidentStatus.VERIFIED.label),
                     str(Classification.PUBLIC.label), str(Classification.CONFIDENTIAL.label),
                     str(TimePrecision.DAY.label), str(TimePrecision.HOUR.label), str(ActorRole.PERPETRATOR.label),
                     str(CasualtyGroup.CIVILIANS.label), str(SourceType.POLICE.label),
                     translation.gettext("%(marking)s - releasable to %(organisations)s")
                     % {"marking": "CONFIDENTIAL", "organisations": "UNMIK"}]:
            assert word in text, word
    _no_english(text, language)


def _no_english(text: str, language: str) -> None:
    found = [word for word in ENGLISH if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)]
    assert found == [], language
    if language == "sr":  # Cyrillic: any Latin word but codes and the data typed in (titles, names) is English
        data = {"watch", "Stones", "thrown", "Youths", "Roadblock", "Checkpoint", "Organisation", "Interim",
                "Administration", "Mission", "in", "Kosovo", "Stone", "throwing", "at", "a", "bus", "near", "the",
                "bridge"}
        latin = set(re.findall(r"[A-Za-zčćžšđČĆŽŠĐë]+", text)) - CODES - data
        assert latin == set()


@pytest.mark.parametrize("language,title,confidential", [
    ("sq", "Raporti ditor i situatës", "Konfidencial"),
    ("sr-latn", "Dnevni izveštaj o situaciji", "Poverljivo"),
    ("sr", "Дневни извештај о ситуацији", "Поверљиво"),
])
def test_word_report_in_the_readers_language(client_as, people, world, language, title, confidential):
    """The Word situation report: heading and the classification column in the reader's language; the marking
    at the top and bottom of its pages stays the marking itself."""
    import io

    import docx

    client = _in(language, client_as(people["watch"]))
    document = docx.Document(io.BytesIO(client.get("/dashboard/sitrep.docx?day=2026-03-01").content))
    assert document.paragraphs[0].text == title
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert confidential in cells and "Confidential" not in cells
    assert document.sections[0].header.paragraphs[0].text == "CONFIDENTIAL"
