"""A community member's message read into what a duty officer needs first: where, what, how bad, and in which
language to answer (issue 14, "Alerts from every channel").

    reading = read_message("UZBUNA Zvečan pucnjava kod škole", mission=unmik)
    reading.place.place.name, reading.category, reading.language  # "Zvečan", "shooting", "sr-latn"

Two forms are read. The short form starts with an alert word of any language (ALERT, ALARM, SOS, LAJMËRIM,
UZBUNA, УЗБУНА, UPOZORENJE), then the place, then what happens: the place is what stands before the first
separator (, : ; / |  -) if there is one, else the longest run of words after the alert word that names a
place; what follows is the description. Anything else is free text: its place is the best of the places its
phrases name (`places`), its description the whole message. In both, categories come from the keywords
(`vocabulary`), the severity from the categories and from words about casualties, the language from the words
and letters (`language`). A reading never fails: a message with nothing recognisable reads as no place, no
category, unknown severity, in the default language.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .categories import SEVERITY, incident_category
from .choices import SEVERE, Severity
from .language import guess_language, is_cyrillic
from .places import PlaceMatch, candidate_spans, find_in_text
from .tokens import Token, tokenize
from .vocabulary import PhraseMatch, Vocabulary, for_mission

#: What ends the place in the short form: "ALERT Zvečan: shooting", "ALERT Zvečan, shooting".
_SEPARATOR = re.compile(r"[,:;/|]|\s[-–—]\s")
#: Other places kept for the officer to choose from.
ALTERNATIVES = 3


@dataclass
class CategoryMatch:
    """A category the message names, with the words that named it."""

    code: str  # AlertCategory value
    words: str  # as written
    language: str  # the vocabulary the keyword comes from: en, sq, sr
    incident_category: str  # the mission's incident category path it suggests, "" when none


@dataclass
class Reading:
    """What a message says, as far as its words tell."""

    text: str
    language: str  # en, sq, sr-latn or sr (Cyrillic): the interface's codes, for the reply
    script: str  # "Latn" or "Cyrl"
    form: str  # "short" (ALERT <place> <what>) or "free"
    place: PlaceMatch | None
    alternatives: list[PlaceMatch] = field(default_factory=list)
    place_text: str = ""  # the short form's place as written ("" in free text without a place)
    categories: list[CategoryMatch] = field(default_factory=list)  # the most severe first
    severity: int = Severity.UNKNOWN
    description: str = ""

    @property
    def category(self) -> str:
        """The main category ("" when none): the most severe named, the first among equals."""
        return self.categories[0].code if self.categories else ""

    @property
    def incident_category(self) -> str:
        """The incident category path the main category suggests ("" when none)."""
        return self.categories[0].incident_category if self.categories else ""


def read_message(text: str, *, mission, incident_categories: Iterable[str] | None = None,
                 default_language: str = "en", vocabulary: Vocabulary | None = None) -> Reading:
    """Read one message for `mission` (its areas, named places and keywords count).
    `incident_categories`: the paths of the mission's incident taxonomy, so that a suggestion is one it has
    (None: the default taxonomy's); `vocabulary`: to read many messages with one (default: the mission's now)."""
    text = (text or "").replace("\x00", "")
    vocabulary = vocabulary or for_mission(mission)
    known = set(incident_categories) if incident_categories is not None else None
    tokens = tokenize(text)
    keys = [t.key for t in tokens]
    phrases = vocabulary.find_phrases(keys)
    language = guess_language(text, keys, phrases, vocabulary, default_language)
    reading = Reading(text=text, language=language, script="Cyrl" if is_cyrillic(text) else "Latn", form="free",
                      place=None, description=" ".join(text.split()))
    reading.categories, reading.severity = _categories(text, tokens, phrases, known)
    # Words naming a category are never a place; words about casualties may be ("gjak" of Gjakova is not).
    blocked = {i for match in phrases if match.phrase.meaning != SEVERE for i in range(match.start, match.end)}
    case_tells = any(t.capitalised for t in tokens[1:]) and any(not t.capitalised for t in tokens)
    places: list[PlaceMatch] = []
    if tokens and tokens[0].key in vocabulary.alert_words:
        reading.form = "short"
        places = _short_form(reading, tokens, blocked, vocabulary, mission, case_tells)
    if not places:
        spans = candidate_spans(tokens, blocked | {0} if reading.form == "short" else blocked, vocabulary,
                                case_tells)
        places = find_in_text(text, tokens, spans, mission=mission, language=language, case_tells=case_tells)
    if places:
        reading.place, reading.alternatives = places[0], _apart(places[0], places[1:])[:ALTERNATIVES]
    return reading


def _short_form(reading: Reading, tokens: list[Token], blocked: set[int], vocabulary: Vocabulary, mission,
                case_tells: bool) -> list[PlaceMatch]:
    """Read "ALERT <place> <what>": the place before a separator, or the longest run of words naming one."""
    first = next((i for i in range(1, len(tokens)) if not vocabulary.is_function_word(tokens[i].key)), None)
    if first is None:
        return []
    separator = _SEPARATOR.search(reading.text, tokens[first].start)
    if separator:
        slot = [i for i in range(first, len(tokens)) if tokens[i].end <= separator.start()]
        reading.place_text = reading.text[tokens[slot[0]].start:tokens[slot[-1]].end] if slot else ""
        reading.description = " ".join(reading.text[separator.end():].split())
        spans = [(slot[0], last) for last in reversed(slot)] + [(i, i) for i in slot[1:]] if slot else []
    else:
        last = min(len(tokens) - 1, first + 3)
        spans = [(first, end) for end in range(last, first - 1, -1)]
        reading.description = " ".join(reading.text[tokens[first].start:].split())
    spans = [(a, b) for a, b in spans if not any(i in blocked for i in range(a, b + 1))]
    found = find_in_text(reading.text, tokens, spans, mission=mission, language=reading.language,
                         case_tells=case_tells, slot=True)
    if found and not separator:
        reading.place_text = found[0].phrase
        reading.description = " ".join(reading.text[found[0].end:].split())
    return found


def _apart(chosen: PlaceMatch, others: list[PlaceMatch]) -> list[PlaceMatch]:
    """The other places, without those named by words overlapping the chosen place's that are not its own words
    (a shorter phrase inside it: "Mitrovicë" of "Mitrovicë e Veriut")."""
    return [m for m in others if m.end <= chosen.start or m.start >= chosen.end or m.phrase == chosen.phrase]


def _categories(text: str, tokens: list[Token], phrases: list[PhraseMatch],
                known: set[str] | None) -> tuple[list[CategoryMatch], int]:
    """The categories named, the most severe first, and the severity they and the casualty words suggest."""
    found: dict[str, CategoryMatch] = {}
    order: dict[str, int] = {}
    severe = False
    for match in phrases:
        code = match.phrase.meaning
        if code == SEVERE:
            severe = True
            continue
        if code not in found:
            words = text[tokens[match.start].start:tokens[match.end - 1].end]
            found[code] = CategoryMatch(code, words, match.phrase.language, incident_category(code, known))
            order[code] = match.start
    categories = sorted(found.values(), key=lambda c: (-SEVERITY[c.code], order[c.code]))
    if categories:
        severity = SEVERITY[categories[0].code]
        if severe:
            severity = min(Severity.CRITICAL, severity + 1)
    else:
        severity = Severity.MEDIUM if severe else Severity.UNKNOWN
    return categories, int(severity)
