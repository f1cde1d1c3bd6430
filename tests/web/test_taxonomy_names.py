"""Taxonomy names in Albanian and Serbian: new missions get them, old ones are filled, edits are kept."""

import pytest
from django.core.management import call_command
from django.template import Context, Template

from peaceops.incidents.models import Category
from peaceops.incidents.taxonomy import install_default_taxonomy
from tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


def test_a_new_mission_has_albanian_and_serbian_category_names(mission):
    category = Category.objects.get(mission=mission, path="mission/inter-ethnic")
    assert category.names == {"sq": "Incident ndëretnik", "sr-latn": "Međuetnički incident"}
    untranslated = Category.objects.filter(mission=mission).exclude(names__has_key="sq")
    assert not untranslated.exists()


def test_missing_names_are_filled_and_edited_names_kept(mission, capsys):
    crime = Category.objects.get(mission=mission, path="mission/crime")
    crime.names = {"sq": "Krim i rëndë"}
    crime.save()
    Category.objects.filter(mission=mission, path="mission/arrest").update(names={})
    call_command("translate_taxonomy", "--mission", "UNMIK")
    assert "2 categories" in capsys.readouterr().out
    crime.refresh_from_db()
    assert crime.names == {"sq": "Krim i rëndë", "sr-latn": "Kriminal"}
    assert Category.objects.get(mission=mission, path="mission/arrest").names["sr-latn"] == "Hapšenje"


def test_install_default_taxonomy_fills_names_of_existing_categories(db):
    other = MissionFactory(code="MINUSCA")
    Category.objects.filter(mission=other).update(names={})
    assert install_default_taxonomy(other) == 0
    assert Category.objects.get(mission=other, path="acled/riots").names == {"sq": "Trazira", "sr-latn": "Neredi"}


@pytest.mark.parametrize("language,expected", [
    ("sq", "Incident ndëretnik"), ("sr-latn", "Međuetnički incident"), ("en", "Inter-ethnic incident"),
    ("sr", "Међуетнички инцидент"),  # Serbian Cyrillic: the Latin name written in Cyrillic
    ("de", "Inter-ethnic incident"),
])
def test_category_name_filter(mission, language, expected):
    category = Category.objects.get(mission=mission, path="mission/inter-ethnic")
    rendered = Template("{% load peaceops_names %}{{ c|category_name:lang }}").render(
        Context({"c": category, "lang": language}))
    assert rendered == expected
