"""The labelled messages of tests/fixtures/alerts/messages.tsv (realistic community alerts in English,
Albanian and Serbian, Latin and Cyrillic, with misspellings, inflected names and no diacritics), and how a
reading is compared with what a duty officer expects: the place by its English name (any of several where
either reading is right: the town or its municipality), the main category, the reply's language."""

import csv
from dataclasses import dataclass
from pathlib import Path

MESSAGES = Path(__file__).parent.parent / "fixtures" / "alerts" / "messages.tsv"


@dataclass(frozen=True)
class Labelled:
    text: str
    places: tuple[str, ...]  # English names any of which is right; () = the message names no place
    category: str
    language: str


def labelled(path: Path = MESSAGES) -> list[Labelled]:
    """The messages of a labelled file (default messages.tsv, the set the reader was tuned on)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return [Labelled(row["text"], tuple(p for p in row["places"].strip().split("|") if p), row["category"],
                         row["language"]) for row in csv.DictReader(stream, delimiter="\t")]


def english_name(match) -> str:
    """The name a reading's place has in English (gazetteer places: their GeoNames name)."""
    from peaceops.geo.models import AdminArea, NamedPlace, Place

    hit = match.place
    if hit.source == "area":
        return AdminArea.objects.get(pk=hit.id).name_in("en")
    if hit.source == "named":
        return NamedPlace.objects.get(pk=hit.id).name_in("en")
    return Place.objects.get(pk=hit.id).name


def place_score(readings_and_labels) -> tuple[float, float]:
    """(precision, recall) of the places read: right places over places read, over places named."""
    read = right = named = 0
    for reading, label in readings_and_labels:
        named += bool(label.places)
        if reading.place is not None:
            read += 1
            right += english_name(reading.place) in label.places
    return (right / read if read else 1.0), (right / named if named else 1.0)



def held_out() -> list[Labelled]:
    """The messages of held_out.tsv, written after the reader was tuned on messages.tsv."""
    return labelled(MESSAGES.parent / "held_out.tsv")
